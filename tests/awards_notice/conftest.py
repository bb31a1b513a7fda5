"""Fixtures for public notice: the commendation domain's builders and a clean cache (the
comment rate limit is counted there)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.awards_domain.conftest import council, nominate, person

__all__ = ["council", "nominate", "person"]


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
