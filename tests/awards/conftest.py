"""Fixtures for the awards tests: compiled Vietnamese catalogues, fast password hashing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.utils import translation

AWARDS_LOCALE = Path(django_settings.BASE_DIR, "locale", "awards")


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """The .mo files are not kept in git; compile them (others' catalogues that do not parse
    at the moment are left alone, ours must)."""
    for po_path in sorted(Path(django_settings.BASE_DIR, "locale").glob("*/*/LC_MESSAGES/*.po")):
        try:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        except (OSError, ValueError):
            if po_path.is_relative_to(AWARDS_LOCALE):
                raise
    translation.trans_real._translations = {}  # type: ignore[attr-defined]


@pytest.fixture
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
