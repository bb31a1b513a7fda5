"""Legal time limits of nominations, counted in working days (LAW.md, Procedure).

- draft or returned: the proposing unit sends the dossier by the jurisdiction's submission
  date of the nomination's year (policy ``submission_deadline``, default 10 December);
- submitted: the office of the awarding level accepts it as complete or returns it as
  incomplete within 5 working days of receipt;
- checked (in appraisal) and before the council: a complete dossier is appraised within 20
  working days of receipt;
- decided: no further limit is tracked here (forwarding the decision, 10 working days, is
  the decisions' business).

Pure functions over plain values (``due_date``) plus a helper that finds the submission date
in force for many awarding units in one query (``submission_deadlines``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.awards.workdays import add_workdays, count_workdays

COMPLETENESS_DAYS = 5
APPRAISAL_DAYS = 20
DECISION_FORWARD_DAYS = 10
DEFAULT_SUBMISSION = "12-10"


@dataclass(frozen=True)
class Due:
    date: dt.date
    kind: str  # "submission" | "completeness" | "appraisal"
    overdue: bool
    late_days: int  # working days past the due date (0 when not overdue)


def _submission_date(year: int, month_day: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{year}-{month_day}")
    except ValueError:
        return dt.date.fromisoformat(f"{year}-{DEFAULT_SUBMISSION}")


def due_date(
    *,
    state: str,
    year: int,
    submitted_on: dt.date | None,
    today: dt.date,
    submission_deadline: str = DEFAULT_SUBMISSION,
) -> Due | None:
    """The time limit for the current state of a nomination, or None when none applies."""
    if state in ("draft", "returned"):
        due, kind = _submission_date(year, submission_deadline), "submission"
        # A calendar date: overdue from the next day; late days still counted as working days.
    elif state == "submitted" and submitted_on is not None:
        due, kind = add_workdays(submitted_on, COMPLETENESS_DAYS), "completeness"
    elif state in ("checked", "council") and submitted_on is not None:
        due, kind = add_workdays(submitted_on, APPRAISAL_DAYS), "appraisal"
    else:
        return None
    overdue = today > due
    late = max(count_workdays(due, today), 0) if overdue else 0
    return Due(date=due, kind=kind, overdue=overdue, late_days=late)


def deadline_for_path(path: str, rows: Iterable[tuple[str, str]]) -> str:
    """The submission date (MM-DD) in force for a unit at ``path``: the setting of the
    nearest unit at or above it among ``rows`` ((unit path, value) pairs, applied in the
    order given: later rows win at the same depth)."""
    best, best_depth = DEFAULT_SUBMISSION, -1
    for unit_path, value in rows:
        if path.startswith(unit_path) and len(unit_path) >= best_depth:
            best, best_depth = str(value), len(unit_path)
    return best
