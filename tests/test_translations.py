"""Every user-facing string has a Vietnamese translation, written in NFC.

Runs Django's own ``makemessages`` (GNU xgettext) over a copy of the source tree and checks each
extracted message against the union of the per-part catalogues in ``thidua/locale/*/vi``.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation
from django.utils.translation import trans_real

import thidua

SOURCE = Path(thidua.__file__).parent
CATALOGUES = sorted(SOURCE.glob("locale/*/vi/LC_MESSAGES/django.po"))


def _translated() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.fuzzy and not entry.obsolete:
                found[entry.msgid] = entry.msgstr
            elif entry.msgstr_plural and not entry.fuzzy and all(entry.msgstr_plural.values()):
                found[entry.msgid] = entry.msgstr_plural[0]
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_message_in_the_code_has_a_vietnamese_translation(tmp_path: Path) -> None:
    shutil.copytree(
        SOURCE,
        tmp_path / "thidua",
        ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations", "static", "rules"),
    )
    (tmp_path / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=["vi"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    template = polib.pofile(str(tmp_path / "locale" / "django.pot"))
    translated = _translated()
    missing = sorted(
        f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"
        for entry in template
        if entry.msgid not in translated
    )
    assert not missing, "Untranslated messages:\n" + "\n".join(missing)


def test_catalogues_are_nfc_and_carry_vietnamese_diacritics() -> None:
    assert CATALOGUES, "no Vietnamese catalogue found"
    for path in CATALOGUES:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path} is not NFC"


def test_vietnamese_is_the_default_language_and_english_is_available() -> None:
    call_command("compiletranslations", verbosity=0)
    trans_real._translations = {}  # type: ignore[attr-defined]  # reload the new catalogues
    with translation.override("vi"):
        assert translation.gettext("unit") == "đơn vị"
    with translation.override("en"):
        assert translation.gettext("unit") == "unit"


def test_one_message_has_one_vietnamese_wording_across_catalogues() -> None:
    """Django merges all catalogues into one, so the same English message translated two ways
    would show whichever catalogue loads first.  Different meanings need a context
    (pgettext), the same meaning needs the same words."""
    seen: dict[tuple[str | None, str], tuple[str, Path]] = {}
    clashes = []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][0] != entry.msgstr:
                clashes.append(
                    f"{entry.msgid!r}: {seen[key][0]!r} ({seen[key][1].parts[-4]}) "
                    f"vs {entry.msgstr!r} ({path.parts[-4]})"
                )
            seen.setdefault(key, (entry.msgstr, path))
    assert not clashes, "\n".join(clashes)
