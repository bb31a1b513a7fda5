"""Vietnamese text helpers: NFC normalisation and diacritic-insensitive folding.

Hand-written because the job is small and exact: ``unicodedata`` decomposes every Vietnamese
letter except đ/Đ (a letter of its own, not d + a mark), which we map by hand.  A library such
as Unidecode would also transliterate other scripts in ways we do not want for search keys.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace collapsed and ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Search key: lower case, no diacritics, đ → d, single spaces.

    >>> fold("Bạc Liêu")
    'bac lieu'
    >>> fold("ĐÔNG HẢI")
    'dong hai'
    """
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()
