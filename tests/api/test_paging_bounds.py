"""Every list of the API takes ``offset`` and ``limit`` within documented bounds: an offset
past any real list answers an empty page, one beyond ``MAX_OFFSET`` a 422 (it once reached
SQLite as a number it cannot hold: a 500 found by the fuzzer)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import Cast
from thidua.api import services
from thidua.api.params import MAX_OFFSET

pytestmark = pytest.mark.django_db


def _list_paths(client: Client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "{" not in path
        and any(p["name"] == "offset" for p in operations.get("get", {}).get("parameters", []))
    )


def test_offset_and_limit_are_bounded_on_every_list(cast: Cast) -> None:
    _token, secret = services.token_create(actor=None, user=cast.office, name="paging")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    paths = _list_paths(client)
    assert {"/api/v1/units", "/api/v1/campaigns", "/api/v1/portal/news"} <= set(paths)
    for path in paths:
        far = client.get(path, {"offset": MAX_OFFSET})
        assert far.status_code == 200, (path, far.content[:300])
        assert far.json()["items"] == [], path
        beyond = client.get(path, {"offset": 10**34})
        assert beyond.status_code == 422, (path, beyond.status_code)
        assert client.get(path, {"limit": 0}).status_code == 422, path
