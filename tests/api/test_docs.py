"""The OpenAPI schema and the Swagger UI page (served from local files, no CDN)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import Cast

EXPECTED_PATHS = {
    "/api/v1/units",
    "/api/v1/units/{code}",
    "/api/v1/units/{code}/children",
    "/api/v1/people",
    "/api/v1/people/{code}",
    "/api/v1/me",
}
MOUNTED_ELSEWHERE = {"/api/v1/eligibility": "post"}  # thidua/awards/api.py


def test_openapi_schema_lists_every_path_and_the_bearer_scheme(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"] == {
        "title": "thidua API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert set(schema["paths"]) >= EXPECTED_PATHS
    for path in EXPECTED_PATHS:
        operation = schema["paths"][path]["get"]
        assert "401" in operation["responses"], path
        assert operation["security"], path
    for path, method in MOUNTED_ELSEWHERE.items():
        assert schema["paths"][path][method]["security"], path
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()


def test_docs_page_loads_only_local_files(cast: Cast) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"https?://", html), "the docs page must not load anything remote"
    assert not re.search(r"(src|href)=[\"']//", html)  # no protocol-relative URLs either
    assert '"validatorUrl": null' in html  # Swagger UI's online validator is off
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(asset), f"{asset} is not a local static file"
    assert re.findall(r"(?:src|href)=\"/static/", html)


def test_docs_page_for_a_logged_in_user_carries_the_csrf_token(cast: Cast) -> None:
    response = cast.client_for(cast.office).get("/api/v1/docs")
    assert response.status_code == 200
    assert 'data-api-csrf="true"' in response.content.decode()


def test_api_index_points_to_the_docs(db: None) -> None:
    response = Client().get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "title": "thidua API",
        "version": "1",
        "docs": "/api/v1/docs",
        "openapi": "/api/v1/openapi.json",
        "tokens": "/account/tokens/",
    }
