"""Creating and editing units through the real views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Cast
from thidua.core.models import AuditEvent
from thidua.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

EDIT_URLS = [
    ("org_edit:unit_create", None),
    ("org_edit:unit_edit", "BL-HD"),
    ("org_edit:unit_reorganize", "BL-HD"),
    ("org_edit:account_list", "BL-HD"),
    ("org_edit:person_create", None),
    ("org_edit:account_create", None),
    ("org_edit:lookup", None),
]


def _url(name: str, arg: str | None) -> str:
    return reverse(name, args=[arg] if arg else [])


def _unit_data(**overrides: str) -> dict[str, str]:
    data = {
        "code": "BL-HD-NEW",
        "name": "Xã Ninh Quới",
        "short_name": "",
        "kind": UnitKind.COMMUNE,
        "parent": "BL-HD",
        "active_from": "2020-01-01",
        "active_to": "",
        "address": "",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "arg"), EDIT_URLS)
def test_it_sends_anonymous_users_to_the_login_page(cast: Cast, name: str, arg: str | None) -> None:
    for method in ("get", "post"):
        response = getattr(cast.client_for(None), method)(_url(name, arg))
        if name == "org_edit:lookup" and method == "post":
            continue  # GET only
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_office_creates_a_unit_under_a_unit_in_its_scope(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    page = client.get(reverse("org_edit:unit_create") + "?parent=BL-HD")
    assert page.status_code == 200
    assert 'value="BL-HD"' in page.content.decode()
    response = client.post(reverse("org_edit:unit_create") + "?parent=BL-HD", _unit_data())
    assert response.status_code == 302
    unit = Unit.objects.get(code="BL-HD-NEW")
    assert unit.parent == cast.district
    assert unit.path.startswith(cast.district.path)
    event = AuditEvent.objects.get(action="unit.create", target_id=str(unit.pk))
    assert event.actor == cast.office


@pytest.mark.parametrize("role", ["viewer", "council", "leader", "officer"])
def test_roles_that_do_not_manage_units_get_403(cast: Cast, role: str) -> None:
    client = cast.client_for(getattr(cast, role))
    for url in (
        reverse("org_edit:unit_create") + "?parent=BL-HD-NTLA",
        reverse("org_edit:unit_edit", args=["BL-HD-NTLA"]),
        reverse("org_edit:unit_reorganize", args=["BL-HD-NTLA"]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, _unit_data(parent="BL-HD-NTLA")).status_code == 403
    assert not Unit.objects.filter(code="BL-HD-NEW").exists()
    assert Unit.objects.get(code="BL-HD-NTLA").name == "Xã Ninh Thạnh Lợi A"


def test_outsiders_get_404(cast: Cast) -> None:
    client = cast.client_for(cast.outsider)
    assert client.get(reverse("org_edit:unit_create") + "?parent=BL-HD").status_code == 404
    assert client.get(reverse("org_edit:unit_edit", args=["BL-HD"])).status_code == 404
    assert (
        client.post(reverse("org_edit:unit_edit", args=["BL-HD"]), _unit_data()).status_code == 404
    )
    assert client.get(reverse("org_edit:unit_reorganize", args=["BL-HD"])).status_code == 404


def test_a_taken_code_is_refused_with_a_message_naming_the_field(cast: Cast) -> None:
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_create"), _unit_data(code="BL-HD-NTLA")
    )
    assert response.status_code == 200
    assert (
        "“Mã đơn vị”: mã BL-HD-NTLA đã được dùng cho một đơn vị khác." in response.content.decode()
    )
    assert Unit.objects.filter(name="Xã Ninh Quới").count() == 0
    assert AuditEvent.objects.count() == before


def test_reversed_dates_are_refused(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_create"),
        _unit_data(active_from="2021-05-01", active_to="2020-01-31"),
    )
    body = response.content.decode()
    assert "“Hoạt động đến ngày” (31/01/2020) đứng trước “Hoạt động từ ngày” (01/05/2021)" in body
    assert not Unit.objects.filter(code="BL-HD-NEW").exists()


def test_only_an_admin_creates_a_top_level_unit(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_create"), _unit_data(code="CM", parent="", kind="province")
    )
    assert response.status_code == 200
    assert "chỉ quản trị hệ thống mới được tạo đơn vị cấp cao nhất" in response.content.decode()
    assert not Unit.objects.filter(code="CM").exists()
    response = cast.client_for(cast.admin).post(
        reverse("org_edit:unit_create"),
        _unit_data(code="CM", name="Tỉnh Cà Mau", parent="", kind="province"),
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="CM").parent is None


def test_a_parent_outside_the_scope_is_refused(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_create"), _unit_data(parent="ST")
    )
    assert "“Đơn vị cấp trên (mã)”: không có đơn vị mã ST" in response.content.decode()
    assert not Unit.objects.filter(code="BL-HD-NEW").exists()


def test_office_edits_and_moves_a_unit(cast: Cast) -> None:
    url = reverse("org_edit:unit_edit", args=["BL-HD-NTLA"])
    client = cast.client_for(cast.office)
    assert client.get(url).status_code == 200
    data = _unit_data(
        code="BL-HD-NTLA", name="Xã Ninh Thạnh Lợi A", parent="BL-SNV", address="Ấp 1"
    )
    response = client.post(url, data)
    assert response.status_code == 302
    commune = Unit.objects.get(code="BL-HD-NTLA")
    assert commune.parent == cast.department
    assert commune.path.startswith(cast.department.path)
    event = AuditEvent.objects.get(action="unit.update", target_id=str(commune.pk))
    assert event.after is not None and event.after["address"] == "Ấp 1"


def test_a_unit_cannot_be_moved_under_itself(cast: Cast) -> None:
    url = reverse("org_edit:unit_edit", args=["BL-HD"])
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.office).post(
        url, _unit_data(code="BL-HD", name="Huyện Hồng Dân", kind="district", parent="BL-HD-NTLA")
    )
    assert response.status_code == 200
    assert (
        "“Đơn vị cấp trên (mã)”: không thể chuyển một đơn vị vào dưới chính nó"
        in response.content.decode()
    )
    assert Unit.objects.get(code="BL-HD").parent == cast.province
    assert AuditEvent.objects.count() == before


def test_office_may_edit_its_own_top_unit_without_a_parent(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_edit", args=["BL"]),
        _unit_data(code="BL", name="Tỉnh Bạc Liêu", kind="province", parent="", address="Bạc Liêu"),
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="BL").address == "Bạc Liêu"


def test_lookup_suggests_only_units_in_scope(cast: Cast) -> None:
    url = reverse("org_edit:lookup") + "?kind=unit&field=parent&parent=xa"
    body = cast.client_for(cast.office).get(url).content.decode()
    assert 'value="BL-HD-NTLA"' in body
    assert "ST-X1" not in body
    body = cast.client_for(cast.outsider).get(url).content.decode()
    assert "ST-X1" in body
    assert "BL-HD-NTLA" not in body


def test_a_missing_kind_and_name_are_named(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:unit_create"), _unit_data(kind="", name="")
    )
    body = response.content.decode()
    assert "Chưa chọn “Loại đơn vị”." in body
    assert "Chưa nhập “Tên đơn vị”: đây là mục bắt buộc." in body
    assert not Unit.objects.filter(code="BL-HD-NEW").exists()
