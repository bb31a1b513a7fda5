"""The access-control matrix of the API: every role of the cast × every endpoint.

An account sees its unit's subtree (a system administrator sees everything); a unit or person
outside it answers 404, exactly like one that does not exist; no token or a bad token is 401
with no data.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import Cast
from thidua.api import services
from thidua.org.models import Person

ALL = ("BL", "BL-SNV", "BL-HD", "BL-HD-NTLA", "ST", "ST-X1")
PROVINCE = ("BL", "BL-SNV", "BL-HD", "BL-HD-NTLA")
DISTRICT = ("BL-HD", "BL-HD-NTLA")
COMMUNE = ("BL-HD-NTLA",)
OTHER = ("ST", "ST-X1")

# role → unit codes it may see; None: not authenticated at all.
VISIBLE: dict[str, tuple[str, ...] | None] = {
    "admin": ALL,
    "office": PROVINCE,
    "officer": DISTRICT,
    "commune_officer": COMMUNE,
    "council": PROVINCE,
    "leader": PROVINCE,
    "viewer": DISTRICT,
    "outsider": OTHER,
    "anonymous": None,
    "bad_token": None,
}
CHILDREN = {"BL": ["BL-SNV", "BL-HD"], "BL-HD": ["BL-HD-NTLA"], "ST": ["ST-X1"]}


def client_for(cast: Cast, role: str) -> Client:
    if role == "anonymous":
        return Client()
    if role == "bad_token":
        return Client(HTTP_AUTHORIZATION="Bearer thd_" + "A" * 43)
    user = getattr(cast, role)
    _token, secret = services.token_create(actor=None, user=user, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def assert_unauthenticated(response: Any) -> None:
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


ROLES = list(VISIBLE)


@pytest.mark.parametrize("role", ROLES)
def test_unit_list(cast: Cast, role: str) -> None:
    response = client_for(cast, role).get("/api/v1/units", {"limit": 500})
    visible = VISIBLE[role]
    if visible is None:
        return assert_unauthenticated(response)
    assert response.status_code == 200
    body = response.json()
    assert sorted(u["code"] for u in body["items"]) == sorted(visible)
    assert body["count"] == len(visible)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", ALL)
def test_unit_detail(cast: Cast, role: str, code: str) -> None:
    response = client_for(cast, role).get(f"/api/v1/units/{code}")
    visible = VISIBLE[role]
    if visible is None:
        return assert_unauthenticated(response)
    if code in visible:
        assert response.status_code == 200
        assert response.json()["code"] == code
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"], "code": "not_found"}
        assert "Tỉnh" not in response.content.decode() and "Xã" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", ["BL", "BL-HD", "ST"])
def test_unit_children(cast: Cast, role: str, code: str) -> None:
    response = client_for(cast, role).get(f"/api/v1/units/{code}/children")
    visible = VISIBLE[role]
    if visible is None:
        return assert_unauthenticated(response)
    if code not in visible:
        assert response.status_code == 404
        return None
    assert response.status_code == 200
    codes = [u["code"] for u in response.json()["items"]]
    assert sorted(codes) == sorted(c for c in CHILDREN[code] if c in visible)


@pytest.mark.parametrize("role", ROLES)
def test_people_list(cast: Cast, people: dict[str, Person], role: str) -> None:
    response = client_for(cast, role).get("/api/v1/people", {"limit": 500})
    visible = VISIBLE[role]
    if visible is None:
        return assert_unauthenticated(response)
    assert response.status_code == 200
    body = response.json()
    assert sorted(p["code"] for p in body["items"]) == sorted(f"P-{c}" for c in visible)
    assert {p["unit"] for p in body["items"]} <= set(visible)
    assert body["count"] == len(visible)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("unit_code", ALL)
def test_person_detail(cast: Cast, people: dict[str, Person], role: str, unit_code: str) -> None:
    response = client_for(cast, role).get(f"/api/v1/people/P-{unit_code}")
    visible = VISIBLE[role]
    if visible is None:
        return assert_unauthenticated(response)
    if unit_code in visible:
        assert response.status_code == 200
        assert response.json()["full_name"] == f"Trần Thị {unit_code}"
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert "Trần Thị" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_me(cast: Cast, role: str) -> None:
    response = client_for(cast, role).get("/api/v1/me")
    if VISIBLE[role] is None:
        return assert_unauthenticated(response)
    assert response.status_code == 200
    user = getattr(cast, role)
    body = response.json()
    assert body["username"] == user.username
    assert body["role"] == user.role
    assert body["unit"] == ({"code": user.unit.code, "name": user.unit.name} if user.unit else None)
    assert body["is_system_admin"] is (role == "admin")
    assert body["token"]["name"] == "matrix"


@pytest.mark.parametrize("role", ["office", "outsider"])
@pytest.mark.parametrize("unit_code", ["BL-HD", "ST"])
def test_filters_cannot_widen_the_scope(
    cast: Cast, people: dict[str, Person], role: str, unit_code: str
) -> None:
    """Asking for another province's unit by filter gives nothing from it."""
    client = client_for(cast, role)
    visible = VISIBLE[role]
    assert visible is not None
    children = client.get("/api/v1/units", {"parent": unit_code}).json()["items"]
    assert {u["code"] for u in children} <= set(visible)
    response = client.get("/api/v1/people", {"unit": unit_code, "subunits": "true"})
    if unit_code in visible:
        assert response.status_code == 200
        assert {p["unit"] for p in response.json()["items"]} <= set(visible)
    else:
        assert response.status_code == 404


def test_a_superuser_without_admin_role_sees_everything(cast: Cast) -> None:
    cast.viewer.is_superuser = True
    cast.viewer.save(update_fields=["is_superuser"])
    response = client_for(cast, "viewer").get("/api/v1/units")
    assert sorted(u["code"] for u in response.json()["items"]) == sorted(ALL)


def test_session_of_a_logged_in_browser_is_accepted_and_scoped(cast: Cast) -> None:
    client = cast.client_for(cast.viewer)
    response = client.get("/api/v1/units")
    assert response.status_code == 200
    assert sorted(u["code"] for u in response.json()["items"]) == sorted(DISTRICT)
    assert client.get("/api/v1/me").json()["token"] is None
    assert client.get("/api/v1/units/BL").status_code == 404


def test_a_bad_token_never_falls_back_to_the_session(cast: Cast) -> None:
    client = cast.client_for(cast.viewer)
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer thd_wrong")
    assert_unauthenticated(response)


@pytest.mark.parametrize("role", ROLES)
def test_eligibility_router_mounted_here_uses_the_same_auth(cast: Cast, role: str) -> None:
    """POST /api/v1/eligibility (thidua/awards/api.py) reads no stored data: any account."""
    response = client_for(cast, role).post(
        "/api/v1/eligibility", data="{}", content_type="application/json"
    )
    if VISIBLE[role] is None:
        return assert_unauthenticated(response)
    assert response.status_code in {200, 422}
    assert "code" in response.json() or "eligible" in response.json()


def test_session_post_to_eligibility_needs_csrf(cast: Cast) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.officer)
    response = browser.post("/api/v1/eligibility", data="{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
