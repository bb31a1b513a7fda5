"""The report endpoints of the API: same figures as the pages, scoped, in the schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import Data, grow

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reports/"
ENDPOINTS = ("commendations", "people", "campaigns")


def test_commendations_as_json(data: Data) -> None:
    body = (
        data.cast.client_for(data.cast.office)
        .get(BASE + "commendations", {"year_from": 2019, "year_to": 2020})
        .json()
    )
    assert body["filters"]["unit"] == {"code": "BL", "name": "Tỉnh Bạc Liêu"}
    assert body["total"]["total"] == 10
    assert body["total"]["by_level"] == {"state": 1, "ministry_province": 2, "grassroots": 7}
    assert [(y["year"], y["figures"]["total"]) for y in body["years"]] == [(2019, 1), (2020, 9)]
    assert {u["code"]: u["figures"]["total"] for u in body["units"]} == {
        "BL": 1,
        "BL-SNV": 2,
        "BL-HD": 7,
    }
    bk = next(f for f in body["forms"] if f["code"] == "BK_BT")
    assert bk["counts"]["individual"] == 1 and bk["level"] == "ministry_province"


def test_people_and_campaigns_as_json(data: Data) -> None:
    client = data.cast.client_for(data.cast.office)
    people = client.get(BASE + "people", {"year_from": 2020}).json()
    assert people["total"]["women"] == 4
    assert people["total"]["women_share"] == pytest.approx(4 / 6)
    assert people["collectives"] == 3
    campaigns = client.get(BASE + "campaigns", {"year_from": 2020}).json()["campaigns"]
    assert campaigns[0]["code"] == "BL-TEST-2020"
    assert campaigns[0]["classes"] == {"HTXS": 1, "HTT": 0, "HT": 1, "KHT": 0}


def test_the_api_is_scoped_like_the_pages(data: Data) -> None:
    for name in ENDPOINTS:
        url = BASE + name
        assert data.cast.client_for(None).get(url).status_code == 401
        outsider = data.cast.client_for(data.cast.outsider).get(url, {"unit": "BL-HD"})
        assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
        assert data.cast.client_for(data.cast.officer).get(url, {"unit": "BL"}).status_code == 404
        council = data.cast.client_for(data.cast.council).get(url)
        assert council.status_code == 403 and council.json()["code"] == "permission_denied"
    own = data.cast.client_for(data.cast.officer).get(BASE + "commendations", {"year_from": 2020})
    assert own.json()["total"]["total"] == 6


def test_bad_parameters_answer_422_in_vietnamese(data: Data) -> None:
    client = data.cast.client_for(data.cast.office)
    wrong = client.get(BASE + "commendations", {"year_from": 2021, "year_to": 2019})
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "Năm bắt đầu (2021) sau năm kết thúc (2019)."
    assert client.get(BASE + "commendations", {"level": "galaxy"}).status_code == 422
    assert client.get(BASE + "people", {"form": "NOPE"}).status_code == 422
    assert client.get(BASE + "people", {"year_from": 1200}).status_code == 422


def test_the_endpoints_are_in_the_schema(data: Data) -> None:
    schema = data.cast.client_for(data.cast.office).get("/api/v1/openapi.json").json()
    for name in ENDPOINTS:
        operation = schema["paths"][f"/api/v1/reports/{name}"]["get"]
        assert set(operation["responses"]) >= {"200", "401", "403", "404", "422"}


def _queries(data: Data) -> list[int]:
    client = data.cast.client_for(data.cast.office)
    counts = []
    for name in ENDPOINTS:
        client.get(BASE + name, {"year_from": 2019, "year_to": 2020})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE + name, {"year_from": 2019, "year_to": 2020}).status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts


def test_the_endpoints_keep_a_constant_number_of_queries(data: Data) -> None:
    small = _queries(data)
    grow(data.cast, 4, "api")
    assert _queries(data) == small
