"""The one write path for API tokens: create, revoke, and note when a token was used.

Every change is audited.  The plain token is returned once by ``token_create`` and never
stored: the database keeps its SHA-256 hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.api.models import DISPLAY_CHARS, TOKEN_PREFIX, ApiToken, hash_token
from thidua.core import audit
from thidua.core.text import nfc

# ``last_used_at`` is written at most once per this interval, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
TOKEN_FIELDS = ("user", "name", "prefix", "expires_at", "revoked_at")
MAX_NAME_LENGTH = 100


def _new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def token_create(
    *,
    actor: Any,
    user: Any,
    name: str,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with the plain secret (shown once)."""
    name = nfc(name)
    if not name:
        raise ValidationError(_("Give the token a name, e.g. the program that will use it."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The token name is too long (at most %(n)d characters).") % {"n": MAX_NAME_LENGTH}
        )
    if not user.is_active:
        raise ValidationError(
            _("The account %(u)s is disabled and cannot get a token.") % {"u": user.get_username()}
        )
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ValidationError(_("The expiry date must be in the future."))
    while True:  # a prefix collision is astronomically rare, but the prefix must be unique
        secret = _new_secret()
        prefix = secret[: len(TOKEN_PREFIX) + DISPLAY_CHARS]
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=hash_token(secret),
        created_at=now,
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=token,
        after=audit.snapshot(token, TOKEN_FIELDS),
        unit_id=user.unit_id,
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once.  Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token, TOKEN_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        before=before,
        after=audit.snapshot(token, TOKEN_FIELDS),
        unit_id=token.user.unit_id,
    )
    return token


def token_touch(*, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Note that the token was used, at most once per ``LAST_USED_RESOLUTION``.

    Not audited: this is bookkeeping, not a change anyone made."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_authenticate(raw: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The usable token matching ``raw`` with its active owner, or None.  One query (plus
    one write at most once a minute)."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    now = now or timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    token_touch(token=token, now=now)
    return token
