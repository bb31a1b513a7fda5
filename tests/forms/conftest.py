"""Fixtures for the tests of the forms that change units, people and accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.utils.translation import trans_real

import thidua

CATALOGUE = Path(thidua.__file__).parent / "locale/forms/vi/LC_MESSAGES/django.po"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogue() -> Iterator[None]:
    """The Vietnamese messages the tests look for come from this part's catalogue, which is
    compiled here (``.mo`` files are not kept in git)."""
    polib.pofile(str(CATALOGUE)).save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]
    yield


@pytest.fixture(autouse=True)
def _fast_and_simple(settings: Any) -> None:
    """A fast password hasher (the cast creates eight accounts per test) and plain static
    files storage (no collected manifest is needed to render a page)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
