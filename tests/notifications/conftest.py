"""Notification fixtures: the standing cast with e-mail addresses and a locmem mailer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cast
from thidua.org.models import User

ADDRESSES = {
    "office": "vanphong@baclieu.gov.vn",
    "officer": "hongdan@baclieu.gov.vn",
    "viewer": "xem.hongdan@baclieu.gov.vn",
    "xa": "ntla@baclieu.gov.vn",
    "council": "hoidong@baclieu.gov.vn",
    "leader": "lanhdao@baclieu.gov.vn",
    "outsider": "st@soctrang.gov.vn",
}


@pytest.fixture
def mailer(settings: Any) -> Any:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.DEFAULT_FROM_EMAIL = "thidua@baclieu.gov.vn"
    settings.THIDUA_BASE_URL = "https://thidua.baclieu.gov.vn"
    return settings


@pytest.fixture
def addressed(cast: Cast, mailer: Any) -> Cast:
    """The cast, every account with an e-mail address (admin has none)."""
    for username, email in ADDRESSES.items():
        User.objects.filter(username=username).update(email=email)
    for name in ("office", "officer", "viewer", "commune_officer", "council", "leader", "outsider"):
        getattr(cast, name).refresh_from_db()
    return cast


def sent_to(outbox: list[Any]) -> list[str]:
    return sorted(address for message in outbox for address in message.to)
