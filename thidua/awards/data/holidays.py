"""Vietnamese public holidays as data, one entry per year (seeded 2020–2027).

Each year lists the WORKING days on which state offices are closed — the holiday itself,
compensatory days off when a holiday falls on a weekend (nghỉ bù), and days off gained by a
swap (hoán đổi ngày làm việc) — and the weekend days worked to make up for a swap.  Weekend
days that are holidays need not be listed: a Saturday or Sunday is never a working day unless
it appears in ``make_up``.

Legal basis: Labour Code 2012 art. 115 (until 2020: Quốc khánh 1 day) and Labour Code 2019
art. 112 (from 2021: Tết Dương lịch 1 day, Tết Nguyên đán 5 days, Giỗ Tổ Hùng Vương 10/3 âm
lịch, 30/4, 1/5, Quốc khánh 2/9 plus the day before or after).  The Tết days, the day next
to 2/9 and any swap are fixed each year by the Prime Minister's decision and the labour (from
2025: home affairs) ministry's notice for civil servants; the dates below are those notices
as reported publicly.  A year marked ``verified: False`` was drawn up from the law and the
announcements available when it was seeded: check it against the official notice and edit
it here (it is plain data; nothing else needs to change).

To add a year, add an entry with the same shape.  Years without an entry fall back to the
fixed solar holidays only (see ``thidua.awards.workdays``).
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict


class YearHolidays(TypedDict):
    off: dict[dt.date, str]
    make_up: dict[dt.date, str]
    verified: bool


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


NEW_YEAR = "Tết Dương lịch"
TET = "Tết Nguyên đán"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
REUNIFICATION = "Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)"
LABOUR = "Ngày Quốc tế Lao động (1/5)"
NATIONAL_DAY = "Quốc khánh (2/9)"
COMPENSATORY = "nghỉ bù"
SWAPPED = "nghỉ hoán đổi"

HOLIDAYS: dict[int, YearHolidays] = {
    # Tết Canh Tý 25/1/2020 (Sat): off Thu 23/1 – Wed 29/1.  Giỗ Tổ 2/4 (Thu).
    # Quốc khánh a single day under the 2012 Labour Code.
    2020: {
        "off": {
            _d("2020-01-01"): NEW_YEAR,
            _d("2020-01-23"): TET,
            _d("2020-01-24"): TET,
            _d("2020-01-27"): TET,
            _d("2020-01-28"): TET,
            _d("2020-01-29"): TET,
            _d("2020-04-02"): HUNG_KINGS,
            _d("2020-04-30"): REUNIFICATION,
            _d("2020-05-01"): LABOUR,
            _d("2020-09-02"): NATIONAL_DAY,
        },
        "make_up": {},
        "verified": True,
    },
    # Tết Tân Sửu 12/2/2021 (Fri): off Wed 10/2 – Tue 16/2.  Giỗ Tổ 21/4 (Wed).
    # 1/5 on a Saturday: Mon 3/5 off.  Quốc khánh 2/9 (Thu) + 3/9 (Fri).
    2021: {
        "off": {
            _d("2021-01-01"): NEW_YEAR,
            _d("2021-02-10"): TET,
            _d("2021-02-11"): TET,
            _d("2021-02-12"): TET,
            _d("2021-02-15"): TET,
            _d("2021-02-16"): TET,
            _d("2021-04-21"): HUNG_KINGS,
            _d("2021-04-30"): REUNIFICATION,
            _d("2021-05-03"): f"{LABOUR} ({COMPENSATORY})",
            _d("2021-09-02"): NATIONAL_DAY,
            _d("2021-09-03"): NATIONAL_DAY,
        },
        "make_up": {},
        "verified": True,
    },
    # 1/1 on a Saturday: Mon 3/1 off.  Tết Nhâm Dần 1/2/2022 (Tue): off Sat 29/1 – Sun 6/2.
    # Giỗ Tổ 10/4 (Sun): Mon 11/4 off.  30/4 and 1/5 on the weekend: Mon 2/5 and Tue 3/5 off.
    # Quốc khánh 1/9 (Thu) + 2/9 (Fri).
    2022: {
        "off": {
            _d("2022-01-03"): f"{NEW_YEAR} ({COMPENSATORY})",
            _d("2022-01-31"): TET,
            _d("2022-02-01"): TET,
            _d("2022-02-02"): TET,
            _d("2022-02-03"): TET,
            _d("2022-02-04"): TET,
            _d("2022-04-11"): f"{HUNG_KINGS} ({COMPENSATORY})",
            _d("2022-05-02"): f"{REUNIFICATION} ({COMPENSATORY})",
            _d("2022-05-03"): f"{LABOUR} ({COMPENSATORY})",
            _d("2022-09-01"): NATIONAL_DAY,
            _d("2022-09-02"): NATIONAL_DAY,
        },
        "make_up": {},
        "verified": True,
    },
    # 1/1 on a Sunday: Mon 2/1 off.  Tết Quý Mão 22/1/2023 (Sun): off Fri 20/1 – Thu 26/1.
    # Giỗ Tổ 29/4 (Sat), 30/4 (Sun), 1/5 (Mon): Tue 2/5 and Wed 3/5 off.
    # Quốc khánh 1/9 (Fri) + 2/9 (Sat): Mon 4/9 off.
    2023: {
        "off": {
            _d("2023-01-02"): f"{NEW_YEAR} ({COMPENSATORY})",
            _d("2023-01-20"): TET,
            _d("2023-01-23"): TET,
            _d("2023-01-24"): TET,
            _d("2023-01-25"): TET,
            _d("2023-01-26"): TET,
            _d("2023-05-01"): LABOUR,
            _d("2023-05-02"): f"{HUNG_KINGS} ({COMPENSATORY})",
            _d("2023-05-03"): f"{REUNIFICATION} ({COMPENSATORY})",
            _d("2023-09-01"): NATIONAL_DAY,
            _d("2023-09-04"): f"{NATIONAL_DAY} ({COMPENSATORY})",
        },
        "make_up": {},
        "verified": True,
    },
    # Tết Giáp Thìn 10/2/2024 (Sat): off Thu 8/2 – Wed 14/2.  Giỗ Tổ 18/4 (Thu).
    # 30/4 (Tue), 1/5 (Wed): Mon 29/4 swapped with Sat 4/5.  Quốc khánh 2/9 (Mon) + 3/9 (Tue).
    2024: {
        "off": {
            _d("2024-01-01"): NEW_YEAR,
            _d("2024-02-08"): TET,
            _d("2024-02-09"): TET,
            _d("2024-02-12"): TET,
            _d("2024-02-13"): TET,
            _d("2024-02-14"): TET,
            _d("2024-04-18"): HUNG_KINGS,
            _d("2024-04-29"): SWAPPED,
            _d("2024-04-30"): REUNIFICATION,
            _d("2024-05-01"): LABOUR,
            _d("2024-09-02"): NATIONAL_DAY,
            _d("2024-09-03"): NATIONAL_DAY,
        },
        "make_up": {_d("2024-05-04"): "làm bù cho thứ Hai 29/4/2024"},
        "verified": True,
    },
    # Tết Ất Tỵ 29/1/2025 (Wed): off Sat 25/1 – Sun 2/2.  Giỗ Tổ 7/4 (Mon).
    # 30/4 (Wed), 1/5 (Thu): Fri 2/5 swapped with Sat 26/4.  Quốc khánh 1/9 (Mon) + 2/9 (Tue).
    2025: {
        "off": {
            _d("2025-01-01"): NEW_YEAR,
            _d("2025-01-27"): TET,
            _d("2025-01-28"): TET,
            _d("2025-01-29"): TET,
            _d("2025-01-30"): TET,
            _d("2025-01-31"): TET,
            _d("2025-04-07"): HUNG_KINGS,
            _d("2025-04-30"): REUNIFICATION,
            _d("2025-05-01"): LABOUR,
            _d("2025-05-02"): SWAPPED,
            _d("2025-09-01"): NATIONAL_DAY,
            _d("2025-09-02"): NATIONAL_DAY,
        },
        "make_up": {_d("2025-04-26"): "làm bù cho thứ Sáu 2/5/2025"},
        "verified": True,
    },
    # NOT VERIFIED against the final notices: Tết Bính Ngọ 17/2/2026 (Tue), off Mon 16/2 –
    # Fri 20/2 (with the weekends, 14/2 – 22/2); Giỗ Tổ 26/4 (Sun): Mon 27/4 off; Quốc khánh
    # 1/9 (Tue) + 2/9 (Wed) with Mon 31/8 swapped for Sat 22/8 as announced; Ngày Văn hoá Việt
    # Nam 24/11 (Tue) as a day off from 2026 is also taken from announcements.
    2026: {
        "off": {
            _d("2026-01-01"): NEW_YEAR,
            _d("2026-02-16"): TET,
            _d("2026-02-17"): TET,
            _d("2026-02-18"): TET,
            _d("2026-02-19"): TET,
            _d("2026-02-20"): TET,
            _d("2026-04-27"): f"{HUNG_KINGS} ({COMPENSATORY})",
            _d("2026-04-30"): REUNIFICATION,
            _d("2026-05-01"): LABOUR,
            _d("2026-08-31"): SWAPPED,
            _d("2026-09-01"): NATIONAL_DAY,
            _d("2026-09-02"): NATIONAL_DAY,
            _d("2026-11-24"): "Ngày Văn hóa Việt Nam",
        },
        "make_up": {_d("2026-08-22"): "làm bù cho thứ Hai 31/8/2026"},
        "verified": False,
    },
    # NOT VERIFIED (projected from the law; the Prime Minister had not decided when seeded):
    # Tết Đinh Mùi 6/2/2027 (Sat): assumed off Thu 4/2 – Wed 10/2; Giỗ Tổ 16/4 (Fri);
    # 1/5 on a Saturday: Mon 3/5 off; Quốc khánh 2/9 (Thu) + 3/9 (Fri).
    2027: {
        "off": {
            _d("2027-01-01"): NEW_YEAR,
            _d("2027-02-04"): TET,
            _d("2027-02-05"): TET,
            _d("2027-02-08"): TET,
            _d("2027-02-09"): TET,
            _d("2027-02-10"): TET,
            _d("2027-04-16"): HUNG_KINGS,
            _d("2027-04-30"): REUNIFICATION,
            _d("2027-05-03"): f"{LABOUR} ({COMPENSATORY})",
            _d("2027-09-02"): NATIONAL_DAY,
            _d("2027-09-03"): NATIONAL_DAY,
        },
        "make_up": {},
        "verified": False,
    },
}

# The lunar holidays as solar dates, whether or not they fell on a working day (for display
# and sanity checks): the first day of the lunar year (mùng 1 Tết) and 10/3 âm lịch.
CALENDAR_DAYS: dict[int, dict[str, dt.date]] = {
    2020: {"tet": _d("2020-01-25"), "hung_kings": _d("2020-04-02")},
    2021: {"tet": _d("2021-02-12"), "hung_kings": _d("2021-04-21")},
    2022: {"tet": _d("2022-02-01"), "hung_kings": _d("2022-04-10")},
    2023: {"tet": _d("2023-01-22"), "hung_kings": _d("2023-04-29")},
    2024: {"tet": _d("2024-02-10"), "hung_kings": _d("2024-04-18")},
    2025: {"tet": _d("2025-01-29"), "hung_kings": _d("2025-04-07")},
    2026: {"tet": _d("2026-02-17"), "hung_kings": _d("2026-04-26")},
    2027: {"tet": _d("2027-02-06"), "hung_kings": _d("2027-04-16")},
}
