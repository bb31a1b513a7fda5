"""Fixtures for the office pages of campaigns, built through the real services."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.campaigns.models import CriteriaSet


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ntm(db: None) -> CriteriaSet:
    """The seeded national new-rural commune set (19 criteria)."""
    return CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
