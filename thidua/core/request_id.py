"""A request id on every log line, for structured (JSON) logs behind nginx.

nginx sends ``X-Request-ID: $request_id`` (deploy/nginx.conf); without it one is made here.
The id is kept in a context variable for the length of the request, added to every log
record by :class:`RequestIdFilter` (also outside requests, as ``"-"``), and sent back in the
``X-Request-ID`` response header so a user's error report can be matched to the log.
With ``THIDUA_REQUEST_LOG`` on (the production default) each request also writes one line to
the ``thidua.request`` logger: method, path, status, duration and user id.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("thidua_request_id", default="-")
# What we accept from the proxy: nginx's $request_id is 32 hex digits; allow UUIDs and the
# like, nothing that could forge log lines.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_logger = logging.getLogger("thidua.request")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``"-"`` outside a request). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.log_requests = getattr(settings, "THIDUA_REQUEST_LOG", False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _ACCEPTED.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if self.log_requests:
                user = getattr(request, "user", None)
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": getattr(user, "pk", None),
                    },
                )
            return response
        finally:
            _request_id.reset(token)
