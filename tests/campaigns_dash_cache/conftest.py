"""Every test starts with an empty dashboard cache (the default cache lives in the process
and outlives a test's database transaction)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.campaigns_dash.conftest import ntm, small

__all__ = ["ntm", "small"]


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
