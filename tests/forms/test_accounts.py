"""Accounts managed by the emulation office, through the real views and the service."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import PersonFactory, UserFactory
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import Role, User

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Lua-Vang-Dong-Thap-2020"


def _new_account(**overrides: str) -> dict[str, str]:
    data = {
        "username": "vt.hoa",
        "full_name": "Võ Thị Hoa",
        "email": "hoa@baclieu.gov.vn",
        "role": Role.OFFICER,
        "unit": "BL-HD-NTLA",
        "person": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def _edit(account: User, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": account.full_name,
        "email": account.email,
        "role": account.role,
        "unit": account.unit.code if account.unit else "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# -- list ---------------------------------------------------------------------------------


def test_office_lists_the_accounts_of_a_subtree_only(cast: Cast) -> None:
    response = cast.client_for(cast.office).get(reverse("org_edit:account_list", args=["BL-HD"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert ">officer<" in body and ">xa<" in body and ">viewer<" in body
    assert ">office<" not in body  # the province's own account is above the district
    assert ">outsider<" not in body


@pytest.mark.parametrize("role", ["viewer", "council", "leader", "officer"])
def test_other_roles_get_403_on_account_pages(cast: Cast, role: str) -> None:
    client = cast.client_for(getattr(cast, role))
    assert client.get(reverse("org_edit:account_list", args=["BL-HD"])).status_code == 403
    assert client.get(reverse("org_edit:account_create") + "?unit=BL-HD").status_code == 403
    assert client.post(reverse("org_edit:account_create"), _new_account()).status_code == 403
    edit = reverse("org_edit:account_edit", args=["xa"])
    assert client.get(edit).status_code == 403
    assert client.post(edit, _edit(cast.commune_officer, role=Role.OFFICE)).status_code == 403
    assert not User.objects.filter(username="vt.hoa").exists()
    assert User.objects.get(username="xa").role == Role.OFFICER


def test_outsiders_get_404_on_account_pages(cast: Cast) -> None:
    office_st = UserFactory.create(username="office_st", role=Role.OFFICE, unit=cast.other_province)
    client = cast.client_for(office_st)
    assert client.get(reverse("org_edit:account_list", args=["BL-HD"])).status_code == 404
    assert client.get(reverse("org_edit:account_create") + "?unit=BL-HD").status_code == 404
    edit = reverse("org_edit:account_edit", args=["xa"])
    assert client.get(edit).status_code == 404
    assert client.post(edit, _edit(cast.commune_officer, is_active=None)).status_code == 404
    assert User.objects.get(username="xa").is_active
    anonymous = cast.client_for(None).get(edit)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_account_list_runs_a_constant_number_of_queries(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    url = reverse("org_edit:account_list", args=["BL"])
    client.get(url)  # warm up the session and the translation catalogues

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(30):
        person = PersonFactory.create(unit=cast.commune)
        UserFactory.create(username=f"can.bo.{n}", unit=cast.commune, person=person)
    assert count() == few
    for n in range(60):  # more than one page
        UserFactory.create(username=f"them.{n}", unit=cast.district)
    assert count() == few


# -- create -------------------------------------------------------------------------------


def test_office_creates_an_account_linked_to_a_person(cast: Cast) -> None:
    person = PersonFactory.create(code="CB-77", unit=cast.commune)
    client = cast.client_for(cast.office)
    page = client.get(reverse("org_edit:account_create") + "?unit=BL-HD-NTLA")
    assert page.status_code == 200
    assert '<option value="admin"' not in page.content.decode()
    assert '<option value="office"' in page.content.decode()
    response = client.post(reverse("org_edit:account_create"), _new_account(person="CB-77"))
    assert response.status_code == 302
    account = User.objects.get(username="vt.hoa")
    assert (account.unit, account.person, account.role) == (cast.commune, person, Role.OFFICER)
    assert account.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(
        action="account.create", target_id=str(account.pk), actor=cast.office
    ).exists()


def test_office_cannot_create_an_administrator(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        reverse("org_edit:account_create"), _new_account(role=Role.ADMIN)
    )
    assert response.status_code == 200
    assert "“Vai trò”: hãy chọn một giá trị trong danh sách." in response.content.decode()
    assert not User.objects.filter(username="vt.hoa").exists()
    response = cast.client_for(cast.admin).post(
        reverse("org_edit:account_create"), _new_account(role=Role.ADMIN, unit="")
    )
    assert response.status_code == 302
    assert User.objects.get(username="vt.hoa").role == Role.ADMIN


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "12345", "password2": "12345"}, "“Mật khẩu ban đầu”: "),
        ({"password2": "something-else-2020"}, "“Nhập lại mật khẩu ban đầu” không khớp"),
        ({"username": "officer"}, "“Tên đăng nhập”: tên đăng nhập officer đã có người dùng."),
        ({"username": "vt hoa"}, "“Tên đăng nhập” chỉ được gồm chữ cái"),
        ({"unit": ""}, "Chưa nhập “Đơn vị (mã)”: mọi tài khoản"),
        ({"unit": "ST-X1"}, "“Đơn vị (mã)”: không có đơn vị mã ST-X1"),
        ({"email": "hoa@"}, "“Thư điện tử” không phải là địa chỉ thư điện tử hợp lệ."),
        ({"person": "NOPE"}, "“Cá nhân gắn với tài khoản (mã)”: không có cá nhân mã NOPE"),
    ],
)
def test_invalid_accounts_are_refused_naming_the_field(
    cast: Cast, overrides: dict[str, str], message: str
) -> None:
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.office).post(
        reverse("org_edit:account_create"), _new_account(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 8
    assert AuditEvent.objects.count() == before


# -- edit ---------------------------------------------------------------------------------


def test_office_changes_role_unit_and_locks_an_account(cast: Cast) -> None:
    url = reverse("org_edit:account_edit", args=["viewer"])
    client = cast.client_for(cast.office)
    assert client.get(url).status_code == 200
    response = client.post(
        url, _edit(cast.viewer, role=Role.OFFICER, unit="BL-SNV", is_active=None)
    )
    assert response.status_code == 302
    viewer = User.objects.get(username="viewer")
    assert (viewer.role, viewer.unit, viewer.is_active) == (Role.OFFICER, cast.department, False)
    event = AuditEvent.objects.get(action="account.update", target_id=str(viewer.pk))
    assert event.actor == cast.office
    assert event.before == {
        "role": "viewer",
        "unit": cast.district.pk,
        "is_active": True,
        "full_name": cast.viewer.full_name,
        "email": "",
    }


def test_office_cannot_grant_the_admin_role_or_touch_an_admin(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    url = reverse("org_edit:account_edit", args=["viewer"])
    response = client.post(url, _edit(cast.viewer, role=Role.ADMIN))
    assert "“Vai trò”: hãy chọn một giá trị trong danh sách." in response.content.decode()
    assert User.objects.get(username="viewer").role == Role.VIEWER
    province_admin = UserFactory.create(username="root2", role=Role.ADMIN, unit=cast.province)
    url = reverse("org_edit:account_edit", args=[province_admin.username])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit(province_admin, is_active=None)).status_code == 403
    assert User.objects.get(username="root2").is_active
    with pytest.raises(ValidationError):
        services.account_update(actor=cast.office, account=cast.viewer, role=Role.ADMIN)
    assert User.objects.get(username="viewer").role == Role.VIEWER


@pytest.mark.parametrize("who", ["office", "admin"])
def test_nobody_can_deactivate_their_own_account(cast: Cast, who: str) -> None:
    me: User = getattr(cast, who)
    url = reverse("org_edit:account_edit", args=[me.username])
    response = cast.client_for(me).post(url, _edit(me, is_active=None))
    assert response.status_code == 200
    assert "bạn không thể tự khóa tài khoản của chính mình" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active
    with pytest.raises(ValidationError):
        services.account_update(actor=me, account=me, is_active=False)
    assert not AuditEvent.objects.filter(action="account.update").exists()


def test_an_account_moved_outside_the_scope_is_refused(cast: Cast) -> None:
    url = reverse("org_edit:account_edit", args=["xa"])
    response = cast.client_for(cast.office).post(url, _edit(cast.commune_officer, unit="ST-X1"))
    assert "“Đơn vị (mã)”: không có đơn vị mã ST-X1" in response.content.decode()
    assert User.objects.get(username="xa").unit == cast.commune
