"""Errors of the API, all answered as ``{"detail": <message>, "code": <machine code>}``.

``detail`` is for a person (translated, Vietnamese by default); ``code`` is for a program and
never changes with the language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError


class ErrorCode(StrEnum):
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    THROTTLED = "throttled"
    ERROR = "error"


class ApiError(HttpError):
    """An error with a machine-readable code; raise it from any endpoint."""

    def __init__(self, status_code: int, message: str, code: str = ErrorCode.ERROR) -> None:
        super().__init__(status_code, message)
        self.code = str(code)


class NotAuthenticated(AuthenticationError):
    """No, a bad, revoked or expired token, or a disabled account."""


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, detail: Any, code: str, **extra: Any
) -> HttpResponse:
    if status == 422:
        # Every 422 is documented as ValidationErrorOut: the field list is always there.
        extra.setdefault("errors", [])
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def _django_field_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """A service's ValidationError as ``[{"field", "message"}]``; "" = the request as a whole."""
    if not hasattr(exc, "error_dict"):
        return [{"field": "", "message": str(m)} for m in exc.messages]
    return [
        {"field": "" if field == NON_FIELD_ERRORS else field, "message": str(m)}
        for field, messages in exc.message_dict.items()
        for m in messages
    ]


# Where ninja cannot parse a request body, it raises HttpError(400, "Cannot parse request body").
_UNPARSEABLE_BODY = "Cannot parse request body"


def document_unparseable_body(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the 400 answer to every operation that takes a body (ninja's own schema omits it:
    a body that is not JSON is refused before the endpoint runs, by any router)."""
    for operation in (op for item in schema.get("paths", {}).values() for op in item.values()):
        if isinstance(operation, dict) and "requestBody" in operation:
            operation.setdefault("responses", {}).setdefault(
                400,
                {
                    "description": "The request body is not valid JSON",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                    },
                },
            )
    return schema


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ("query", "limit") → "limit"; keep nested names readable: ("body", "x", 0) → "x.0"
    parts = [str(p) for p in loc[1:]] or [str(p) for p in loc]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    def not_authenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = _respond(
            api,
            request,
            401,
            _(
                "Authentication required: send a valid API token in the header "
                "'Authorization: Bearer <token>'."
            ),
            ErrorCode.NOT_AUTHENTICATED,
        )
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc) if isinstance(exc, Http404) and exc.args else _("Not found.")
        return _respond(api, request, 404, message, ErrorCode.NOT_FOUND)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            return not_authenticated(request, exc)
        if isinstance(exc, ApiError):
            return _respond(api, request, exc.status_code, exc.message, exc.code)
        if isinstance(exc, Throttled):
            return _respond(
                api, request, 429, _("Too many requests; try again later."), ErrorCode.THROTTLED
            )
        if exc.status_code == 403:
            return _respond(
                api, request, 403, _("You may not do this."), ErrorCode.PERMISSION_DENIED
            )
        if exc.status_code == 400 and str(exc.message).startswith(_UNPARSEABLE_BODY):
            return _respond(
                api, request, 400, _("The request body is not valid JSON."), ErrorCode.INVALID
            )
        return _respond(api, request, exc.status_code, exc.message, ErrorCode.ERROR)

    def validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        fields = sorted({_field_name(e.get("loc", ())) for e in exc.errors})
        message = _("Invalid request: check %(fields)s.") % {"fields": ", ".join(fields)}
        errors = [
            {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return _respond(api, request, 422, message, ErrorCode.INVALID, errors=errors)

    def django_validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(
            api,
            request,
            422,
            " ".join(exc.messages),
            ErrorCode.INVALID,
            errors=_django_field_errors(exc),
        )

    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(NinjaValidationError, validation_error)
    api.add_exception_handler(DjangoValidationError, django_validation_error)

    get_openapi_schema = api.get_openapi_schema

    def openapi_schema(*args: Any, **kwargs: Any) -> Any:
        return document_unparseable_body(get_openapi_schema(*args, **kwargs))

    api.get_openapi_schema = openapi_schema  # type: ignore[method-assign]
