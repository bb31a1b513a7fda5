"""Codes shared by the catalog, the facts and the engine (see docs/rules.md).

Pure Python: nothing under ``thidua.awards.rules`` may import Django.
"""

from __future__ import annotations

from typing import Final, Literal

Subject = Literal["individual", "collective", "household"]
SUBJECTS: Final = ("individual", "collective", "household")
SUBJECT_VI: Final = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}

# Yearly task ratings, lowest first.
RATINGS: Final = ("KHT", "HT", "HTT", "HTXS")
RATING_RANK: Final = {code: rank for rank, code in enumerate(RATINGS)}
RATING_VI: Final = {
    "HTXS": "hoàn thành xuất sắc nhiệm vụ",
    "HTT": "hoàn thành tốt nhiệm vụ",
    "HT": "hoàn thành nhiệm vụ",
    "KHT": "không hoàn thành nhiệm vụ",
}

# Discipline forms, in rising severity (officials and public employees).
DISCIPLINE_LEVELS: Final = (
    "khien_trach",
    "canh_cao",
    "ha_bac",
    "giang_chuc",
    "cach_chuc",
    "bai_nhiem",
    "buoc_thoi_viec",
)
DISCIPLINE_RANK: Final = {code: rank for rank, code in enumerate(DISCIPLINE_LEVELS)}
DISCIPLINE_VI: Final = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "bai_nhiem": "bãi nhiệm",
    "buoc_thoi_viec": "buộc thôi việc",
}

# Scope at which an initiative or a science project is recognised, lowest first.
INITIATIVE_LEVELS: Final = ("co_so", "bo_tinh", "toan_quoc")
INITIATIVE_RANK: Final = {code: rank for rank, code in enumerate(INITIATIVE_LEVELS)}
INITIATIVE_LEVEL_VI: Final = {
    "co_so": "cấp cơ sở",
    "bo_tinh": "cấp bộ, ban, ngành, tỉnh",
    "toan_quoc": "toàn quốc",
}
INITIATIVE_KINDS: Final = ("initiative", "project")
INITIATIVE_KIND_VI: Final = {"initiative": "sáng kiến", "project": "đề tài khoa học"}

# Short Vietnamese names used inside reason sentences (the catalog holds the full names).
SHORT_VI: Final = {
    "LDTT": "Lao động tiên tiến",
    "CSTT": "Chiến sĩ tiên tiến",
    "CSTDCS": "CSTĐCS",
    "CSTD_BT": "CSTĐ cấp bộ, ngành, tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_BT": "Cờ thi đua cấp bộ, ngành, tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GDVH": "Gia đình văn hóa",
    "THONVH": "Thôn, tổ dân phố văn hóa",
    "XA_TB": "Xã, phường tiêu biểu",
    "GK": "Giấy khen",
    "BK_BT": "Bằng khen cấp bộ, ngành, tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
}


def years_vi(years: list[int] | tuple[int, ...]) -> str:
    """``[2022, 2023]`` → ``"2022, 2023"``."""
    return ", ".join(str(y) for y in sorted(years))
