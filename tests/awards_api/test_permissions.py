"""The access matrix of the commendation endpoints: every role of the cast × every endpoint.

Outsiders (and insiders whose scope does not hold the object) get 404 exactly like a missing
object, no token or a bad token 401, insiders without the right 403.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.awards_api.conftest import INSIDERS, ROLES, UNAUTHENTICATED, World
from tests.awards_domain.conftest import person
from thidua.awards.models import NominationState

PROVINCE_WIDE = {"admin", "office", "council", "leader"}
DISTRICT_WIDE = PROVINCE_WIDE | {"officer", "viewer"}


def check(response: Any, role: str, expected: dict[str, int]) -> None:
    if role in UNAUTHENTICATED:
        assert response.status_code == 401, response.content
        assert response.json()["code"] == "not_authenticated"
        return
    status = expected.get(role, 404)
    assert response.status_code == status, (role, response.content)
    if status >= 400:
        body = response.json()
        assert set(body) == {"detail", "code"}
        assert body["code"] == {403: "permission_denied", 404: "not_found", 409: "sealed"}[status]
        assert "Nguyễn Văn An" not in body["detail"]


def only(roles: set[str], status: int = 200, others: int = 404) -> dict[str, int]:
    return {role: (status if role in roles else others) for role in INSIDERS | {"outsider"}}


@pytest.mark.parametrize("role", ROLES)
def test_catalog(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/awards?on=2020-12-31")
    check(response, role, only(INSIDERS | {"outsider"}))


@pytest.mark.parametrize("role", ROLES)
def test_person_record(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/people/P-STAR/record")
    check(response, role, only(DISTRICT_WIDE))


@pytest.mark.parametrize("role", ROLES)
def test_unit_record(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/units/BL-HD/record")
    check(response, role, only(DISTRICT_WIDE))


@pytest.mark.parametrize("role", ROLES)
def test_nomination_list_is_scoped(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/nominations")
    check(response, role, only(INSIDERS | {"outsider"}))
    if response.status_code == 200:
        count = response.json()["count"]
        assert count == (4 if role in DISTRICT_WIDE else 0), role


@pytest.mark.parametrize("role", ROLES)
def test_nomination_detail(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/nominations/{world.passed.pk}")
    check(response, role, only(DISTRICT_WIDE))


@pytest.mark.parametrize("role", ROLES)
def test_nomination_create(world: World, role: str) -> None:
    person(world.cast.district, "P-NEW", "Trần Văn Mới")
    body = {
        "award": "LDTT",
        "year": 2020,
        "proposing_unit": "BL-HD",
        "person": "P-NEW",
        "achievements": "Hoàn thành tốt nhiệm vụ.",
    }
    response = world.client(role).post("/api/v1/nominations", body, content_type="application/json")
    expected = only({"admin", "officer"}, 201, 403)
    expected["commune_officer"] = expected["outsider"] = 404
    check(response, role, expected)


@pytest.mark.parametrize("role", ROLES)
def test_nomination_submit(world: World, role: str) -> None:
    response = world.client(role).post(f"/api/v1/nominations/{world.draft.pk}/submit")
    expected = only({"admin", "officer"}, 200, 403)
    expected["commune_officer"] = expected["outsider"] = 404
    check(response, role, expected)
    world.draft.refresh_from_db()
    submitted = response.status_code == 200
    assert (world.draft.state == NominationState.SUBMITTED) is submitted


@pytest.mark.parametrize("role", ROLES)
def test_nomination_check(world: World, role: str) -> None:
    response = world.client(role).post(f"/api/v1/nominations/{world.submitted.pk}/check")
    expected = only({"admin", "office"}, 200, 403)
    expected["commune_officer"] = expected["outsider"] = 404
    check(response, role, expected)


@pytest.mark.parametrize("role", ROLES)
def test_nomination_return(world: World, role: str) -> None:
    response = world.client(role).post(
        f"/api/v1/nominations/{world.submitted.pk}/return",
        {"reason": "Thiếu biên bản bình xét."},
        content_type="application/json",
    )
    expected = only({"admin", "office"}, 200, 403)
    expected["commune_officer"] = expected["outsider"] = 404
    check(response, role, expected)


@pytest.mark.parametrize("role", ROLES)
def test_results_of_a_closed_session(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/council-sessions/{world.closed.pk}/results")
    check(response, role, only(PROVINCE_WIDE))


@pytest.mark.parametrize("role", ROLES)
def test_results_of_a_planned_session_are_sealed(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/council-sessions/{world.planned.pk}/results")
    check(response, role, only(PROVINCE_WIDE, 409))


@pytest.mark.parametrize("role", ROLES)
def test_decision_list_is_scoped(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/decisions")
    check(response, role, only(INSIDERS | {"outsider"}))
    if response.status_code == 200:
        assert response.json()["count"] == (1 if role in PROVINCE_WIDE else 0)


@pytest.mark.parametrize("role", ROLES)
def test_decision_detail(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/v1/decisions/{world.decision.pk}")
    check(response, role, only(PROVINCE_WIDE))


@pytest.mark.parametrize("role", ROLES)
def test_registry_is_scoped(world: World, role: str) -> None:
    response = world.client(role).get("/api/v1/registry")
    check(response, role, only(INSIDERS | {"outsider"}))
    if response.status_code == 200:
        people = {row["person"] for row in response.json()["items"]}
        if role in DISTRICT_WIDE:
            assert {"P-STAR", "P-GAP", "P-OTHER"} <= people
        else:
            assert people == set()
