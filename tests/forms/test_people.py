"""Adding, editing and moving people through the real views."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.core.models import AuditEvent
from thidua.core.text import nfc
from thidua.org.ethnicities import ETHNICITIES, FOREIGN, canonical_ethnicity
from thidua.org.models import Person, Position, Unit

pytestmark = pytest.mark.django_db


def _person_data(**overrides: str) -> dict[str, str]:
    data = {
        "code": "CB-001",
        "full_name": "Lê Thị Hồng",
        "gender": "female",
        "birth_year": "1988",
        "ethnicity": "Khmer",
        "category": "",
        "title": "Chủ tịch UBND xã",
        "unit": "BL-HD-NTLA",
        "start_date": "2019-01-15",
    }
    data.update(overrides)
    return data


@pytest.fixture
def person(cast: Cast) -> Person:
    return PersonFactory.create(
        code="CB-900",
        full_name="Trần Văn Bảy",
        unit=cast.commune,
        title="Công chức văn hóa",
        start_date=dt.date(2015, 3, 1),
    )


def test_there_are_54_distinct_ethnic_groups_spelt_in_nfc() -> None:
    assert len(ETHNICITIES) == 54
    assert len(set(ETHNICITIES)) == 54
    for name in (*ETHNICITIES, FOREIGN):
        assert unicodedata.is_normalized("NFC", name)
        assert canonical_ethnicity(name) == name
        assert canonical_ethnicity(name.upper()) == name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tay", "Tày"),
        ("Ê-đê", "Ê Đê"),
        ("H'Mông", "Mông"),
        ("nuoc ngoai", FOREIGN),
        ("Kinh ", "Kinh"),
    ],
)
def test_common_spellings_map_to_the_official_name(typed: str, expected: str) -> None:
    assert canonical_ethnicity(typed) == expected


@pytest.mark.parametrize("typed", ["", "Việt", "Người Kinh Việt", "Khơ"])
def test_unknown_ethnicities_are_rejected(typed: str) -> None:
    assert canonical_ethnicity(typed) is None


@pytest.mark.parametrize("role", ["officer", "office", "admin"])
def test_writers_add_a_person_in_their_scope(cast: Cast, role: str) -> None:
    client = cast.client_for(getattr(cast, role))
    page = client.get(reverse("org_edit:person_create") + "?unit=BL-HD-NTLA")
    assert page.status_code == 200
    assert '<option value="Ơ Đu">' in page.content.decode()
    response = client.post(reverse("org_edit:person_create"), _person_data(ethnicity="Khme"))
    assert response.status_code == 200  # "Khme" is not an ethnic group
    response = client.post(reverse("org_edit:person_create"), _person_data(ethnicity="khơ-me"))
    assert response.status_code == 302
    created = Person.objects.get(code="CB-001")
    assert created.ethnicity == "Khmer"
    assert created.unit == cast.commune
    assert Position.objects.get(person=created).start_date == dt.date(2019, 1, 15)
    assert AuditEvent.objects.filter(
        action="person.create", target_id=str(created.pk), actor=getattr(cast, role)
    ).exists()


def test_a_foreigner_is_accepted(cast: Cast) -> None:
    response = cast.client_for(cast.officer).post(
        reverse("org_edit:person_create"), _person_data(ethnicity="Nước ngoài")
    )
    assert response.status_code == 302
    assert Person.objects.get(code="CB-001").ethnicity == FOREIGN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ethnicity", "Việt", "“Dân tộc”: “Việt” không thuộc 54 dân tộc Việt Nam"),
        ("birth_year", "1850", "“Năm sinh” phải nằm trong khoảng từ 1900 đến"),
        ("birth_year", "abc", "“Năm sinh” phải là một số nguyên."),
        ("full_name", "", "Chưa nhập “Họ và tên”: đây là mục bắt buộc."),
        ("gender", "x", "“Giới tính”: hãy chọn một giá trị trong danh sách."),
        ("unit", "ST-X1", "“Đơn vị (mã)”: không có đơn vị mã ST-X1"),
        ("start_date", "31/02/2019", "“Giữ chức vụ từ ngày” không phải là ngày hợp lệ"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
    cast: Cast, field: str, value: str, message: str
) -> None:
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.office).post(
        reverse("org_edit:person_create"), _person_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.filter(code="CB-001").exists()
    assert AuditEvent.objects.count() == before


def test_the_birth_year_bounds_follow_the_calendar(cast: Cast) -> None:
    next_year = str(dt.date.today().year + 1)
    response = cast.client_for(cast.office).post(
        reverse("org_edit:person_create"), _person_data(birth_year=next_year)
    )
    assert "“Năm sinh” phải nằm trong khoảng" in response.content.decode()
    response = cast.client_for(cast.office).post(
        reverse("org_edit:person_create"), _person_data(birth_year="1900")
    )
    assert response.status_code == 302


def test_a_commune_officer_cannot_add_a_person_to_the_district(cast: Cast) -> None:
    client = cast.client_for(cast.commune_officer)
    assert client.get(reverse("org_edit:person_create") + "?unit=BL-HD").status_code == 404
    response = client.post(reverse("org_edit:person_create"), _person_data(unit="BL-HD"))
    assert "“Đơn vị (mã)”: không có đơn vị mã BL-HD" in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "council", "leader"])
def test_readers_get_403_on_people_forms(cast: Cast, person: Person, role: str) -> None:
    client = cast.client_for(getattr(cast, role))
    for url in (
        reverse("org_edit:person_create") + "?unit=BL-HD-NTLA",
        reverse("org_edit:person_edit", args=[person.code]),
        reverse("org_edit:person_assign", args=[person.code]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, _person_data(code=person.code)).status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Trần Văn Bảy"
    assert not Person.objects.filter(code="CB-001").exists()


def test_outsiders_get_404_on_people_forms(cast: Cast, person: Person) -> None:
    client = cast.client_for(cast.outsider)
    assert client.get(reverse("org_edit:person_create") + "?unit=BL-HD").status_code == 404
    for name in ("org_edit:person_edit", "org_edit:person_assign"):
        url = reverse(name, args=[person.code])
        assert client.get(url).status_code == 404
        assert client.post(url, _person_data(code=person.code)).status_code == 404
    anonymous = cast.client_for(None).get(reverse("org_edit:person_edit", args=[person.code]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_officer_edits_a_person(cast: Cast, person: Person) -> None:
    url = reverse("org_edit:person_edit", args=[person.code])
    client = cast.client_for(cast.officer)
    page = client.get(url)
    assert 'value="Trần Văn Bảy"' in page.content.decode()
    response = client.post(
        url,
        {
            "code": person.code,
            "full_name": "Trần Văn  Bảy ",
            "gender": "male",
            "birth_year": "1979",
            "ethnicity": "Kinh",
            "category": "",
            "title": "Công chức văn hóa",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == nfc("Trần Văn Bảy")
    assert person.birth_year == 1979
    event = AuditEvent.objects.get(action="person.update", target_id=str(person.pk))
    assert event.actor == cast.officer
    assert event.before is not None and event.before["birth_year"] == 1985


def test_a_taken_person_code_is_refused(cast: Cast, person: Person) -> None:
    PersonFactory.create(code="CB-901", unit=cast.commune)
    url = reverse("org_edit:person_edit", args=[person.code])
    data = _person_data(code="CB-901")
    response = cast.client_for(cast.officer).post(url, data)
    assert "“Mã cá nhân”: mã CB-901 đã được dùng cho một người khác." in response.content.decode()
    person.refresh_from_db()
    assert person.code == "CB-900"


def test_assign_closes_the_open_position(cast: Cast, person: Person) -> None:
    url = reverse("org_edit:person_assign", args=[person.code])
    client = cast.client_for(cast.officer)
    page = client.get(url)
    assert "Công chức văn hóa" in page.content.decode()
    response = client.post(
        url, {"unit": "BL-HD", "title": "Phó Trưởng phòng Nội vụ", "start_date": "01/08/2020"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == cast.district
    old, new = Position.objects.filter(person=person).order_by("start_date")
    assert old.end_date == dt.date(2020, 7, 31)
    assert (new.unit, new.start_date, new.end_date) == (cast.district, dt.date(2020, 8, 1), None)
    assert AuditEvent.objects.filter(
        action="person.assign", target_id=str(person.pk), actor=cast.officer
    ).exists()


def test_assign_refuses_a_start_before_the_current_position_or_outside_scope(
    cast: Cast, person: Person
) -> None:
    url = reverse("org_edit:person_assign", args=[person.code])
    client = cast.client_for(cast.commune_officer)
    response = client.post(
        url, {"unit": "BL-HD", "title": "Chuyên viên", "start_date": "2014-01-01"}
    )
    body = response.content.decode()
    assert "“Ngày bắt đầu” phải sau ngày bắt đầu chức vụ hiện tại (01/03/2015)." in body
    assert "“Đơn vị mới (mã)”: không có đơn vị mã BL-HD" in body
    assert Position.objects.filter(person=person).count() == 1
    assert Unit.objects.get(code="BL-HD-NTLA").people.count() == 1
