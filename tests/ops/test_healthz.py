"""GET /healthz: database, cache and queue, each failure path on its own."""

from __future__ import annotations

import sys
import types
from typing import Any
from unittest import mock

import pytest
import redis
from django.db import OperationalError
from django.test import Client

JOBS_NOT_INSTALLED = mock.patch("thidua.core.views.apps.is_installed", return_value=False)


def _jobs_health(monkeypatch: pytest.MonkeyPatch, check: Any) -> None:
    """Pretend the jobs app is installed with this ``health.check``."""
    module = types.ModuleType("thidua.jobs.health")
    module.check = check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thidua.jobs.health", module)
    monkeypatch.setattr("thidua.core.views.apps.is_installed", lambda name: True)


def test_it_answers_200_with_each_part(db: None) -> None:
    with JOBS_NOT_INSTALLED:
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": "not configured",
    }
    assert "no-cache" in response["Cache-Control"]
    assert len(response["X-Request-ID"]) == 32


def test_it_answers_503_when_the_database_is_down_without_leaking_the_message(db: None) -> None:
    failure = OperationalError('connection to "10.0.0.5" failed: password=secret')
    with JOBS_NOT_INSTALLED, mock.patch("thidua.core.views.connection.cursor", side_effect=failure):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
    assert response.json()["status"] == "error"
    assert b"secret" not in response.content and b"10.0.0.5" not in response.content


def test_it_answers_503_when_redis_refuses(db: None, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with JOBS_NOT_INSTALLED:
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"
    assert response.json()["database"] == "ok"


def test_it_answers_503_when_the_cache_loses_what_it_was_given(db: None) -> None:
    with JOBS_NOT_INSTALLED, mock.patch("thidua.core.views.cache.get", return_value=None):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error: value not kept"


def test_it_uses_a_real_redis_when_there_is_one(db: None, settings: Any) -> None:
    url = "redis://127.0.0.1:6379/6"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    with JOBS_NOT_INSTALLED:
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"
    # The probe key is removed again: nothing piles up in Redis.
    assert not redis.Redis.from_url(url).keys("*healthz*")


def test_the_queue_is_ok_when_the_jobs_app_says_so(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _jobs_health(monkeypatch, lambda: (True, "worker seen 3 s ago"))
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"] == "ok"


def test_it_answers_503_when_the_queue_is_down(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _jobs_health(monkeypatch, lambda: (False, "no worker for 600 s"))
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "error: no worker for 600 s"
    assert response.json()["database"] == "ok"


def test_it_answers_503_when_the_queue_check_itself_fails(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> tuple[bool, str]:
        raise RuntimeError("boom")

    _jobs_health(monkeypatch, broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "error: RuntimeError"


def test_it_only_answers_get_and_gives_no_data(db: None) -> None:
    assert Client().post("/healthz").status_code == 405
    with JOBS_NOT_INSTALLED:
        body = Client().get("/healthz").json()
    assert set(body) == {"status", "database", "cache", "queue"}


def test_it_keeps_a_sane_request_id_from_the_proxy_and_replaces_a_forged_one(db: None) -> None:
    with JOBS_NOT_INSTALLED:
        kept = Client().get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
        forged = Client().get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")
    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    assert forged["X-Request-ID"] != "x\nFAKE LOG LINE"
    assert len(forged["X-Request-ID"]) == 32
