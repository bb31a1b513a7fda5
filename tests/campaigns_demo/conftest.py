from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import (  # noqa: F401 - compiled catalogues and plain static files
    _compiled_catalogues,
    _fast_hashing_and_plain_static,
    _static_root,
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
