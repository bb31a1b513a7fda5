"""Working days of Vietnamese state offices (pure Python, no Django).

A working day is Monday to Friday, not a public holiday, compensatory or swapped day off
listed in ``thidua.awards.data.holidays``; a Saturday or Sunday listed there as a make-up day
(làm bù) is a working day.  Years without data fall back to the fixed solar holidays (1/1,
30/4, 1/5, 2/9) on weekdays; ``has_data(year)`` tells whether a year is seeded.

Conventions (the law counts "within N working days" from the day after receipt):

- ``add_workdays(start, n)`` is the n-th working day after ``start`` (``start`` itself not
  counted); ``n == 0`` returns ``start``; a negative ``n`` counts backwards.
- ``count_workdays(start, end)`` is the number of working days ``d`` with
  ``start < d <= end`` (negative when ``end`` is before ``start``), so that
  ``count_workdays(start, add_workdays(start, n)) == n``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from thidua.awards.data.holidays import HOLIDAYS

ONE_DAY = dt.timedelta(days=1)
FIXED_SOLAR = ((1, 1), (4, 30), (5, 1), (9, 2))


def has_data(year: int) -> bool:
    return year in HOLIDAYS


@lru_cache(maxsize=256)
def _year_days(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    data = HOLIDAYS.get(year)
    if data is None:
        off = frozenset(dt.date(year, m, d) for m, d in FIXED_SOLAR)
        return off, frozenset()
    return frozenset(data["off"]), frozenset(data["make_up"])


def holiday_name(day: dt.date) -> str | None:
    """The name of the holiday or day off on ``day`` (None on other days)."""
    data = HOLIDAYS.get(day.year)
    if data is None:
        return "holiday" if (day.month, day.day) in FIXED_SOLAR else None
    return data["off"].get(day)


def is_workday(day: dt.date) -> bool:
    off, make_up = _year_days(day.year)
    if day in make_up:
        return True
    return day.weekday() < 5 and day not in off


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (before it when ``n`` is negative)."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day = start
    left = abs(n)
    while left:
        day += step
        if is_workday(day):
            left -= 1
    return day


def count_workdays(start: dt.date, end: dt.date) -> int:
    """Working days in the half-open interval (start, end]; negative if ``end < start``."""
    if end < start:
        return -count_workdays(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_workday(day):
            count += 1
    return count


def next_workday(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += ONE_DAY
    return day
