"""POST /api/v1/eligibility: same facts in, same verdict out; 401 for strangers."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.awards.helpers import fighter
from tests.conftest import Cast
from thidua.api import services
from thidua.awards.rules import evaluate_data

URL = "/api/v1/eligibility"
GOOD = fighter(range(2023, 2026))


def token_client(cast: Cast) -> Client:
    _token, secret = services.token_create(actor=None, user=cast.viewer, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client: Client, body: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")


def test_it_returns_the_engine_verdict(cast: Cast) -> None:
    response = post(token_client(cast), GOOD)
    assert response.status_code == 200
    assert response.json() == evaluate_data(GOOD)
    assert response.json()["eligible"] is True


def test_an_ineligible_verdict_is_still_200(cast: Cast) -> None:
    response = post(token_client(cast), fighter([2025]))
    assert response.status_code == 200
    assert response.json()["eligible"] is False


def test_a_signed_in_browser_may_ask_too(cast: Cast) -> None:
    response = post(cast.client_for(cast.officer), GOOD)
    assert response.status_code == 200


def test_it_rejects_anonymous_callers(cast: Cast) -> None:
    response = post(Client(), GOOD)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_rejects_a_bad_token(cast: Cast) -> None:
    response = post(Client(HTTP_AUTHORIZATION="Bearer thd_nope"), GOOD)
    assert response.status_code == 401


def test_a_body_that_is_not_json_is_400(cast: Cast) -> None:
    response = post(token_client(cast), "{oops")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Nội dung yêu cầu không phải JSON hợp lệ")


def test_malformed_facts_are_422_with_every_problem_and_its_path(cast: Cast) -> None:
    response = post(
        token_client(cast),
        {"subject": "individual", "award": "TTLDTT", "year": 2025, "ratings": {"2025": "X"}},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("Dữ kiện không hợp lệ: ")
    assert {e["field"] for e in body["errors"]} == {"ratings.2025", "subject"}
