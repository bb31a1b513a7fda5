"""Facts of the demo province: Bạc Liêu as it was in 2020, and its merger into Cà Mau in 2025.

Everything here is plain data (no database access), so it can be checked by fast tests.

Sources: the administrative units of Bạc Liêu in 2020 (7 district-level units; 64 commune-level
units: 49 xã, 10 phường, 5 thị trấn) are public facts.  The provincial merger follows Nghị quyết
202/2025/QH15 of the National Assembly (12/6/2025, item 22 of Article 1: Bạc Liêu and Cà Mau
become the new Cà Mau province).  Which wards formed "Phường Bạc Liêu" was NOT checked against
the commune-level resolution: that merger is an illustration and says so in its note.

Enterprises and every person are invented (see the comments below and ``people.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Dates of the demo's history.
DEMO_FROM = dt.date(2020, 1, 1)  # start of the demo data for units without a known founding date
PROVINCES_REESTABLISHED = dt.date(1997, 1, 1)  # Minh Hải split into Bạc Liêu and Cà Mau
MERGER_DATE = dt.date(2025, 7, 1)  # new Cà Mau province; district level abolished
LAST_DAY_BEFORE_MERGER = MERGER_DATE - dt.timedelta(days=1)

PROVINCE_CODE = "BL"
OLD_CA_MAU_CODE = "CM"
NEW_CA_MAU_CODE = "CM25"


@dataclass(frozen=True)
class UnitSpec:
    """One unit to create.  ``parent`` is the parent's code; parents come before children.

    ``profile`` names the set of job titles used for the synthetic people of the unit (see
    ``people.PROFILES``); ``staff`` is the unit's relative share of them (0 = nobody)."""

    code: str
    name: str
    kind: str
    parent: str | None
    short_name: str = ""
    active_from: dt.date | None = DEMO_FROM
    active_to: dt.date | None = None
    note: str = ""
    profile: str = ""
    staff: int = 0


# -- the province and its provincial agencies ---------------------------------------------

PROVINCE = UnitSpec(
    code=PROVINCE_CODE,
    name="Tỉnh Bạc Liêu",
    short_name="Bạc Liêu",
    kind="province",
    parent=None,
    active_from=PROVINCES_REESTABLISHED,
    active_to=LAST_DAY_BEFORE_MERGER,
    note="Hợp nhất vào tỉnh Cà Mau từ ngày 01/07/2025 (Nghị quyết 202/2025/QH15).",
)

# (code suffix, name, kind, profile, staff)
_PROVINCIAL_AGENCIES: tuple[tuple[str, str, str, str, int], ...] = (
    ("VP", "Văn phòng UBND tỉnh", "department", "office", 30),
    ("SNV", "Sở Nội vụ", "department", "department", 25),
    ("STC", "Sở Tài chính", "department", "department", 25),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department", "department", 25),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "department", "department", 35),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "department", 25),
    ("SYT", "Sở Y tế", "department", "department", 25),
    ("SGTVT", "Sở Giao thông vận tải", "department", "department", 20),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department", "department", 20),
    ("STP", "Sở Tư pháp", "department", "department", 15),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "department", "department", 20),
    ("STNMT", "Sở Tài nguyên và Môi trường", "department", "department", 20),
    ("SCT", "Sở Công Thương", "department", "department", 15),
    ("SXD", "Sở Xây dựng", "department", "department", 15),
    ("STTTT", "Sở Thông tin và Truyền thông", "department", "department", 15),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department", "department", 15),
    ("TTR", "Thanh tra tỉnh", "department", "department", 12),
    ("CA", "Công an tỉnh", "armed_forces", "police", 40),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "armed_forces", "military", 30),
    ("TU", "Tỉnh ủy Bạc Liêu", "party", "party", 20),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "mass_org", "mass_org", 10),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "mass_org", "mass_org", 10),
    ("TD", "Tỉnh Đoàn", "mass_org", "youth_union", 10),
    ("HND", "Hội Nông dân tỉnh", "mass_org", "mass_org", 10),
    ("LDLD", "Liên đoàn Lao động tỉnh", "mass_org", "mass_org", 10),
    ("HCCB", "Hội Cựu chiến binh tỉnh", "mass_org", "mass_org", 8),
    ("DHBL", "Trường Đại học Bạc Liêu", "school", "university", 30),
    # Invented enterprises (plausible names, not real companies):
    ("CTTS", "Công ty Cổ phần Thủy sản Biển Tây Bạc Liêu", "enterprise", "enterprise", 40),
    ("CTMUOI", "Công ty TNHH Muối biển Đông Hải", "enterprise", "enterprise", 25),
    ("CTXD", "Công ty Cổ phần Xây dựng Giao thông Hòa Bình Xanh", "enterprise", "enterprise", 30),
    ("CTTG", "Công ty TNHH Tôm giống Vĩnh Hậu", "enterprise", "enterprise", 20),
)

# Units inside the provincial agencies: (code, parent code, name, kind, profile, staff)
_AGENCY_UNITS: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("BL-SNV-TDKT", "BL-SNV", "Ban Thi đua – Khen thưởng", "division", "emulation_board", 12),
    ("BL-TU-BTC", "BL-TU", "Ban Tổ chức Tỉnh ủy", "division", "party", 10),
    ("BL-SGDDT-THPTC", "BL-SGDDT", "Trường THPT Chuyên Bạc Liêu", "school", "school", 40),
    ("BL-SGDDT-THPTBL", "BL-SGDDT", "Trường THPT Bạc Liêu", "school", "school", 40),
    ("BL-SGDDT-THPTGR", "BL-SGDDT", "Trường THPT Giá Rai", "school", "school", 35),
    ("BL-SGDDT-THPTND", "BL-SGDDT", "Trường THPT Ngan Dừa", "school", "school", 30),
    (
        "BL-SGDDT-DTNT",
        "BL-SGDDT",
        "Trường Phổ thông Dân tộc Nội trú tỉnh Bạc Liêu",
        "school",
        "school",
        25,
    ),
    ("BL-SYT-BVDK", "BL-SYT", "Bệnh viện Đa khoa tỉnh Bạc Liêu", "hospital", "hospital", 90),
    ("BL-SYT-BVSN", "BL-SYT", "Bệnh viện Sản – Nhi tỉnh Bạc Liêu", "hospital", "hospital", 50),
    (
        "BL-SYT-CDC",
        "BL-SYT",
        "Trung tâm Kiểm soát bệnh tật tỉnh Bạc Liêu",
        "public_service",
        "public_service",
        20,
    ),
)

# -- districts and communes ---------------------------------------------------------------

# (code suffix, name, short name, noun used in the names of its offices)
_DISTRICTS: tuple[tuple[str, str, str, str], ...] = (
    ("TPBL", "Thành phố Bạc Liêu", "TP. Bạc Liêu", "thành phố Bạc Liêu"),
    ("GR", "Thị xã Giá Rai", "TX. Giá Rai", "thị xã Giá Rai"),
    ("DH", "Huyện Đông Hải", "Đông Hải", "huyện Đông Hải"),
    ("HB", "Huyện Hòa Bình", "Hòa Bình", "huyện Hòa Bình"),
    ("HD", "Huyện Hồng Dân", "Hồng Dân", "huyện Hồng Dân"),
    ("PL", "Huyện Phước Long", "Phước Long", "huyện Phước Long"),
    ("VL", "Huyện Vĩnh Lợi", "Vĩnh Lợi", "huyện Vĩnh Lợi"),
)

WARD, TOWN, COMMUNE = "ward", "town", "commune"
_KIND_WORD = {WARD: "Phường", TOWN: "Thị trấn", COMMUNE: "Xã"}

# Commune-level units of 2020 per district: (code suffix, kind, place name).
_COMMUNES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "TPBL": (
        ("P1", WARD, "1"),
        ("P2", WARD, "2"),
        ("P3", WARD, "3"),
        ("P5", WARD, "5"),
        ("P7", WARD, "7"),
        ("P8", WARD, "8"),
        ("NM", WARD, "Nhà Mát"),
        ("HT", COMMUNE, "Hiệp Thành"),
        ("VT", COMMUNE, "Vĩnh Trạch"),
        ("VTD", COMMUNE, "Vĩnh Trạch Đông"),
    ),
    "GR": (
        ("P1", WARD, "1"),
        ("HP", WARD, "Hộ Phòng"),
        ("LT", WARD, "Láng Tròn"),
        ("PT", COMMUNE, "Phong Tân"),
        ("PTH", COMMUNE, "Phong Thạnh"),
        ("PTHA", COMMUNE, "Phong Thạnh A"),
        ("PTHD", COMMUNE, "Phong Thạnh Đông"),
        ("PTHT", COMMUNE, "Phong Thạnh Tây"),
        ("TP", COMMUNE, "Tân Phong"),
        ("TTH", COMMUNE, "Tân Thạnh"),
    ),
    "DH": (
        ("TTGH", TOWN, "Gành Hào"),
        ("LD", COMMUNE, "Long Điền"),
        ("LDD", COMMUNE, "Long Điền Đông"),
        ("LDDA", COMMUNE, "Long Điền Đông A"),
        ("LDT", COMMUNE, "Long Điền Tây"),
        ("DIH", COMMUNE, "Điền Hải"),
        ("AT", COMMUNE, "An Trạch"),
        ("ATA", COMMUNE, "An Trạch A"),
        ("AP", COMMUNE, "An Phúc"),
        ("DT", COMMUNE, "Định Thành"),
        ("DTA", COMMUNE, "Định Thành A"),
    ),
    "HB": (
        ("TTHB", TOWN, "Hòa Bình"),
        ("MD", COMMUNE, "Minh Diệu"),
        ("VB", COMMUNE, "Vĩnh Bình"),
        ("VMA", COMMUNE, "Vĩnh Mỹ A"),
        ("VMB", COMMUNE, "Vĩnh Mỹ B"),
        ("VH", COMMUNE, "Vĩnh Hậu"),
        ("VHA", COMMUNE, "Vĩnh Hậu A"),
        ("VTH", COMMUNE, "Vĩnh Thịnh"),
    ),
    "HD": (
        ("TTND", TOWN, "Ngan Dừa"),
        ("NQ", COMMUNE, "Ninh Quới"),
        ("NQA", COMMUNE, "Ninh Quới A"),
        ("NH", COMMUNE, "Ninh Hòa"),
        ("LN", COMMUNE, "Lộc Ninh"),
        ("VL", COMMUNE, "Vĩnh Lộc"),
        ("VLA", COMMUNE, "Vĩnh Lộc A"),
        ("NTL", COMMUNE, "Ninh Thạnh Lợi"),
        ("NTLA", COMMUNE, "Ninh Thạnh Lợi A"),
    ),
    "PL": (
        ("TTPL", TOWN, "Phước Long"),
        ("VPD", COMMUNE, "Vĩnh Phú Đông"),
        ("VPT", COMMUNE, "Vĩnh Phú Tây"),
        ("PL", COMMUNE, "Phước Long"),
        ("HP", COMMUNE, "Hưng Phú"),
        ("VT", COMMUNE, "Vĩnh Thanh"),
        ("PTTA", COMMUNE, "Phong Thạnh Tây A"),
        ("PTTB", COMMUNE, "Phong Thạnh Tây B"),
    ),
    "VL": (
        ("TTCH", TOWN, "Châu Hưng"),
        ("CHA", COMMUNE, "Châu Hưng A"),
        ("HT", COMMUNE, "Hưng Thành"),
        ("HH", COMMUNE, "Hưng Hội"),
        ("CT", COMMUNE, "Châu Thới"),
        ("VH", COMMUNE, "Vĩnh Hưng"),
        ("VHA", COMMUNE, "Vĩnh Hưng A"),
        ("LT", COMMUNE, "Long Thạnh"),
    ),
}

# Communes that get a lower-secondary school and a health station of their own in the demo.
_COMMUNES_WITH_SERVICES: tuple[str, ...] = (
    "BL-TPBL-VTD",
    "BL-TPBL-P1",
    "BL-GR-PTHD",
    "BL-GR-HP",
    "BL-DH-TTGH",
    "BL-DH-LD",
    "BL-HB-TTHB",
    "BL-HB-VMA",
    "BL-HD-NTLA",
    "BL-HD-TTND",
    "BL-PL-TTPL",
    "BL-PL-VPD",
    "BL-VL-TTCH",
    "BL-VL-CHA",
)


def commune_name(kind: str, place: str) -> str:
    return f"{_KIND_WORD[kind]} {place}"


def _in_sentence(name: str, place: str) -> str:
    """ "Xã Vĩnh Trạch Đông" → "xã Vĩnh Trạch Đông" inside a name; "Phường 1" stays."""
    return name if place.isdigit() else name[0].lower() + name[1:]


def _district_units() -> list[UnitSpec]:
    specs: list[UnitSpec] = []
    for suffix, name, short, noun in _DISTRICTS:
        code = f"{PROVINCE_CODE}-{suffix}"
        specs.append(
            UnitSpec(
                code=code,
                name=name,
                short_name=short,
                kind="district",
                parent=PROVINCE_CODE,
                active_to=LAST_DAY_BEFORE_MERGER,
                note="Cấp huyện chấm dứt hoạt động từ ngày 01/07/2025.",
            )
        )
        specs += [
            UnitSpec(
                code=f"{code}-VP",
                name=f"Văn phòng HĐND và UBND {noun}",
                kind="department",
                parent=code,
                profile="district_office",
                staff=15,
            ),
            UnitSpec(
                code=f"{code}-PNV",
                name=f"Phòng Nội vụ {noun}",
                kind="department",
                parent=code,
                profile="district_office",
                staff=8,
            ),
            UnitSpec(
                code=f"{code}-TTYT",
                name=f"Trung tâm Y tế {noun}",
                kind="hospital",
                parent=code,
                profile="hospital",
                staff=35,
            ),
        ]
        for c_suffix, kind, place in _COMMUNES[suffix]:
            c_code = f"{code}-{c_suffix}"
            c_name = commune_name(kind, place)
            specs.append(
                UnitSpec(
                    code=c_code,
                    name=c_name,
                    kind=kind,
                    parent=code,
                    profile=kind,
                    staff=30 if kind == COMMUNE else 22,
                )
            )
            if c_code in _COMMUNES_WITH_SERVICES:
                specs += [
                    UnitSpec(
                        code=f"{c_code}-THCS",
                        name=f"Trường THCS {place}"
                        if not place.isdigit()
                        else f"Trường THCS {c_name}",
                        kind="school",
                        parent=c_code,
                        profile="school",
                        staff=25,
                    ),
                    UnitSpec(
                        code=f"{c_code}-TYT",
                        name=f"Trạm Y tế {_in_sentence(c_name, place)}",
                        kind="hospital",
                        parent=c_code,
                        profile="health_station",
                        staff=6,
                    ),
                ]
    # An invented cooperative in the commune the 2020 report pictures.
    specs.append(
        UnitSpec(
            code="BL-HD-NTLA-HTX",
            name="Hợp tác xã Nông nghiệp Lúa – Tôm Ninh Thạnh Lợi A",
            kind="enterprise",
            parent="BL-HD-NTLA",
            profile="cooperative",
            staff=15,
        )
    )
    return specs


def _provincial_units() -> list[UnitSpec]:
    specs = [PROVINCE]
    for suffix, name, kind, profile, staff in _PROVINCIAL_AGENCIES:
        specs.append(
            UnitSpec(
                code=f"{PROVINCE_CODE}-{suffix}",
                name=name,
                kind=kind,
                parent=PROVINCE_CODE,
                profile=profile,
                staff=staff,
            )
        )
    for code, parent, name, kind, profile, staff in _AGENCY_UNITS:
        specs.append(
            UnitSpec(code=code, name=name, kind=kind, parent=parent, profile=profile, staff=staff)
        )
    return specs


# -- Cà Mau, before and after 1 July 2025 -------------------------------------------------

CA_MAU_UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(
        code=OLD_CA_MAU_CODE,
        name="Tỉnh Cà Mau",
        short_name="Cà Mau (trước 01/07/2025)",
        kind="province",
        parent=None,
        active_from=PROVINCES_REESTABLISHED,
        active_to=LAST_DAY_BEFORE_MERGER,
        note="Tỉnh Cà Mau trước khi hợp nhất với tỉnh Bạc Liêu (Nghị quyết 202/2025/QH15).",
    ),
    UnitSpec(
        code="CM-TPCM",
        name="Thành phố Cà Mau",
        short_name="TP. Cà Mau",
        kind="district",
        parent=OLD_CA_MAU_CODE,
        active_to=LAST_DAY_BEFORE_MERGER,
        note="Cấp huyện chấm dứt hoạt động từ ngày 01/07/2025.",
    ),
    UnitSpec(
        code="CM-VP",
        name="Văn phòng UBND tỉnh Cà Mau",
        kind="department",
        parent=OLD_CA_MAU_CODE,
        active_to=LAST_DAY_BEFORE_MERGER,
    ),
    UnitSpec(
        code=NEW_CA_MAU_CODE,
        name="Tỉnh Cà Mau",
        short_name="Cà Mau (từ 01/07/2025)",
        kind="province",
        parent=None,
        active_from=MERGER_DATE,
        note="Tỉnh mới hợp nhất từ tỉnh Bạc Liêu và tỉnh Cà Mau (Nghị quyết 202/2025/QH15).",
    ),
    UnitSpec(
        code=f"{NEW_CA_MAU_CODE}-PBL",
        name="Phường Bạc Liêu",
        kind="ward",
        parent=NEW_CA_MAU_CODE,
        active_from=MERGER_DATE,
        note="Dữ liệu minh họa: thành phần sáp nhập chưa được đối chiếu với nghị quyết.",
    ),
)


def all_units() -> list[UnitSpec]:
    """Every unit of the demo, parents before children."""
    return [*_provincial_units(), *_district_units(), *CA_MAU_UNITS]


# -- reorganisations ----------------------------------------------------------------------


@dataclass(frozen=True)
class MergeSpec:
    predecessors: tuple[str, ...]
    successor: str
    effective_date: dt.date
    decision_number: str
    decision_date: dt.date | None
    note: str


MERGERS: tuple[MergeSpec, ...] = (
    MergeSpec(
        predecessors=(PROVINCE_CODE, OLD_CA_MAU_CODE),
        successor=NEW_CA_MAU_CODE,
        effective_date=MERGER_DATE,
        decision_number="202/2025/QH15",
        decision_date=dt.date(2025, 6, 12),
        note=(
            "Nghị quyết của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh: hợp nhất tỉnh "
            "Bạc Liêu và tỉnh Cà Mau thành tỉnh Cà Mau."
        ),
    ),
    # Illustrative: the composition of the new ward was not checked against the resolution.
    MergeSpec(
        predecessors=("BL-TPBL-P1", "BL-TPBL-P2", "BL-TPBL-P3"),
        successor=f"{NEW_CA_MAU_CODE}-PBL",
        effective_date=MERGER_DATE,
        decision_number="",
        decision_date=None,
        note=(
            "Minh họa: sáp nhập Phường 1, Phường 2, Phường 3 (thành phố Bạc Liêu cũ) thành "
            "Phường Bạc Liêu. Thành phần chưa được đối chiếu với nghị quyết sắp xếp cấp xã."
        ),
    ),
)


# -- demo accounts ------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedPerson:
    """A person linked to a demo account (invented name)."""

    code: str
    full_name: str
    gender: str
    birth_year: int
    unit: str
    title: str
    ethnicity: str = "Kinh"


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    unit: str | None
    full_name: str
    person: NamedPerson | None = None
    superuser: bool = False


# Documented in the README; passes Django's password validators.
DEFAULT_PASSWORD = "ThiDua@2020"  # noqa: S105
PASSWORD_ENV = "THIDUA_DEMO_PASSWORD"  # noqa: S105 - the name of a variable, not a secret

ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(
        username="admin",
        role="admin",
        unit=None,
        full_name="Quản trị hệ thống",
        superuser=True,
    ),
    AccountSpec(
        username="vanphong",
        role="office",
        unit=PROVINCE_CODE,
        full_name="Lê Thị Kim Ngân",
        person=NamedPerson(
            code="BL-CB-VANPHONG",
            full_name="Lê Thị Kim Ngân",
            gender="female",
            birth_year=1986,
            unit="BL-SNV-TDKT",
            title="Chuyên viên Ban Thi đua – Khen thưởng",
        ),
    ),
    AccountSpec(
        username="canbo.hongdan",
        role="officer",
        unit="BL-HD",
        full_name="Nguyễn Văn Thành",
        person=NamedPerson(
            code="BL-CB-HONGDAN",
            full_name="Nguyễn Văn Thành",
            gender="male",
            birth_year=1982,
            unit="BL-HD-PNV",
            title="Chuyên viên phụ trách thi đua – khen thưởng",
        ),
    ),
    AccountSpec(
        username="canbo.ntla",
        role="officer",
        unit="BL-HD-NTLA",
        full_name="Thạch Thị Sa Ranh",
        person=NamedPerson(
            code="BL-CB-NTLA",
            full_name="Thạch Thị Sa Ranh",
            gender="female",
            birth_year=1990,
            unit="BL-HD-NTLA",
            title="Công chức Văn phòng – Thống kê",
            ethnicity="Khmer",
        ),
    ),
    AccountSpec(
        username="hoidong",
        role="council",
        unit=PROVINCE_CODE,
        full_name="Trần Quốc Hưng",
        person=NamedPerson(
            code="BL-CB-HOIDONG",
            full_name="Trần Quốc Hưng",
            gender="male",
            birth_year=1971,
            unit="BL-SNV",
            title="Phó Giám đốc Sở Nội vụ, Ủy viên Hội đồng Thi đua – Khen thưởng tỉnh",
        ),
    ),
    AccountSpec(
        username="lanhdao",
        role="leader",
        unit=PROVINCE_CODE,
        full_name="Phạm Minh Đức",
        person=NamedPerson(
            code="BL-CB-LANHDAO",
            full_name="Phạm Minh Đức",
            gender="male",
            birth_year=1966,
            unit=PROVINCE_CODE,
            title="Chủ tịch UBND tỉnh",
        ),
    ),
    AccountSpec(
        username="xem",
        role="viewer",
        unit=PROVINCE_CODE,
        full_name="Võ Ngọc Hân",
        person=NamedPerson(
            code="BL-CB-XEM",
            full_name="Võ Ngọc Hân",
            gender="female",
            birth_year=1994,
            unit="BL-VP",
            title="Chuyên viên",
        ),
    ),
)
