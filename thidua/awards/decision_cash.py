"""Cash of a decision before it is issued: the preview the office sees while preparing it.

The amounts follow ``services.decision_issue`` exactly (multiple × base salary from the
authority's settings, rounded up to the settings' step, 10,000 VND by default; for titles of
the same year only the highest is paid: awardees are taken highest first and each title pays
the difference to what the subject was already paid for titles that year).  Read-only, two
queries whatever the number of nominations (settings and cash already paid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, Sum

from thidua.awards import selectors
from thidua.awards.models import AwardKind, Commendation, Nomination
from thidua.awards.rules import Settings, rule_set_for_year
from thidua.org.models import Unit

SubjectKey = tuple[int | None, int | None, str, int]


@dataclass(frozen=True)
class CashLine:
    nomination: Nomination
    amount: int | None  # the award's amount (None: the award carries no cash)
    paid: int | None  # what this decision pays (highest-only rule applied)

    @property
    def reduced(self) -> bool:
        return self.amount is not None and self.paid is not None and self.paid < self.amount


def _key(n: Nomination) -> SubjectKey:
    return (n.person_id, n.unit_id, n.household_name, n.year)


def award_amount(nomination: Nomination, settings: Settings) -> int | None:
    rule = rule_set_for_year(nomination.year).awards.get(nomination.award.code)
    return rule.cash_vnd(nomination.subject, settings) if rule is not None else None


def _paid_before(nominations: Sequence[Nomination]) -> dict[SubjectKey, int]:
    """Cash already paid for titles, per subject and year: one query."""
    people = {n.person_id for n in nominations if n.person_id}
    units = {n.unit_id for n in nominations if n.unit_id}
    years = {n.year for n in nominations}
    if not nominations:
        return {}
    rows = (
        Commendation.objects.filter(
            Q(person_id__in=people) | Q(unit_id__in=units),
            year__in=years,
            award__kind=AwardKind.TITLE,
            revoked_at__isnull=True,
        )
        .values("person_id", "unit_id", "household_name", "year")
        .annotate(total=Sum("cash_paid_vnd"))
    )
    return {
        (r["person_id"], r["unit_id"], r["household_name"], r["year"]): int(r["total"] or 0)
        for r in rows
    }


def cash_lines(
    nominations: Sequence[Nomination], authority: Unit, day: dt.date | None = None
) -> list[CashLine]:
    """The cash of each nomination if the decision were issued on ``day`` (default today),
    in the order given.  Nominations need ``award`` loaded (select_related)."""
    settings = selectors.settings_for(authority, day)
    paid_so_far = _paid_before(nominations)
    amounts = {n.pk: award_amount(n, settings) for n in nominations}
    paid: dict[int, int | None] = {}
    for n in sorted(nominations, key=lambda n: -(amounts[n.pk] or 0)):
        amount = amounts[n.pk]
        if amount is None or n.award.kind != AwardKind.TITLE:
            paid[n.pk] = amount
            continue
        key = _key(n)
        pays = max(0, amount - paid_so_far.get(key, 0))
        paid_so_far[key] = paid_so_far.get(key, 0) + pays
        paid[n.pk] = pays
    return [CashLine(n, amounts[n.pk], paid[n.pk]) for n in nominations]


def total(lines: Sequence[CashLine]) -> int:
    return sum(line.paid or 0 for line in lines)
