"""Regression tests for what the API fuzzing found in the schema and the error answers."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from tests.conftest import Cast
from tests.quality.conftest import Dataset
from thidua.api import services as api_services
from thidua.api.api import api


def _models(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models(arg, found)


def test_no_two_routers_publish_different_schemas_under_one_name() -> None:
    """django-ninja names a schema component after its class: two routers with a different
    ``DecisionOut`` each made one of them documented with the other's shape (the honor board's
    decisions were validated against the commendation API's decision, and back)."""
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in (operation.response_models or {}).values():
                    _models(model, found)
                for model in getattr(operation, "models", None) or []:
                    _models(model, found)
    by_name: dict[str, dict[str, str]] = {}
    for model in found:
        if model.__module__.startswith("thidua."):
            shape = json.dumps(model.model_json_schema(), sort_keys=True)
            by_name.setdefault(model.__name__, {})[f"{model.__module__}"] = shape
    clashes = {
        name: sorted(shapes) for name, shapes in by_name.items() if len(set(shapes.values())) > 1
    }
    assert not clashes


@pytest.fixture
def office_client(cast: Cast) -> Client:
    _token, secret = api_services.token_create(actor=None, user=cast.office, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _documented(path: str, method: str) -> dict[str, Any]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operation: dict[str, Any] = schema["paths"][path][method]
    return {str(k): v for k, v in operation["responses"].items()}


def test_a_body_that_is_not_json_is_a_documented_400_in_vietnamese(
    dataset: Dataset, office_client: Client
) -> None:
    registration = dataset.ids["registration_id"][1]
    response = office_client.post(
        f"/api/v1/registrations/{registration}/targets",
        data=b"\x00\xff not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nội dung yêu cầu không phải JSON hợp lệ.",
        "code": "invalid",
    }
    assert "400" in _documented("/api/v1/registrations/{registration_id}/targets", "post")
    assert "400" in _documented("/api/v1/nominations", "post")
    assert "400" not in _documented("/api/v1/units", "get")  # no body, no 400


def test_a_refused_action_answers_422_with_the_documented_field_list(
    dataset: Dataset, office_client: Client
) -> None:
    """A service's ValidationError (here: approving an approved registration) used to answer
    422 without the ``errors`` list that the schema (ValidationErrorOut) requires."""
    approved = dataset.ids["registration_id"][0]
    response = office_client.post(f"/api/v1/registrations/{approved}/approve")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [{"field": "", "message": body["detail"]}]


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/api/v1/nominations/-5/submit"),
        lambda c: c.post("/api/v1/no-such-thing", data={}),
    ],
)
def test_an_unknown_api_address_is_a_json_404_for_a_post_too(
    cast: Cast, office_client: Client, send: Callable[[Client], Any]
) -> None:
    """A POST to an address no route matches (a negative id) got Django's HTML CSRF page."""
    response = send(Client(enforce_csrf_checks=True))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("send", "field"),
    [
        (lambda c: c.get("/api/v1/honors/decisions", {"authority": "BL\x00"}), "authority"),
        (lambda c: c.get("/api/v1/units", {"search": "bac\x00lieu"}), "search"),
        (
            lambda c: c.post(
                "/api/v1/nominations",
                data='{"award": "LDTT\\u0000"}',
                content_type="application/json",
            ),
            "body",
        ),
    ],
)
def test_a_nul_character_is_refused_with_422_not_a_server_error(
    office_client: Client, send: Callable[[Client], Any], field: str
) -> None:
    """PostgreSQL cannot hold NUL in text: the honor board's decision filter answered 500 on
    PostgreSQL for ?authority=…%00 (found by the fuzzer on PostgreSQL)."""
    response = send(office_client)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == field
    assert "NUL" in body["detail"]
