"""API tokens: how they are made, stored, used, revoked and expire."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Cast
from thidua.api import services
from thidua.api.models import ApiToken, TokenStatus
from thidua.core.audit import history


def _me(secret: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_token_is_stored_as_a_hash_never_in_clear(cast: Cast) -> None:
    token, secret = services.token_create(actor=cast.office, user=cast.office, name="Excel")
    assert secret.startswith("thd_")
    assert len(secret) >= 4 + 43  # 32 random bytes, url-safe base64
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) == 12
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert secret not in stored
    assert all(secret[len(token.prefix) :] not in value for value in stored)


def test_each_token_is_different(cast: Cast) -> None:
    secrets_ = {services.token_create(actor=None, user=cast.office, name="x")[1] for _ in range(5)}
    assert len(secrets_) == 5


def test_creation_and_revocation_are_audited_without_the_secret(cast: Cast) -> None:
    token, secret = services.token_create(actor=cast.office, user=cast.office, name="Báo cáo")
    services.token_revoke(actor=cast.office, token=token)
    events = list(history(token))
    assert [e.action for e in events] == ["api_token.revoke", "api_token.create"]
    assert all(e.actor == cast.office for e in events)
    assert events[1].after is not None and events[1].after["name"] == "Báo cáo"
    assert events[0].after is not None and events[0].after["revoked_at"]
    for event in events:
        assert secret not in str(event.before) + str(event.after)
        assert token.key_hash not in str(event.before) + str(event.after)
        assert event.unit_id == cast.province.pk


def test_a_token_authenticates_until_revoked(cast: Cast) -> None:
    token, secret = services.token_create(actor=None, user=cast.officer, name="x")
    assert _me(secret) == 200
    services.token_revoke(actor=cast.officer, token=token)
    token.refresh_from_db()
    assert token.status() == TokenStatus.REVOKED
    assert _me(secret) == 401
    # Revoking twice keeps the first revocation time and writes no second audit event.
    first = token.revoked_at
    services.token_revoke(actor=cast.officer, token=token)
    token.refresh_from_db()
    assert token.revoked_at == first
    assert [e.action for e in history(token)].count("api_token.revoke") == 1


def test_an_expired_token_is_refused(cast: Cast) -> None:
    soon = timezone.now() + dt.timedelta(hours=1)
    token, secret = services.token_create(actor=None, user=cast.officer, name="x", expires_at=soon)
    assert _me(secret) == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _me(secret) == 401
    token.refresh_from_db()
    assert token.status() == TokenStatus.EXPIRED
    assert services.token_authenticate(secret, now=soon - dt.timedelta(days=1)) is not None


def test_a_disabled_account_cannot_use_or_get_tokens(cast: Cast) -> None:
    _token, secret = services.token_create(actor=None, user=cast.officer, name="x")
    cast.officer.is_active = False
    cast.officer.save(update_fields=["is_active"])
    assert _me(secret) == 401
    with pytest.raises(ValidationError):
        services.token_create(actor=None, user=cast.officer, name="y")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer thd_notatoken",
        "Bearer ",
        "Bearer abc",
        "Token thd_x",
        "Bearer " + "thd_" + "x" * 300,
    ],
)
def test_malformed_or_unknown_tokens_get_401(cast: Cast, header: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_name_and_expiry_are_checked(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.token_create(actor=None, user=cast.office, name="   ")
    with pytest.raises(ValidationError):
        services.token_create(actor=None, user=cast.office, name="x" * 101)
    with pytest.raises(ValidationError):
        services.token_create(
            actor=None,
            user=cast.office,
            name="x",
            expires_at=timezone.now() - dt.timedelta(minutes=1),
        )
    assert not ApiToken.objects.exists()


def test_last_used_is_written_at_most_once_a_minute(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    token, secret = services.token_create(actor=None, user=cast.office, name="x")
    t0 = timezone.now()
    assert services.token_authenticate(secret, now=t0) is not None
    token.refresh_from_db()
    assert token.last_used_at == t0
    # Within the minute: one read, no write.
    with django_assert_num_queries(1):
        assert services.token_authenticate(secret, now=t0 + dt.timedelta(seconds=59))
    token.refresh_from_db()
    assert token.last_used_at == t0
    # A minute later: the read and one write.
    later = t0 + dt.timedelta(seconds=61)
    with django_assert_num_queries(2):
        assert services.token_authenticate(secret, now=later)
    token.refresh_from_db()
    assert token.last_used_at == later
