"""Behaviour of the commendation API: shapes, filters, Vietnamese validation messages, sealed
results, the OpenAPI schema and constant query counts on lists."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards_api.conftest import World
from tests.awards_domain.conftest import nominate, person
from thidua.awards import services
from thidua.awards.models import Nomination


def _get(world: World, role: str, url: str) -> Any:
    response = world.client(role).get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_catalog_in_force_with_basis_thresholds_and_cash(world: World) -> None:
    body = _get(world, "office", "/api/v1/awards?on=2020-12-31")
    assert body["rule_set"] == "2013-nd91"
    awards = {a["code"]: a for a in body["items"]}
    assert {"LDTT", "CSTDCS", "CSTD_BT", "CSTD_TQ", "BK_BT", "CO_BT"} <= set(awards)
    cstd = awards["CSTD_BT"]
    assert cstd["ballot_threshold"] == "9/10"
    assert cstd["legal_basis"]
    assert float(cstd["cash_multiples"]["individual"]) == 3.0
    assert cstd["cash_vnd"]["individual"] > 0
    later = _get(world, "office", "/api/v1/awards?on=2025-06-01")
    assert later["rule_set"] != body["rule_set"]
    collective = _get(world, "office", "/api/v1/awards?on=2020-12-31&subject=collective")
    assert all("collective" in a["subjects"] for a in collective["items"])


def test_person_record_lists_ratings_titles_discipline_initiatives(world: World) -> None:
    body = _get(world, "officer", "/api/v1/people/P-STAR/record")
    assert [r["year"] for r in body["ratings"]] == [2018, 2019, 2020]
    titles = {(t["award"], t["year"]) for t in body["titles"]}
    assert ("CSTDCS", 2018) in titles and ("CSTD_BT", 2020) in titles
    assert body["initiatives"][0]["level"] == "bo_tinh"
    assert body["initiatives"][0]["used"] is True  # used by the decision
    gap = _get(world, "officer", "/api/v1/people/P-GAP/record")
    assert gap["discipline"][0]["level"] == "khien_trach"
    assert gap["discipline"][0]["level_label"] == "Khiển trách"


def test_unit_record(world: World) -> None:
    services.rating_record(
        actor=world.cast.office, unit=world.cast.district, year=2020, rating="HTXS"
    )
    body = _get(world, "office", "/api/v1/units/BL-HD/record")
    assert body["ratings"] == [
        {
            "year": 2020,
            "rating": "HTXS",
            "rating_label": body["ratings"][0]["rating_label"],
            "source": "",
        }
    ]
    assert [d["level"] for d in body["discipline"]] == ["khien_trach"]


def test_nomination_detail_carries_the_stored_verdict(world: World) -> None:
    body = _get(world, "office", f"/api/v1/nominations/{world.passed.pk}")
    assert body["state"] == "decided" and body["outcome"] == "awarded"
    assert body["eligible"] is True
    assert body["verdict"]["eligible"] is True
    assert {r["code"] for r in body["verdict"]["reasons"]}
    assert body["decision_id"] == world.decision.pk


def test_check_stores_a_verdict_with_reasons_for_the_gap(world: World) -> None:
    response = world.client("office").post(f"/api/v1/nominations/{world.submitted.pk}/check")
    body = response.json()
    assert body["state"] == "checked" and body["eligible"] is False
    unmet = [r for r in body["verdict"]["reasons"] if r["met"] is False]
    assert any("CSTĐCS" in r["message"] for r in unmet)


def test_return_needs_a_reason_and_answers_in_vietnamese(world: World) -> None:
    url = f"/api/v1/nominations/{world.submitted.pk}/return"
    client = world.client("office")
    response = client.post(url, {"reason": ""}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "reason" in response.json()["detail"]
    response = client.post(url, {"reason": "Thiếu biên bản."}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "returned"
    assert response.json()["return_reason"] == "Thiếu biên bản."
    again = client.post(url, {"reason": "Lần nữa."}, content_type="application/json")
    assert again.status_code == 422
    assert "không chuyển" in again.json()["detail"]


def test_create_refuses_bad_input_in_vietnamese(world: World) -> None:
    client = world.client("officer")
    body = {"award": "LDTT", "year": 2020, "proposing_unit": "BL-HD", "person": "P-STAR"}
    missing_year = {k: v for k, v in body.items() if k != "year"}
    response = client.post("/api/v1/nominations", missing_year, content_type="application/json")
    assert response.status_code == 422 and "year" in response.json()["detail"]
    unknown = {**body, "award": "NOPE"}
    response = client.post("/api/v1/nominations", unknown, content_type="application/json")
    assert response.status_code == 422
    assert "NOPE" in response.json()["detail"] and "không" in response.json()["detail"]
    response = client.post("/api/v1/nominations", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "draft" and created["person"] == "P-STAR"
    duplicate = client.post("/api/v1/nominations", body, content_type="application/json")
    assert duplicate.status_code == 422 and "đã được đề nghị" in duplicate.json()["detail"]


def test_submit_lists_what_is_missing(world: World) -> None:
    bare = services.nomination_create(
        actor=world.cast.officer,
        subject="individual",
        person=person(world.cast.district, "P-BARE"),
        award_code="LDTT",
        year=2020,
        proposing_unit=world.cast.district,
    )
    response = world.client("officer").post(f"/api/v1/nominations/{bare.pk}/submit")
    assert response.status_code == 422
    assert "tờ trình" in response.json()["detail"]


def test_results_are_sealed_until_the_round_is_counted(world: World) -> None:
    sealed = world.client("office").get(f"/api/v1/council-sessions/{world.planned.pk}/results")
    assert sealed.status_code == 409
    assert sealed.json()["code"] == "sealed"
    assert "niêm phong" in sealed.json()["detail"]
    body = _get(world, "office", f"/api/v1/council-sessions/{world.closed.pk}/results")
    assert body["state"] == "closed" and body["members_total"] == 5
    assert body["items"] == [
        {
            "nomination_id": world.passed.pk,
            "award": "CSTD_BT",
            "subject_label": str(world.star),
            "round": 1,
            "yes": 5,
            "no": 0,
            "abstain": 0,
            "threshold": "0.9000",
            "passed": True,
        }
    ]


def test_decision_detail_lists_awardees_with_cash(world: World) -> None:
    body = _get(world, "leader", f"/api/v1/decisions/{world.decision.pk}")
    assert body["state"] == "issued" and body["reference"].endswith("/QĐ-UBND")
    assert [a["person"] for a in body["awardees"]] == ["P-STAR"]
    assert body["awardees"][0]["cash_vnd"] > 0
    assert [n["id"] for n in body["nominations"]] == [world.passed.pk]


def test_registry_search_ignores_diacritics_and_filters(world: World) -> None:
    rows = _get(world, "office", "/api/v1/registry?search=lam van phuc")["items"]
    assert {r["person"] for r in rows} == {"P-GAP"}
    rows = _get(world, "office", "/api/v1/registry?search=LÂM VĂN&award=CSTDCS&year=2020")["items"]
    assert [(r["person"], r["award"], r["year"]) for r in rows] == [("P-GAP", "CSTDCS", 2020)]
    assert _get(world, "office", "/api/v1/registry?award=CSTD_BT")["count"] == 1


def test_lists_filter_nominations(world: World) -> None:
    body = _get(world, "office", "/api/v1/nominations?state=submitted")
    assert [n["id"] for n in body["items"]] == [world.submitted.pk]
    body = _get(world, "office", "/api/v1/nominations?award=LDTT&year=2020")
    assert [n["id"] for n in body["items"]] == [world.draft.pk]
    assert _get(world, "office", "/api/v1/nominations?unit=BL-SNV")["count"] == 0
    response = world.client("office").get("/api/v1/nominations?year=1800")
    assert response.status_code == 422


def test_every_endpoint_is_in_the_openapi_schema(world: World) -> None:
    paths = _get(world, "office", "/api/v1/openapi.json")["paths"]
    for path in (
        "/api/v1/awards",
        "/api/v1/people/{code}/record",
        "/api/v1/units/{code}/record",
        "/api/v1/nominations",
        "/api/v1/nominations/{pk}",
        "/api/v1/nominations/{pk}/submit",
        "/api/v1/nominations/{pk}/return",
        "/api/v1/nominations/{pk}/check",
        "/api/v1/council-sessions/{pk}/results",
        "/api/v1/decisions",
        "/api/v1/decisions/{pk}",
        "/api/v1/registry",
    ):
        assert path in paths, path
    assert "409" in paths["/api/v1/council-sessions/{pk}/results"]["get"]["responses"]


def _count(world: World, url: str) -> int:
    client = world.client("office")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_make_a_constant_number_of_queries(world: World) -> None:
    urls = ("/api/v1/nominations", "/api/v1/registry", "/api/v1/decisions", "/api/v1/awards")
    before = {url: _count(world, url) for url in urls}
    for i in range(4):
        someone = person(world.cast.district, f"P-MORE{i}")
        nominate(world.cast, someone, "LDTT", submit=False)
        services.commendation_record_historical(
            actor=world.cast.office,
            subject="individual",
            person=someone,
            award_code="LDTT",
            year=2019,
        )
    assert Nomination.objects.count() >= 8
    after = {url: _count(world, url) for url in urls}
    assert after == before
