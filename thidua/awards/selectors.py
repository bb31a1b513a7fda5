"""Reads for commendation, scoped to what the asking account may see.

Lists run in a constant number of queries however many rows there are (asserted by tests).
The settings in force for a unit and a date (``settings_for``, ``policy_for``) come from the
engine's defaults overridden by the ``JurisdictionSetting`` rows of the unit's province or
ministry (and of any unit above or at the asked unit, the nearer one winning).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.awards.models import (
    AgendaItem,
    Award,
    Commendation,
    Council,
    CouncilSession,
    Decision,
    Discipline,
    Initiative,
    JurisdictionSetting,
    Nomination,
    SessionState,
    TaskRating,
)
from thidua.awards.rules import Settings, SettingsError, rule_set_for_year
from thidua.org.models import Person, Unit
from thidua.org.permissions import scope_for

# -- catalog -------------------------------------------------------------------------------


def award_for(code: str, year: int) -> Award:
    """The ``Award`` row of ``code`` under the rules in force for ``year`` (year-end review)."""
    award = Award.objects.filter(rule_set=rule_set_for_year(year).code, code=code).first()
    if award is None:
        raise ValidationError(
            _("The award “%(code)s” does not exist in %(year)s.") % {"code": code, "year": year}
        )
    return award


# -- settings per jurisdiction -----------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """Procedure figures of a jurisdiction that the pure engine does not need."""

    # Members present for a valid session, as a share of the whole council (Law/decree: 2/3).
    council_quorum: Fraction = Fraction(2, 3)
    # Written opinions of absent members are counted as votes.
    written_opinions_count: bool = True
    # Ballot rounds per session.
    ballot_max_rounds: int = 2
    # Approval needed, of the whole council, for awards with no threshold in the catalog.
    default_ballot_threshold: Fraction = Fraction(1, 2)
    # Year-end dossiers due by this day of the year ("MM-DD"), e.g. 10 December.
    submission_deadline: str = "12-10"


POLICY_KEYS = frozenset(f.name for f in dataclasses.fields(Policy))
SETTINGS_KEYS = frozenset(f.name for f in dataclasses.fields(Settings))
AWARD_KEYS = frozenset({"ballot_threshold"})


def coerce_policy(key: str, value: Any) -> Any:
    """Validate one policy value (raises ``SettingsError`` with a Vietnamese message)."""
    current = getattr(Policy(), key)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise SettingsError(_("“%(key)s” needs true or false.") % {"key": key})
        return value
    if isinstance(current, Fraction):
        return _fraction(key, value)
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(_("“%(key)s” needs a positive whole number.") % {"key": key})
        return value
    text = str(value)
    try:
        dt.date.fromisoformat(f"2024-{text}")
    except ValueError:
        raise SettingsError(
            _("“%(key)s” needs a day of the year as MM-DD, e.g. 12-10.") % {"key": key}
        ) from None
    return text


def _fraction(key: str, value: Any) -> Fraction:
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            result = Fraction(value.strip()[:-1].strip()) / 100
        elif isinstance(value, float):
            result = Fraction(str(value))
        elif isinstance(value, int | str) and not isinstance(value, bool):
            result = Fraction(value)
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise SettingsError(
            _("“%(key)s” needs a share such as 2/3, 0.9 or 90%%.") % {"key": key}
        ) from None
    if not 0 <= result <= 1:
        raise SettingsError(_("“%(key)s” must be between 0 and 1.") % {"key": key})
    return result


def _rows_in_force(unit: Unit, day: dt.date) -> list[JurisdictionSetting]:
    """Setting rows of the unit and its ancestors in force on ``day``, outermost first (so
    that nearer units and later rows win when applied in order).  One query."""
    ids = [*unit.ancestor_ids(), unit.pk]
    rows = JurisdictionSetting.objects.filter(unit_id__in=ids).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=day),
        Q(effective_to__isnull=True) | Q(effective_to__gte=day),
    )
    depth = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda r: (depth[r.unit_id], r.effective_from or dt.date.min, r.pk))


def settings_from_rows(rows: Iterable[JurisdictionSetting]) -> Settings:
    data: dict[str, Any] = {}
    thresholds: dict[str, Any] = {}
    for row in rows:
        if row.award_code and row.key == "ballot_threshold":
            thresholds[row.award_code] = row.value
        elif not row.award_code and row.key in SETTINGS_KEYS:
            if row.key == "ballot_thresholds" and isinstance(row.value, Mapping):
                thresholds.update(row.value)
            else:
                data[row.key] = row.value
    if thresholds:
        data["ballot_thresholds"] = thresholds
    return Settings.from_mapping(data)


def settings_for(unit: Unit, day: dt.date | None = None) -> Settings:
    """The engine ``Settings`` in force for ``unit`` on ``day`` (default: today)."""
    return settings_from_rows(_rows_in_force(unit, day or dt.date.today()))


def settings_for_year(unit: Unit, year: int) -> Settings:
    """Settings for a year-end review of ``year`` (in force on 31 December)."""
    return settings_for(unit, dt.date(year, 12, 31))


def policy_for(unit: Unit, day: dt.date | None = None) -> Policy:
    changes = {
        row.key: coerce_policy(row.key, row.value)
        for row in _rows_in_force(unit, day or dt.date.today())
        if not row.award_code and row.key in POLICY_KEYS
    }
    return dataclasses.replace(Policy(), **changes)


# -- records -----------------------------------------------------------------------------


def ratings_visible_to(user: Any) -> QuerySet[TaskRating]:
    scope = scope_for(user)
    return TaskRating.objects.filter(scope.q("person__unit__path") | scope.q("unit__path"))


def disciplines_visible_to(user: Any) -> QuerySet[Discipline]:
    return Discipline.objects.filter(scope_for(user).q("person__unit__path"))


def initiatives_visible_to(user: Any) -> QuerySet[Initiative]:
    return Initiative.objects.filter(scope_for(user).q("unit__path")).prefetch_related("authors")


def commendations_visible_to(
    user: Any,
    *,
    award: str | None = None,
    year: int | None = None,
    include_revoked: bool = True,
) -> QuerySet[Commendation]:
    """The registry as the account may see it (people of its units, its collectives)."""
    scope = scope_for(user)
    qs = Commendation.objects.filter(
        scope.q("person__unit__path") | scope.q("unit__path")
    ).select_related("award", "person", "unit", "decision")
    if award:
        qs = qs.filter(award__code=award)
    if year:
        qs = qs.filter(year=year)
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs


def access_commendation(user: Any, pk: int | str) -> Commendation:
    found = commendations_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def person_record(person: Person) -> dict[str, Any]:
    """A person's full record (ratings, titles, initiatives, discipline): five queries."""
    return {
        "ratings": list(TaskRating.objects.filter(person=person).order_by("year")),
        "commendations": list(
            Commendation.objects.filter(person=person)
            .select_related("award", "decision")
            .order_by("year", "id")
        ),
        "initiatives": list(Initiative.objects.filter(authors=person).order_by("year")),
        "disciplines": list(Discipline.objects.filter(person=person).order_by("start")),
    }


# -- nominations -------------------------------------------------------------------------


def nominations_visible_to(
    user: Any,
    *,
    state: str | None = None,
    year: int | None = None,
    award: str | None = None,
    unit: Unit | None = None,
) -> QuerySet[Nomination]:
    """Nominations proposed inside the account's scope or addressed to an awarding unit in
    it.  ``unit`` narrows to nominations proposed in that unit's subtree."""
    scope = scope_for(user)
    qs = Nomination.objects.filter(
        scope.q("proposing_unit__path") | scope.q("awarding_unit__path")
    ).select_related("award", "person", "unit", "proposing_unit", "awarding_unit")
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    if award:
        qs = qs.filter(award__code=award)
    if unit is not None:
        low, high = unit.path_bounds()
        qs = qs.filter(proposing_unit__path__gte=low, proposing_unit__path__lt=high)
    return qs


def access_nomination(user: Any, pk: int | str) -> Nomination:
    found = nominations_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# -- councils ----------------------------------------------------------------------------


def councils_visible_to(user: Any) -> QuerySet[Council]:
    return Council.objects.filter(scope_for(user).q("unit__path")).select_related("unit")


def access_council(user: Any, pk: int | str) -> Council:
    found = councils_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def access_session(user: Any, pk: int | str) -> CouncilSession:
    found = (
        CouncilSession.objects.filter(scope_for(user).q("council__unit__path"))
        .select_related("council", "council__unit")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def session_results(session: CouncilSession) -> list[AgendaItem]:
    """Counted results of a session: sealed (``ValidationError``) until the current round is
    counted or the session closed."""
    if session.state not in (SessionState.COUNTED, SessionState.CLOSED):
        raise ValidationError(_("The results are sealed until the ballot round is closed."))
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("nomination__award", "nomination__person", "nomination__unit")
        .order_by("id")
    )


# -- decisions ---------------------------------------------------------------------------


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    return Decision.objects.filter(scope_for(user).q("authority_unit__path")).select_related(
        "authority_unit", "signer"
    )


def access_decision(user: Any, pk: int | str) -> Decision:
    found = decisions_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
