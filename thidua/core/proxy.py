"""The client's real address behind nginx.

Behind a reverse proxy every request reaches Django from the proxy's address, so the login
lockout (django-axes, per username and address) and the per-address limits of public comments
and polls would count every visitor as one.  When ``THIDUA_TRUSTED_PROXIES`` is set (in
production it defaults to loopback, where deploy/nginx.conf runs) and the request comes from
one of those addresses, ``REMOTE_ADDR`` becomes the last address nginx appended to
``X-Forwarded-For`` (the one it saw; anything before it was written by the client and is not
trusted).  ``X-Forwarded-For`` is then removed, so no later code can read a forged value; axes
is told to look at ``REMOTE_ADDR`` only (settings).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class ForwardedForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = frozenset(getattr(settings, "THIDUA_TRUSTED_PROXIES", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.pop("HTTP_X_FORWARDED_FOR", "")
        if forwarded and request.META.get("REMOTE_ADDR") in self.trusted:
            client = forwarded.split(",")[-1].strip()
            if _valid(client):
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
