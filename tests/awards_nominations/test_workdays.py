"""Working-day arithmetic on known dates and the holiday data's sanity."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards import workdays
from thidua.awards.data.holidays import CALENDAR_DAYS, HOLIDAYS
from thidua.awards.deadlines import due_date

D = dt.date


def test_twenty_working_days_before_tet_2021_land_after_the_holiday() -> None:
    # Mon 1/2/2021; Tết Tân Sửu closed offices Wed 10/2 – Tue 16/2 (5 working days).
    assert workdays.add_workdays(D(2021, 2, 1), 20) == D(2021, 3, 8)
    # Without the holiday it would have been 1/3/2021.
    assert workdays.count_workdays(D(2021, 2, 1), D(2021, 3, 1)) == 15


def test_tet_days_are_not_working_days() -> None:
    for day in (D(2021, 2, 10), D(2021, 2, 16), D(2025, 1, 27), D(2025, 1, 31)):
        assert not workdays.is_workday(day), day
    assert workdays.is_workday(D(2021, 2, 17))
    assert workdays.holiday_name(D(2024, 2, 12)) == "Tết Nguyên đán"


def test_compensatory_and_swapped_days() -> None:
    # 1/5/2021 fell on a Saturday: Monday 3/5 was off.
    assert not workdays.is_workday(D(2021, 5, 3))
    # 2024: Monday 29/4 off, Saturday 4/5 worked instead.
    assert not workdays.is_workday(D(2024, 4, 29))
    assert workdays.is_workday(D(2024, 5, 4))
    # 2025: Friday 2/5 off, Saturday 26/4 worked.
    assert workdays.is_workday(D(2025, 4, 26))
    assert not workdays.is_workday(D(2025, 5, 2))
    # Friday 25/4/2025 to Tuesday 6/5/2025: Sat 26/4, Mon 28/4, Tue 29/4, Mon 5/5, Tue 6/5.
    assert workdays.count_workdays(D(2025, 4, 25), D(2025, 5, 6)) == 5


def test_quoc_khanh_one_day_in_2020_two_from_2021() -> None:
    assert not workdays.is_workday(D(2020, 9, 2))
    assert workdays.is_workday(D(2020, 9, 3))
    assert not workdays.is_workday(D(2021, 9, 3))


def test_five_working_days_over_a_weekend() -> None:
    # Thursday 3/12/2020 + 5 working days = Thursday 10/12/2020.
    assert workdays.add_workdays(D(2020, 12, 3), 5) == D(2020, 12, 10)
    assert workdays.add_workdays(D(2020, 12, 10), -5) == D(2020, 12, 3)


@pytest.mark.parametrize("year", range(2020, 2028))
def test_every_seeded_year_has_the_main_holidays(year: int) -> None:
    data = HOLIDAYS[year]
    off = data["off"]
    names = " ".join(off.values())
    assert "Tết Nguyên đán" in names
    tet = CALENDAR_DAYS[year]["tet"]
    # Five working days of Tết within a week and a half around mùng 1.
    tet_days = [d for d, name in off.items() if name == "Tết Nguyên đán"]
    assert len(tet_days) == 5
    assert all(abs((d - tet).days) <= 6 for d in tet_days)
    for month, day in ((4, 30), (5, 1), (9, 2)):
        holiday = D(year, month, day)
        # Each is either a listed day off or falls on a weekend (then a day off follows).
        assert holiday in off or holiday.weekday() >= 5, holiday
        assert not workdays.is_workday(holiday)
    national = [d for d in off if d.month in (8, 9) and "Quốc khánh" in off[d]]
    assert national, year
    if year >= 2021:
        assert len([d for d in off if "Quốc khánh" in off[d]]) + (D(year, 9, 2).weekday() >= 5) >= 2
    for make_up in data["make_up"]:
        assert make_up.weekday() >= 5
    assert all(d.year == year for d in off)
    # Giỗ Tổ: 10/3 âm lịch falls in March or April.
    assert CALENDAR_DAYS[year]["hung_kings"].month in (3, 4)


def test_unverified_years_are_marked() -> None:
    assert HOLIDAYS[2025]["verified"] is True
    assert HOLIDAYS[2027]["verified"] is False


def test_years_without_data_keep_the_fixed_holidays() -> None:
    assert not workdays.has_data(2031)
    assert not workdays.is_workday(D(2031, 9, 2))  # a Tuesday
    assert workdays.is_workday(D(2031, 9, 3))


dates = st.dates(min_value=D(2019, 12, 1), max_value=D(2028, 1, 31))


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_adding_then_counting_returns_n(start: dt.date, n: int) -> None:
    end = workdays.add_workdays(start, n)
    assert workdays.count_workdays(start, end) == n
    assert end >= start
    if n:
        assert workdays.is_workday(end)


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=120))
def test_going_back_undoes_going_forward_from_a_working_day(start: dt.date, n: int) -> None:
    start = workdays.next_workday(start)
    end = workdays.add_workdays(start, n)
    assert workdays.add_workdays(end, -n) == start


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, c=dates)
def test_counting_is_additive_and_antisymmetric(a: dt.date, b: dt.date, c: dt.date) -> None:
    assert workdays.count_workdays(a, b) == -workdays.count_workdays(b, a)
    assert workdays.count_workdays(a, c) == workdays.count_workdays(a, b) + workdays.count_workdays(
        b, c
    )


@settings(max_examples=100, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_adding_is_monotonic(start: dt.date, n: int) -> None:
    assert workdays.add_workdays(start, n) <= workdays.add_workdays(start, n + 1)
    assert workdays.add_workdays(start, n) <= workdays.add_workdays(start + dt.timedelta(days=1), n)


def test_due_dates_per_state() -> None:
    submitted = D(2021, 2, 8)  # Monday before Tết Tân Sửu
    due = due_date(state="submitted", year=2020, submitted_on=submitted, today=D(2021, 2, 17))
    assert due is not None
    # 5 working days: 9/2, then Tết to 16/2, then 17, 18, 19, 22/2.
    assert due.date == D(2021, 2, 22) and due.kind == "completeness" and not due.overdue
    late = due_date(state="submitted", year=2020, submitted_on=submitted, today=D(2021, 2, 24))
    assert late is not None and late.overdue and late.late_days == 2
    appraisal = due_date(state="checked", year=2020, submitted_on=submitted, today=submitted)
    assert appraisal is not None and appraisal.date == workdays.add_workdays(submitted, 20)
    draft = due_date(
        state="draft",
        year=2020,
        submitted_on=None,
        today=D(2020, 12, 11),
        submission_deadline="12-10",
    )
    assert draft is not None and draft.date == D(2020, 12, 10) and draft.overdue
    assert draft.late_days == 1
    assert due_date(state="decided", year=2020, submitted_on=submitted, today=submitted) is None
