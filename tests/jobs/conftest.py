from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _live_side_file(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Each test has its own live-progress side file (SQLite).  On PostgreSQL heartbeats are
    written through a private connection (committed at once, outside the test's
    transaction), so they are removed after each test."""
    settings.THIDUA_JOBS_LIVE_PATH = str(tmp_path / "jobs-live.sqlite3")
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        from thidua.jobs import live

        store = live.store()
        for worker in store.beats():
            store.forget(worker)
        store.close()  # or the test database cannot be dropped at the end


from tests.imports.conftest import make_xlsx  # noqa: E402, F401  (the .xlsx maker fixture)
