"""``GET /healthz``: is this app server able to serve? For nginx, systemd and monitoring.

Checks the database (``SELECT 1``), the cache (a key written and read back: on Redis in
production) and the job queue (``thidua.jobs.health.check()`` when the jobs app is
installed, else ``"not configured"``).  200 with ``{"status": "ok", ...}`` when every part
answers; 503 with ``{"status": "error", ...}`` naming the part (and only the kind of error,
never a message that could leak an address or a password) when one does not.  No login, no
data, never cached.
"""

from __future__ import annotations

import importlib
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

NOT_CONFIGURED = "not configured"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return f"error: {type(exc).__name__}"
    return "ok"


def check_cache() -> str:
    key = f"thidua:healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        read = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # Redis down, refused, timed out…
        return f"error: {type(exc).__name__}"
    if read != value:
        return "error: value not kept"
    return "ok"


def check_queue() -> str:
    if not apps.is_installed("thidua.jobs"):
        return NOT_CONFIGURED
    try:
        health = importlib.import_module("thidua.jobs.health")
        ok, detail = health.check()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok" if ok else f"error: {detail}"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {"database": check_database(), "cache": check_cache(), "queue": check_queue()}
    healthy = all(value in {"ok", NOT_CONFIGURED} for value in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **parts}, status=200 if healthy else 503
    )


@never_cache
@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """``GET /livez``: the process answers (no database, cache or queue check): for a load
    balancer's liveness probe, and the trivial view benchmarks compare pages with."""
    return HttpResponse("ok", content_type="text/plain")
