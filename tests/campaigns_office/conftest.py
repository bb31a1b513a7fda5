"""Fixtures for the office pages of campaigns, built through the real services."""

from __future__ import annotations

import pytest

from thidua.campaigns.models import CriteriaSet


@pytest.fixture
def ntm(db: None) -> CriteriaSet:
    """The seeded national new-rural commune set (19 criteria)."""
    return CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
