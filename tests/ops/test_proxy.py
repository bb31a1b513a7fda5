"""Behind nginx: the client's address comes from X-Forwarded-For, only when the request comes
from a trusted proxy, so the login lockout counts each visitor and not nginx."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from tests.conftest import Cast
from tests.factories import PASSWORD
from thidua.core.proxy import ForwardedForMiddleware


def _seen(settings: Any, **meta: Any) -> tuple[str, str | None]:
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(request.META)
        return HttpResponse()

    ForwardedForMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["REMOTE_ADDR"], seen.get("HTTP_X_FORWARDED_FOR")


def test_the_address_nginx_saw_is_used_and_what_the_client_wrote_is_ignored(
    settings: Any,
) -> None:
    address, header = _seen(
        settings, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert address == "203.0.113.9"
    assert header is None  # removed: nothing later can read a forged value


def test_a_client_that_is_not_the_proxy_cannot_choose_its_address(settings: Any) -> None:
    assert _seen(settings, REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="1.2.3.4") == (
        "198.51.100.4",
        None,
    )
    assert _seen(settings, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")[0] == (
        "127.0.0.1"
    )


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.THIDUA_TRUSTED_PROXIES = []
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(request.META)
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    ForwardedForMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == "127.0.0.1"


def test_the_login_lockout_counts_each_visitor_behind_the_proxy(cast: Cast, settings: Any) -> None:
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="127.0.0.1")
    attacker: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(3):
        client.post("/login/", {"username": "office", "password": "wrong"}, **attacker)
    locked = client.post("/login/", {"username": "office", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    # The clerk at another address, behind the same nginx, still logs in.
    clerk = Client(REMOTE_ADDR="127.0.0.1")
    response = clerk.post(
        "/login/",
        {"username": "office", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert response.status_code == 302
