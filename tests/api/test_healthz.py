"""GET /healthz: 200 with JSON while the database answers, 503 when it does not."""

from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import Client


def test_healthz_ok(db: None) -> None:
    # The queue part (worker heartbeat) is tested in tests/ops/test_healthz.py.
    with mock.patch("thidua.core.views.check_queue", return_value="not configured"):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": "not configured",
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_the_database_fails(db: None) -> None:
    with mock.patch("thidua.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error: OperationalError"


def test_healthz_needs_no_login_and_only_answers_get(db: None) -> None:
    assert Client().post("/healthz").status_code == 405
