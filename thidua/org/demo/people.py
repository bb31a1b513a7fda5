"""Synthetic people for the demo: invented, plausible, and the same on every run.

A ``random.Random`` with a fixed seed draws the people one after another, so person number
``i`` is the same whatever the total asked for (loading 100 people, then 3,000, gives the
first 100 again).  The lists below are hand-made; no real person is described.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from thidua.core.text import nfc
from thidua.org.demo.data import UnitSpec

SEED = 2020
CODE_PREFIX = "BL-P"

# Family names with rough weights (their shares in the South of Vietnam).
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 36),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 6),
    ("Huỳnh", 5),
    ("Hoàng", 3),
    ("Phan", 4),
    ("Võ", 5),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 1),
    ("Trương", 2),
    ("Đoàn", 1),
    ("Tô", 1),
    ("Lâm", 1),
    ("Châu", 1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Minh", "Hoàng", "Thanh", "Quốc", "Hữu", "Đức", "Tấn", "Chí")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Thu", "Mỹ", "Hồng", "Bích", "Thúy")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Hải", "Phúc", "Minh", "Khang", "Tài", "Lộc", "Thành", "Trung",
    "Nghĩa", "Hiếu", "Long", "Tâm", "Bình", "Phong", "Sơn", "Toàn", "Vinh", "Khoa", "Nam",
    "Quang", "Hậu", "Thắng", "Cường", "Hòa", "Tín", "Nhân", "Đạt", "Huy", "Trí", "Lợi", "Em",
)  # fmt: skip
FEMALE_GIVEN = (
    "Lan", "Hương", "Mai", "Hoa", "Hạnh", "Nhung", "Thảo", "Trang", "Linh", "Ngân", "Tuyết",
    "Phượng", "Yến", "Diễm", "Loan", "Hằng", "Nga", "Thủy", "Vân", "Châu", "Trinh", "Oanh",
    "Huyền", "Xuân", "Thư", "My", "Nhi", "Hiền", "Quyên", "Dung", "Thắm", "Bé",
)  # fmt: skip

# Khmer names as they are usually written in Vietnamese records in the Mekong delta.
KHMER_FAMILY = ("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu", "Trà")
KHMER_MALE_GIVEN = ("Sô Phol", "Sa Rết", "Chanh Đa", "Sa Ry", "Rươl", "Pho", "Sóc Kha", "Sa Vet")
KHMER_FEMALE_GIVEN = ("Thị Sa Ranh", "Thị Sô Phia", "Thị Chanh Thu", "Thị Sà Pha", "Thị Mỹ Linh")
# Families of Chinese (Hoa) descent use Vietnamese readings of their names.
HOA_FAMILY = ("Lý", "Quách", "Tăng", "Hứa", "La", "Lưu", "Mã", "Tạ", "Trương")

ETHNICITY_WEIGHTS = (("Kinh", 90), ("Khmer", 7), ("Hoa", 3))


@dataclass(frozen=True)
class Title:
    title: str
    category: str = ""  # PersonCategory value
    weight: int = 1


@dataclass(frozen=True)
class Profile:
    """Job titles of a kind of unit: ``heads`` go, in order, to the first people placed in
    a unit; the rest draw from ``pool``."""

    heads: tuple[str, ...]
    pool: tuple[Title, ...]


_CIVIL = (Title("Chuyên viên", weight=6), Title("Chuyên viên chính", weight=2))

PROFILES: dict[str, Profile] = {
    "office": Profile(
        heads=("Chánh Văn phòng", "Phó Chánh Văn phòng", "Phó Chánh Văn phòng"),
        pool=(*_CIVIL, Title("Trưởng phòng"), Title("Văn thư"), Title("Lái xe")),
    ),
    "department": Profile(
        heads=("Giám đốc Sở", "Phó Giám đốc Sở", "Phó Giám đốc Sở", "Chánh Văn phòng Sở"),
        pool=(*_CIVIL, Title("Trưởng phòng"), Title("Phó Trưởng phòng"), Title("Kế toán")),
    ),
    "emulation_board": Profile(
        heads=("Trưởng ban", "Phó Trưởng ban"),
        pool=_CIVIL,
    ),
    "district_office": Profile(
        heads=("Chánh Văn phòng", "Phó Chánh Văn phòng"),
        pool=(*_CIVIL, Title("Văn thư"), Title("Kế toán")),
    ),
    "police": Profile(
        heads=("Giám đốc Công an tỉnh", "Phó Giám đốc Công an tỉnh"),
        pool=(Title("Cán bộ", weight=3), Title("Chiến sĩ", weight=2), Title("Đội trưởng")),
    ),
    "military": Profile(
        heads=("Chỉ huy trưởng", "Chính ủy", "Phó Chỉ huy trưởng"),
        pool=(Title("Sĩ quan", weight=3), Title("Quân nhân chuyên nghiệp", weight=2)),
    ),
    "party": Profile(
        heads=("Chánh Văn phòng", "Phó Chánh Văn phòng"),
        pool=_CIVIL,
    ),
    "mass_org": Profile(
        heads=("Chủ tịch", "Phó Chủ tịch"),
        pool=(*_CIVIL, Title("Ủy viên Ban Thường vụ")),
    ),
    "youth_union": Profile(
        heads=("Bí thư Tỉnh Đoàn", "Phó Bí thư Tỉnh Đoàn"),
        pool=(*_CIVIL, Title("Ủy viên Ban Thường vụ")),
    ),
    "university": Profile(
        heads=("Hiệu trưởng", "Phó Hiệu trưởng"),
        pool=(Title("Giảng viên", weight=6), Title("Trưởng khoa"), Title("Chuyên viên")),
    ),
    "school": Profile(
        heads=("Hiệu trưởng", "Phó Hiệu trưởng"),
        pool=(
            Title("Giáo viên", weight=10),
            Title("Tổ trưởng chuyên môn", weight=2),
            Title("Nhân viên văn thư"),
            Title("Nhân viên thư viện"),
        ),
    ),
    "hospital": Profile(
        heads=("Giám đốc", "Phó Giám đốc", "Phó Giám đốc"),
        pool=(
            Title("Bác sĩ", weight=4),
            Title("Điều dưỡng", weight=5),
            Title("Dược sĩ"),
            Title("Kỹ thuật viên xét nghiệm"),
            Title("Hộ sinh"),
            Title("Trưởng khoa"),
        ),
    ),
    "health_station": Profile(
        heads=("Trạm trưởng Trạm Y tế",),
        pool=(Title("Y sĩ", weight=2), Title("Điều dưỡng"), Title("Nữ hộ sinh")),
    ),
    "public_service": Profile(
        heads=("Giám đốc", "Phó Giám đốc"),
        pool=(Title("Viên chức", weight=3), Title("Bác sĩ"), Title("Kỹ thuật viên")),
    ),
    "enterprise": Profile(
        heads=("Giám đốc", "Phó Giám đốc", "Kế toán trưởng"),
        pool=(
            Title("Công nhân", "direct_worker", weight=8),
            Title("Kỹ sư", weight=2),
            Title("Nhân viên kinh doanh"),
        ),
    ),
    "cooperative": Profile(
        heads=("Giám đốc Hợp tác xã", "Phó Giám đốc Hợp tác xã"),
        pool=(Title("Thành viên hợp tác xã", "farmer"),),
    ),
}


def _commune_profile(word: str, *, farmers: bool) -> Profile:
    pool = [
        Title("Công chức Văn phòng – Thống kê", weight=2),
        Title("Công chức Tài chính – Kế toán"),
        Title("Công chức Tư pháp – Hộ tịch"),
        Title("Công chức Địa chính – Xây dựng"),
        Title("Công chức Văn hóa – Xã hội"),
        Title("Trưởng ấp" if farmers else "Trưởng khóm", weight=2),
    ]
    if farmers:
        pool.append(Title("Nông dân", "farmer", weight=8))
    else:
        pool.append(Title("Tiểu thương", "direct_worker", weight=2))
    return Profile(
        heads=(
            f"Chủ tịch UBND {word}",
            f"Phó Chủ tịch UBND {word}",
            f"Phó Chủ tịch UBND {word}",
            f"Chỉ huy trưởng Ban Chỉ huy Quân sự {word}",
        ),
        pool=tuple(pool),
    )


PROFILES["commune"] = _commune_profile("xã", farmers=True)
PROFILES["ward"] = _commune_profile("phường", farmers=False)
PROFILES["town"] = _commune_profile("thị trấn", farmers=False)


@dataclass(frozen=True)
class PersonSpec:
    code: str
    full_name: str
    gender: str
    birth_year: int
    ethnicity: str
    category: str
    unit: str  # unit code
    title: str
    start_date: dt.date


def person_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:06d}"


def _weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    return rng.choices([name for name, _ in items], weights=[w for _, w in items])[0]


def _name(rng: random.Random, gender: str, ethnicity: str) -> str:
    male = gender == "male"
    if ethnicity == "Khmer":
        given = rng.choice(KHMER_MALE_GIVEN if male else KHMER_FEMALE_GIVEN)
        return nfc(f"{rng.choice(KHMER_FAMILY)} {given}")
    family = rng.choice(HOA_FAMILY) if ethnicity == "Hoa" else _weighted(rng, FAMILY_NAMES)
    middle = rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)
    given = rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    return nfc(f"{family} {middle} {given}")


def generate(units: Sequence[UnitSpec], count: int, *, seed: int = SEED) -> Iterator[PersonSpec]:
    """``count`` people spread over ``units`` by their ``staff`` weights, deterministically."""
    staffed = [u for u in units if u.staff > 0 and u.profile]
    weights = [u.staff for u in staffed]
    placed: dict[str, int] = {}
    rng = random.Random(seed)
    for number in range(1, count + 1):
        unit = rng.choices(staffed, weights=weights)[0]
        profile = PROFILES[unit.profile]
        rank = placed.get(unit.code, 0)
        placed[unit.code] = rank + 1
        gender = rng.choice(("male", "female"))
        ethnicity = _weighted(rng, ETHNICITY_WEIGHTS)
        if rank < len(profile.heads):
            # Heads of units are experienced, and took their post within the last term or so.
            title, category = profile.heads[rank], ""
            birth_year = rng.randint(1962, 1982)
            start_year = rng.randint(2015, 2020)
        else:
            pick = rng.choices(profile.pool, weights=[t.weight for t in profile.pool])[0]
            title, category = pick.title, pick.category
            birth_year = rng.randint(1960, 2000)
            start_year = rng.randint(min(max(birth_year + 22, 2000), 2020), 2020)
        start = dt.date(start_year, rng.randint(1, 6 if start_year == 2020 else 12), 1)
        yield PersonSpec(
            code=person_code(number),
            full_name=_name(rng, gender, ethnicity),
            gender=gender,
            birth_year=birth_year,
            ethnicity=ethnicity,
            category=category,
            unit=unit.code,
            title=title,
            start_date=start,
        )
