"""``/livez``: the process answers, without touching the database."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_livez_answers_without_a_database_query(db: None, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_livez_takes_only_get(db: None) -> None:
    assert Client().post("/livez").status_code == 405
