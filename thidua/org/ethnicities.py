"""Vietnam's 54 ethnic groups (danh mục các dân tộc Việt Nam, General Statistics Office),
spelt as in the official list, plus the value used for foreigners.

``canonical_ethnicity()`` turns what a clerk typed ("tay", "Ê-đê", "H'Mông", "khơ me") into the
official spelling, or returns None when the text is not an ethnic group of Vietnam.
"""

from __future__ import annotations

import re

from thidua.core.text import fold, nfc

# In the order of the official list (code 01 to 54).
ETHNICITIES: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ Ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "Kháng",
    "La Chí",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Chứt",
    "Lự",
    "Lô Lô",
    "Mảng",
    "Cờ Lao",
    "Bố Y",
    "Cống",
    "Ngái",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)

# A person who is not a Vietnamese citizen has no Vietnamese ethnicity.
FOREIGN = "Nước ngoài"

# Other spellings found in records and older lists.
ALIASES: dict[str, str] = {
    "Khơ Me": "Khmer",
    "Khơ-me": "Khmer",
    "H'Mông": "Mông",
    "Hmông": "Mông",
    "Mèo": "Mông",
    "Bru - Vân Kiều": "Bru Vân Kiều",
    "Vân Kiều": "Bru Vân Kiều",
    "Raglai": "Ra Glai",
    "Cơ Lao": "Cờ Lao",
    "Ba-na": "Ba Na",
    "Gia-rai": "Gia Rai",
    "Ê-đê": "Ê Đê",
    "Xơ-đăng": "Xơ Đăng",
    "Cơ-ho": "Cơ Ho",
    "Tà-ôi": "Tà Ôi",
    "Giẻ-Triêng": "Giẻ Triêng",
    "Chơ-ro": "Chơ Ro",
    "Chu-ru": "Chu Ru",
    "Xinh-mun": "Xinh Mun",
    "Hà-nhì": "Hà Nhì",
    "Pà-thẻn": "Pà Thẻn",
    "Lô-lô": "Lô Lô",
    "Bố-y": "Bố Y",
    "Si-la": "Si La",
    "Pu-péo": "Pu Péo",
    "Rơ-măm": "Rơ Măm",
    "Ơ-đu": "Ơ Đu",
    "Người nước ngoài": FOREIGN,
}

_PUNCTUATION = re.compile(r"[\s\-'’‘`]+")


def _key(text: str) -> str:
    """Comparison key: no diacritics, no case, no spaces, hyphens or apostrophes."""
    return _PUNCTUATION.sub("", fold(text))


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in (*ETHNICITIES, FOREIGN):
        index[_key(name)] = name
    for alias, name in ALIASES.items():
        index.setdefault(_key(alias), name)
    return index


_INDEX = _build_index()


def canonical_ethnicity(text: str) -> str | None:
    """The official spelling of ``text``, or None if it is not one of the 54 groups or
    "Nước ngoài".  Exact spellings win; otherwise diacritics, case and hyphens are ignored
    (every one of the 54 names stays distinct without its diacritics)."""
    text = nfc(text)
    if not text:
        return None
    for name in (*ETHNICITIES, FOREIGN):
        if text.casefold() == name.casefold():
            return name
    return _INDEX.get(_key(text))
