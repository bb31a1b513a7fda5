"""The access matrix of the campaign endpoints: every role of the cast × every endpoint.

Outsiders get 404 (exactly like a missing object), no token or a bad token 401, insiders
without the right 403; the rest succeed and see only what their scope holds.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.campaigns_api.conftest import ROLES, World
from thidua.campaigns.models import ProgressUpdate, Registration, RegistrationState

UNAUTHENTICATED = {"anonymous", "bad_token"}
INSIDERS = {"admin", "office", "officer", "commune_officer", "council", "leader", "viewer"}


def check(response: Any, role: str, expected: dict[str, int], default: int = 403) -> None:
    if role in UNAUTHENTICATED:
        assert response.status_code == 401, response.content
        assert response.json()["code"] == "not_authenticated"
        return
    status = expected.get(role, default if role in INSIDERS else 404)
    assert response.status_code == status, (role, response.content)
    if status >= 400:
        body = response.json()
        assert set(body) == {"detail", "code"}
        assert body["code"] == {403: "permission_denied", 404: "not_found"}[status]
        assert "Ninh Thạnh Lợi" not in body["detail"]


def everyone(status: int = 200) -> dict[str, int]:
    return {role: status for role in INSIDERS}


@pytest.mark.parametrize("role", ROLES)
def test_campaign_list(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/campaigns")
    if role in UNAUTHENTICATED:
        return check(response, role, {})
    assert response.status_code == 200
    codes = [c["code"] for c in response.json()["items"]]
    assert codes == ([] if role == "outsider" else [world.campaign.code])


@pytest.mark.parametrize("role", ROLES)
def test_campaign_detail(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/campaigns/{world.campaign.pk}")
    check(response, role, everyone())


@pytest.mark.parametrize("role", ROLES)
def test_registration_list_is_scoped(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/campaigns/{world.campaign.pk}/registrations")
    check(response, role, everyone())
    if response.status_code != 200:
        return
    units = sorted(r["unit"]["code"] for r in response.json()["items"])
    expected = {
        "admin": ["BL-HD", "BL-HD-NTLA", "BL-SNV"],
        "office": ["BL-HD", "BL-HD-NTLA", "BL-SNV"],
        "council": ["BL-HD", "BL-HD-NTLA", "BL-SNV"],
        "leader": ["BL-HD", "BL-HD-NTLA", "BL-SNV"],
        "officer": ["BL-HD", "BL-HD-NTLA"],
        "viewer": ["BL-HD", "BL-HD-NTLA"],
        "commune_officer": ["BL-HD-NTLA"],
    }
    assert units == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_rollup_is_scoped(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/campaigns/{world.campaign.pk}/rollup")
    check(response, role, everyone())
    if response.status_code != 200:
        return
    units = sorted(u["unit"]["code"] for u in response.json()["units"])
    wide = ["BL-HD", "BL-HD-NQ", "BL-HD-NTLA", "BL-SNV"]
    expected = {
        "admin": wide,
        "office": wide,
        "council": wide,
        "leader": wide,
        "officer": ["BL-HD", "BL-HD-NQ", "BL-HD-NTLA"],
        "viewer": ["BL-HD", "BL-HD-NQ", "BL-HD-NTLA"],
        "commune_officer": ["BL-HD-NTLA"],
    }
    assert units == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_registration_detail_of_the_commune(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/registrations/{world.commune_reg.pk}")
    check(response, role, everyone())


@pytest.mark.parametrize("role", ROLES)
def test_registration_detail_of_the_department(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/registrations/{world.department_reg.pk}")
    check(response, role, {"admin": 200, "office": 200, "council": 200, "leader": 200}, 404)


@pytest.mark.parametrize("role", ROLES)
def test_register_a_unit(world: World, role: str) -> None:
    """Only the unit's own officers (none for this commune) or the administrator."""
    response = world.client(role).post(
        f"/api/v1/campaigns/{world.campaign.pk}/registrations",
        {"unit": world.spare_commune.code},
        content_type="application/json",
    )
    # The commune officer cannot see the neighbouring commune: 404.
    check(response, role, {"admin": 201, "commune_officer": 404})
    created = Registration.objects.filter(unit=world.spare_commune).exists()
    assert created is (role == "admin")


WRITES_ON_DISTRICT = {"admin": 201, "officer": 201, "commune_officer": 404}


@pytest.mark.parametrize("role", ROLES)
def test_add_a_target(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/registrations/{world.district_reg.pk}/targets",
        {"name": "Km đường nhựa", "target_value": "12", "measure": "km"},
        content_type="application/json",
    )
    check(response, role, WRITES_ON_DISTRICT)
    assert world.district_reg.targets.count() == (2 if response.status_code == 201 else 1)


@pytest.mark.parametrize("role", ROLES)
def test_add_a_key_work(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/registrations/{world.district_reg.pk}/key-works",
        {"name": "Nhà văn hóa ấp", "milestones": [{"name": "Khởi công"}]},
        content_type="application/json",
    )
    check(response, role, WRITES_ON_DISTRICT)
    assert world.district_reg.key_works.count() == (2 if response.status_code == 201 else 1)


@pytest.mark.parametrize("role", ROLES)
def test_submit(world: World, role: str) -> None:
    response = world.client(role).post(f"/api/v1/registrations/{world.district_reg.pk}/submit")
    check(response, role, {"admin": 200, "officer": 200, "commune_officer": 404})
    state = Registration.objects.get(pk=world.district_reg.pk).state
    submitted = response.status_code == 200
    assert state == (RegistrationState.SUBMITTED if submitted else RegistrationState.DRAFT)


DECIDERS = {
    "admin": 200,
    "office": 200,
    "council": 403,
    "leader": 403,
    "officer": 404,
    "viewer": 404,
    "commune_officer": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_approve(world: World, role: str) -> None:
    response = world.client(role).post(f"/api/v1/registrations/{world.department_reg.pk}/approve")
    check(response, role, DECIDERS)
    state = Registration.objects.get(pk=world.department_reg.pk).state
    ok = response.status_code == 200
    assert state == (RegistrationState.APPROVED if ok else RegistrationState.SUBMITTED)


@pytest.mark.parametrize("role", ROLES)
def test_return(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/registrations/{world.department_reg.pk}/return",
        {"reason": "Chỉ tiêu chưa sát thực tế"},
        content_type="application/json",
    )
    check(response, role, DECIDERS)
    state = Registration.objects.get(pk=world.department_reg.pk).state
    ok = response.status_code == 200
    assert state == (RegistrationState.RETURNED if ok else RegistrationState.SUBMITTED)


@pytest.mark.parametrize("role", ROLES)
def test_read_progress(world: World, role: str) -> None:
    client = world.client(role)
    for url in (
        f"/api/v1/targets/{world.commune_target.pk}/progress",
        f"/api/v1/key-works/{world.commune_work.pk}/progress",
    ):
        check(client.get(url), role, everyone())


REPORTERS = {"admin": 201, "commune_officer": 201}


@pytest.mark.parametrize("role", ROLES)
def test_report_progress_on_a_target(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/targets/{world.commune_target.pk}/progress",
        {"value": "1.5", "as_of": "2020-06-30", "note": "Xong đoạn đầu"},
    )
    check(response, role, REPORTERS)
    assert ProgressUpdate.objects.count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_report_progress_on_a_key_work(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/key-works/{world.commune_work.pk}/progress",
        {"percent": "40", "as_of": "2020-06-30"},
    )
    check(response, role, REPORTERS)
    assert ProgressUpdate.objects.count() == (1 if response.status_code == 201 else 0)
