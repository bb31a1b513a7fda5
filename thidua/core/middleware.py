from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user has chosen another language with the switch.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language header, and
    many office PCs run an English Windows: clerks would get English screens they never asked
    for.  Placed before LocaleMiddleware, this drops the header so the choice is the language
    cookie (set by the switch) or LANGUAGE_CODE ("vi").  API clients have no switch, so the
    API keeps honouring the header they send on purpose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
