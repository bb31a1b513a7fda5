from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _live_side_file(settings: Any, tmp_path: Path) -> None:
    """Each test has its own live-progress side file (SQLite)."""
    settings.THIDUA_JOBS_LIVE_PATH = str(tmp_path / "jobs-live.sqlite3")


from tests.imports.conftest import make_xlsx  # noqa: E402, F401  (the .xlsx maker fixture)
