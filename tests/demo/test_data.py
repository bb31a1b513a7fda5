"""The demo's facts, checked without a database."""

from __future__ import annotations

import unicodedata
from collections import Counter

from thidua.org.demo import data, people
from thidua.org.models import UnitKind


def bac_lieu_units() -> list[data.UnitSpec]:
    return [u for u in data.all_units() if u.code == "BL" or u.code.startswith("BL-")]


def test_bac_lieu_2020_has_7_districts_and_64_commune_level_units() -> None:
    units = bac_lieu_units()
    districts = [u for u in units if u.kind == UnitKind.DISTRICT]
    assert len(districts) == 7
    assert {u.parent for u in districts} == {"BL"}
    communes = Counter(u.kind for u in units if u.kind in {"commune", "ward", "town"})
    assert sum(communes.values()) == 64
    assert communes == {"commune": 49, "ward": 10, "town": 5}
    district_codes = {u.code for u in districts}
    assert all(u.parent in district_codes for u in units if u.kind in {"commune", "ward", "town"})


def test_every_district_has_its_communes_and_hong_dan_has_ninh_thanh_loi_a() -> None:
    units = {u.code: u for u in data.all_units()}
    assert units["BL-HD"].name == "Huyện Hồng Dân"
    assert units["BL-HD-NTLA"].name == "Xã Ninh Thạnh Lợi A"
    assert units["BL-HD-NTLA"].parent == "BL-HD"
    per_district = Counter(
        u.parent for u in units.values() if u.kind in {"commune", "ward", "town"}
    )
    assert per_district == {
        "BL-TPBL": 10,
        "BL-GR": 10,
        "BL-DH": 11,
        "BL-HB": 8,
        "BL-HD": 9,
        "BL-PL": 8,
        "BL-VL": 8,
        "CM25": 1,
    }


def test_codes_are_unique_and_parents_come_first() -> None:
    seen: set[str] = set()
    for unit in data.all_units():
        assert unit.code not in seen, unit.code
        assert unit.parent is None or unit.parent in seen, unit.code
        assert len(unit.code) <= 32
        assert unit.kind in UnitKind.values
        seen.add(unit.code)


def test_names_are_nfc_and_units_exist_from_2020_at_the_latest() -> None:
    for unit in data.all_units():
        assert unicodedata.is_normalized("NFC", unit.name), unit.code
        if not unit.code.startswith("CM25"):
            assert unit.active_from is not None and unit.active_from <= data.DEMO_FROM


def test_districts_and_old_provinces_end_the_day_before_the_merger() -> None:
    ended = {u.code for u in data.all_units() if u.active_to == data.LAST_DAY_BEFORE_MERGER}
    assert {"BL", "CM", "BL-HD", "BL-TPBL", "CM-TPCM"} <= ended
    assert str(data.LAST_DAY_BEFORE_MERGER) == "2025-06-30"


def test_every_account_points_at_existing_units_and_the_password_is_documented() -> None:
    codes = {u.code for u in data.all_units()}
    usernames = [a.username for a in data.ACCOUNTS]
    assert usernames == [
        "admin", "vanphong", "canbo.hongdan", "canbo.ntla", "hoidong", "lanhdao", "xem"
    ]  # fmt: skip
    for account in data.ACCOUNTS:
        assert account.unit is None or account.unit in codes
        assert account.person is None or account.person.unit in codes
    assert data.DEFAULT_PASSWORD == "ThiDua@2020"


def test_people_are_the_same_on_every_run_and_a_prefix_of_a_larger_run() -> None:
    units = data.all_units()
    small = list(people.generate(units, 50))
    large = list(people.generate(units, 500))
    assert small == list(people.generate(units, 50))
    assert large[:50] == small
    assert [p.code for p in small[:2]] == ["BL-P000001", "BL-P000002"]


def test_people_are_plausible() -> None:
    units = {u.code: u for u in data.all_units()}
    generated = list(people.generate(list(units.values()), 2000))
    ethnicities = Counter(p.ethnicity for p in generated)
    assert ethnicities["Kinh"] > 1600 and ethnicities["Khmer"] > 50 and ethnicities["Hoa"] > 10
    assert set(ethnicities) == {"Kinh", "Khmer", "Hoa"}
    assert {p.gender for p in generated} == {"male", "female"}
    assert all(1960 <= p.birth_year <= 2000 for p in generated)
    assert all(p.start_date.year >= p.birth_year + 18 for p in generated)
    assert all(unicodedata.is_normalized("NFC", p.full_name) for p in generated)
    # Only Bạc Liêu units of 2020 get people, and farmers live in rural communes.
    assert all(p.unit.startswith("BL") for p in generated)
    farmers = [p for p in generated if p.category == "farmer"]
    assert farmers
    assert all(units[p.unit].kind in {"commune", "enterprise"} for p in farmers)
    # Every staffed commune has a chairman of its People's Committee among the first people.
    chairs = {p.unit for p in generated if p.title.startswith("Chủ tịch UBND")}
    communes = {c for c, u in units.items() if u.kind in {"commune", "ward", "town"}}
    assert len(chairs & communes) > 50
