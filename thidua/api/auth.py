"""How a request to the API says who it is.

1. ``Authorization: Bearer thd_…`` — a personal API token (``ApiToken``).  A header carrying
   a bad, revoked or expired token, or the token of a disabled account, is refused with 401
   at once: it never falls back to the browser session.
2. The browser session of a logged-in user (handy for the docs page).  Unsafe methods (POST,
   PUT, PATCH, DELETE) then need the CSRF token, exactly like a form.

Whatever the way in, ``request.auth`` and ``request.user`` are the account, and
``request.api_token`` is the token used (None for a session).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from thidua.api.errors import ApiError, ErrorCode, NotAuthenticated
from thidua.api.services import token_authenticate


class TokenAuth(HttpBearer):
    """Personal API tokens sent as ``Authorization: Bearer <token>``."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if found is None:
            raise NotAuthenticated
        user = found.user
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The Django session of a logged-in browser; CSRF is checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF only matters for a request that the session would authenticate; an anonymous
        # request gets 401, not a CSRF error.
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise ApiError(
                403,
                _("The security check (CSRF) failed: reload the page and try again."),
                ErrorCode.CSRF_FAILED,
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        request.api_token = None  # type: ignore[attr-defined]
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
# The order matters: a token in the header wins over the session.
DEFAULT_AUTH = [token_auth, session_auth]
