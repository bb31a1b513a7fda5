"""``POST /eligibility`` (mounted under /api/v1/): the rules engine over HTTP.

Same JSON in as ``thidua eligibility``, same verdict out. The body is parsed here rather than
by a pydantic schema so that every problem is reported with its path, in the engine's words:
400 for a body that is not JSON, 422 for facts that are malformed (``errors`` lists them).
Any signed-in account (API token or session) may ask: the call reads no stored data.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from thidua.api.auth import DEFAULT_AUTH
from thidua.api.errors import ErrorCode
from thidua.awards.rules import FactsError, evaluate_data

router = Router(auth=DEFAULT_AUTH, tags=["awards"])

_FACTS_EXAMPLE: dict[str, Any] = {
    "subject": "individual",
    "award": "CSTD_BT",
    "year": 2025,
    "ratings": {"2023": "HTXS", "2024": "HTXS", "2025": "HTXS"},
    "titles": {"2023": ["LDTT", "CSTDCS"], "2024": ["LDTT", "CSTDCS"], "2025": ["LDTT", "CSTDCS"]},
    "initiatives": [{"year": 2025, "level": "bo_tinh", "kind": "initiative", "used": False}],
    "discipline": [],
}

_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "additionalProperties": True},
                "example": _FACTS_EXAMPLE,
            }
        },
    },
}


def _error(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> Any:
    body: dict[str, Any] = {"detail": detail, "code": str(ErrorCode.INVALID)}
    if errors is not None:
        body["errors"] = errors
    return Status(status, body)


@router.post(
    "/eligibility",
    response={200: dict[str, Any], 400: dict[str, Any], 422: dict[str, Any]},
    summary="Eligibility verdict for one subject",
    description="Facts about one individual, collective or household in; the verdict of the "
    "award rules (eligible, route, reasons with Vietnamese sentences and legal basis) out. "
    "See docs/rules.md for the fields and reason codes.",
    openapi_extra=_OPENAPI,
)
def eligibility(request: HttpRequest) -> Any:
    try:
        data = json.loads(request.body.decode("utf-8-sig") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _error(400, _("The request body is not valid JSON: %(error)s") % {"error": exc})
    try:
        return evaluate_data(data)
    except FactsError as exc:
        errors = [{"field": p.path, "message": p.message} for p in exc.problems]
        detail = _("Invalid facts: %(problems)s") % {"problems": "; ".join(map(str, exc.problems))}
        return _error(422, detail, errors)
