"""Login with lockout, logout, password change, language switch, and the admin site."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import Cast
from tests.factories import PASSWORD
from thidua.core.models import AuditEvent
from thidua.org.models import Person, Position, Unit, User

pytestmark = pytest.mark.django_db


def templates_of(response) -> set[str]:
    return {t.name for t in response.templates if t.name}


# -- login, lockout, logout -------------------------------------------------------------------


def test_the_login_page_logs_in_and_goes_home(cast: Cast) -> None:
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert "registration/login.html" in templates_of(page)
    assert "Đăng nhập" in page.content.decode()
    response = client.post("/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Huyện Hồng Dân" in home.content.decode()


def test_login_follows_next_inside_the_site(cast: Cast) -> None:
    client = Client()
    response = client.post(
        "/login/?next=/units/BL-HD/",
        {"username": "officer", "password": PASSWORD, "next": "/units/BL-HD/"},
    )
    assert response["Location"] == "/units/BL-HD/"


def test_a_wrong_password_is_reported_in_vietnamese(cast: Cast) -> None:
    response = Client().post("/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "officer" in response.content.decode()  # the username stays in the form


def test_five_failures_lock_the_username_from_this_address(cast: Cast) -> None:
    client = Client()
    for _ in range(4):
        assert client.post("/login/", {"username": "officer", "password": "bad"}).status_code == 200
    locked = client.post("/login/", {"username": "officer", "password": "bad"})
    assert locked.status_code == 429
    assert "registration/locked_out.html" in templates_of(locked)
    page = locked.content.decode()
    assert "Tài khoản tạm thời bị khóa" in page
    assert "5 lần" in page and "15 phút" in page
    # Even the right password is refused while locked…
    again = client.post("/login/", {"username": "officer", "password": PASSWORD})
    assert again.status_code == 429
    # …but another account from the same address is not locked.
    other = client.post("/login/", {"username": "viewer", "password": PASSWORD})
    assert other.status_code == 302


def test_logout_is_a_post_and_returns_to_the_login_page(cast: Cast) -> None:
    client = cast.client_for(cast.officer)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    # Logged out, "/" is the public portal's home and the work pages ask for a login again.
    assert "portal/home.html" in templates_of(client.get("/"))
    assert client.get("/units/").status_code == 302


def test_an_authenticated_user_visiting_login_goes_home(cast: Cast) -> None:
    response = cast.client_for(cast.officer).get("/login/")
    assert response.status_code == 302 and response["Location"] == "/"


# -- password change --------------------------------------------------------------------------


def test_the_password_change_checks_the_password_rules(cast: Cast) -> None:
    client = cast.client_for(cast.officer)
    form = client.get("/account/password/")
    assert "registration/password_change_form.html" in templates_of(form)
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert weak.status_code == 200 and weak.context["form"].errors
    new = "Mat-khau-moi-2026!"
    done = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "registration/password_change_done.html" in templates_of(done)
    assert "Đã đổi mật khẩu" in done.content.decode()
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(new)


# -- language ---------------------------------------------------------------------------------


def test_the_interface_is_vietnamese_and_switches_to_english(cast: Cast) -> None:
    client = cast.client_for(cast.officer)
    vi = client.get("/").content.decode()
    assert 'lang="vi"' in vi and "Trang chủ" in vi and "Đăng xuất" in vi
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert response.status_code == 302 and response["Location"] == "/units/"
    en = client.get("/units/").content.decode()
    assert 'lang="en"' in en and "Unit tree" in en and "Log out" in en
    assert "Cây đơn vị" not in en


# -- admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(cast: Cast) -> User:
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/org/unit/",
        "/admin/org/unit/?q=bac+lieu",
        "/admin/org/unit/add/",
        "/admin/org/succession/",
        "/admin/org/successionlink/",
        "/admin/org/person/",
        "/admin/org/person/add/",
        "/admin/org/position/",
        "/admin/org/user/",
        "/admin/org/user/add/",
        "/admin/core/auditevent/",
    ],
)
def test_admin_pages_render(cast: Cast, superuser: User, path: str) -> None:
    response = cast.client_for(superuser).get(path)
    assert response.status_code == 200, path


def test_the_admin_search_ignores_diacritics(cast: Cast, superuser: User) -> None:
    response = cast.client_for(superuser).get("/admin/org/unit/", {"q": "hong dan"})
    assert [u.code for u in response.context["cl"].result_list] == ["BL-HD"]


def test_admin_is_closed_to_ordinary_accounts(cast: Cast) -> None:
    response = cast.client_for(cast.office).get("/admin/org/unit/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_units_added_and_changed_in_the_admin_go_through_the_services(
    cast: Cast, superuser: User
) -> None:
    client = cast.client_for(superuser)
    form = {
        "code": "BL-HD-NEW",
        "name": "Xã  Mới",
        "short_name": "",
        "kind": "commune",
        "parent": str(cast.district.pk),
        "active_from": "",
        "active_to": "",
        "address": "",
        "note": "",
        "_save": "1",
    }
    response = client.post("/admin/org/unit/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="BL-HD-NEW")
    assert unit.name == "Xã Mới"  # normalised by the service
    assert unit.path.startswith(cast.district.path) and unit.depth == 2
    created = AuditEvent.objects.get(action="unit.create", target_id=str(unit.pk))
    assert created.actor == superuser
    # Moving the unit under the department through the admin rewrites its path.
    form.update(name="Xã Mới Đổi", parent=str(cast.department.pk))
    response = client.post(f"/admin/org/unit/{unit.pk}/change/", form)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.path.startswith(cast.department.path)
    changed = AuditEvent.objects.get(action="unit.update", target_id=str(unit.pk))
    assert changed.before is not None and changed.after is not None
    assert changed.before["name"] == "Xã Mới" and changed.after["name"] == "Xã Mới Đổi"


def test_the_admin_refuses_to_put_a_unit_under_its_own_child(cast: Cast, superuser: User) -> None:
    d = cast.district
    response = cast.client_for(superuser).post(
        f"/admin/org/unit/{d.pk}/change/",
        {
            "code": d.code,
            "name": d.name,
            "kind": d.kind,
            "parent": str(cast.commune.pk),
            "_save": "1",
        },
    )
    assert response.status_code == 200
    assert "dưới chính nó" in response.content.decode()
    d.refresh_from_db()
    assert d.parent_id == cast.province.pk


def test_people_added_in_the_admin_get_a_position_and_an_audit_event(
    cast: Cast, superuser: User
) -> None:
    response = cast.client_for(superuser).post(
        "/admin/org/person/add/",
        {
            "code": "P9",
            "full_name": "Hồ Thị Chín",
            "gender": "female",
            "birth_year": "1990",
            "ethnicity": "Khmer",
            "category": "",
            "unit": str(cast.commune.pk),
            "title": "Công chức văn hóa",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(code="P9")
    assert Position.objects.filter(person=person, unit=cast.commune).exists()
    assert AuditEvent.objects.filter(action="person.create", target_id=str(person.pk)).exists()


def test_audit_events_cannot_be_added_changed_or_deleted(cast: Cast, superuser: User) -> None:
    client = cast.client_for(superuser)
    event = AuditEvent.objects.first()
    assert event is not None
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    view = client.get(f"/admin/core/auditevent/{event.pk}/change/")
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()


def test_accounts_changed_in_the_admin_are_audited(cast: Cast, superuser: User) -> None:
    client = cast.client_for(superuser)
    page = client.get(f"/admin/org/user/{cast.viewer.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: (value if value is not None else "")
        for name, value in form.initial.items()
        if name in form.fields and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        role="council",
        unit=str(cast.province.pk),
        person="",
        last_login="",
        date_joined="",
        _save="1",
    )
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(f"/admin/org/user/{cast.viewer.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="account.update", target_id=str(cast.viewer.pk))
    assert event.before is not None and event.after is not None
    assert event.before["role"] == "viewer" and event.after["role"] == "council"


def test_the_administration_link_is_shown_to_staff_only(cast: Cast, superuser: User) -> None:
    assert 'href="/admin/"' in cast.client_for(superuser).get("/").content.decode()
    assert 'href="/admin/"' not in cast.client_for(cast.office).get("/").content.decode()
