"""Facts for the pure rules engine, read from the records — one subject or a whole scope.

A scope (everyone under unit X) is loaded with a fixed number of set-based queries whatever
the number of people: one query per kind of record (people, ratings, commendations,
initiatives, discipline; for collectives also the member figures), each filtered by a path
range join on the unit tree rather than a long list of ids.  The facts are then handed to the
pure ``evaluate_many``.

What is read (see docs/commendation.md):
- ``ratings``: ``TaskRating`` of the subject, every year up to the evaluated one;
- ``titles``: the registry (``Commendation``), revoked ones left out;
- ``initiatives``: those the person authored (collectives: none), ``used`` when already
  tied to a commendation;
- ``discipline``: the person's discipline periods;
- ``members`` (collectives): the people whose current unit is the collective — how many,
  how many rated HT or better, holding LDTT/CSTT and CSTDCS that year, and disciplined at
  the member-bar level (``Settings.member_bar_discipline_level``) or above during the year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from thidua.awards.models import (
    Commendation,
    Discipline,
    Initiative,
    Nomination,
    Subject,
    TaskRating,
)
from thidua.awards.rules import Facts, Settings, Verdict, evaluate_many
from thidua.awards.rules.facts import Discipline as FactDiscipline
from thidua.awards.rules.facts import Initiative as FactInitiative
from thidua.awards.rules.facts import Members
from thidua.awards.rules.vocab import DISCIPLINE_LEVELS, DISCIPLINE_RANK
from thidua.awards.selectors import settings_for_year
from thidua.org.models import Person, Unit

COMPLETED = ("HTXS", "HTT", "HT")


@dataclass
class Loaded:
    """Facts about one subject, with the stored initiatives behind ``facts.initiatives``
    (``initiative_ids[i]`` is the primary key of the i-th initiative) to mark them used."""

    subject: Any  # Person or Unit
    facts: Facts
    initiative_ids: tuple[int, ...] = ()
    verdict: Verdict | None = field(default=None)

    def used_initiative_ids(self) -> list[int]:
        if self.verdict is None:
            return []
        return [self.initiative_ids[i.index] for i in self.verdict.uses]


def _prefixed(lookups: dict[str, Any], prefix: str) -> Q:
    return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


# -- individuals -----------------------------------------------------------------------------


def _individuals(
    people: dict[str, Any], award: str, year: int, as_of: dt.date | None
) -> list[Loaded]:
    persons = list(Person.objects.filter(**people).order_by("pk"))
    if not persons:
        return []
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, y, rating in TaskRating.objects.filter(
        _prefixed(people, "person__"), year__lte=year
    ).values_list("person_id", "year", "rating"):
        ratings[person_id][y] = rating
    titles: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person_id, y, code in Commendation.objects.filter(
        _prefixed(people, "person__"), year__lte=year, revoked_at__isnull=True
    ).values_list("person_id", "year", "award__code"):
        titles[person_id][y].add(code)
    initiatives: dict[int, list[tuple[int, int, str, str, bool, str]]] = defaultdict(list)
    through = Initiative.authors.through
    for person_id, pk, y, level, kind, used_for, title in (
        through.objects.filter(_prefixed(people, "person__"), initiative__year__lte=year)
        .order_by("initiative__year", "initiative_id")
        .values_list(
            "person_id",
            "initiative_id",
            "initiative__year",
            "initiative__level",
            "initiative__kind",
            "initiative__used_for_id",
            "initiative__title",
        )
    ):
        initiatives[person_id].append((pk, y, level, kind, used_for is not None, title))
    disciplines: dict[int, list[FactDiscipline]] = defaultdict(list)
    review = as_of or _year_end(year)
    for person_id, level, start, end in Discipline.objects.filter(
        _prefixed(people, "person__"), start__lte=max(review, _year_end(year))
    ).values_list("person_id", "level", "start", "end"):
        disciplines[person_id].append(FactDiscipline(level, start, end))
    out = []
    for person in persons:
        own = initiatives.get(person.pk, [])
        facts = Facts(
            subject=Subject.INDIVIDUAL,
            award=award,
            year=year,
            ratings=dict(ratings.get(person.pk, {})),
            titles={y: frozenset(c) for y, c in titles.get(person.pk, {}).items()},
            initiatives=tuple(
                FactInitiative(y, level, kind, used, title, i)
                for i, (_pk, y, level, kind, used, title) in enumerate(own)
            ),
            discipline=tuple(disciplines.get(person.pk, ())),
            as_of=as_of,
            ref=person.code,
        )
        out.append(Loaded(person, facts, tuple(row[0] for row in own)))
    return out


# -- collectives -----------------------------------------------------------------------------


def _collectives(
    units: dict[str, Any], award: str, year: int, as_of: dt.date | None, settings: Settings
) -> list[Loaded]:
    collectives = list(Unit.objects.filter(**units).order_by("path"))
    if not collectives:
        return []
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, y, rating in TaskRating.objects.filter(
        _prefixed(units, "unit__"), year__lte=year
    ).values_list("unit_id", "year", "rating"):
        ratings[unit_id][y] = rating
    titles: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for unit_id, y, code in Commendation.objects.filter(
        _prefixed(units, "unit__"),
        subject=Subject.COLLECTIVE,
        year__lte=year,
        revoked_at__isnull=True,
    ).values_list("unit_id", "year", "award__code"):
        titles[unit_id][y].add(code)
    members = _member_figures(units, year, settings)
    out = []
    for unit in collectives:
        figures = members.get(unit.pk)
        facts = Facts(
            subject=Subject.COLLECTIVE,
            award=award,
            year=year,
            ratings=dict(ratings.get(unit.pk, {})),
            titles={y: frozenset(c) for y, c in titles.get(unit.pk, {}).items()},
            members=figures,
            as_of=as_of,
            ref=unit.code,
        )
        out.append(Loaded(unit, facts))
    return out


def _member_figures(units: dict[str, Any], year: int, settings: Settings) -> dict[int, Members]:
    """Member figures of every collective in the scope: four grouped queries."""
    people = _prefixed(units, "unit__")
    totals = dict(
        Person.objects.filter(people)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    if not totals:
        return {}
    completed = dict(
        TaskRating.objects.filter(
            _prefixed(units, "person__unit__"), year=year, rating__in=COMPLETED
        )
        .values_list("person__unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__unit_id", "n")
    )
    holders: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, code, n in (
        Commendation.objects.filter(
            _prefixed(units, "person__unit__"),
            year=year,
            revoked_at__isnull=True,
            award__code__in=("LDTT", "CSTT", "CSTDCS"),
        )
        .values_list("person__unit_id", "award__code")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__unit_id", "award__code", "n")
    ):
        key = "CSTDCS" if code == "CSTDCS" else "LDTT"
        holders[unit_id][key] = holders[unit_id].get(key, 0) + n
    floor = DISCIPLINE_RANK[settings.member_bar_discipline_level]
    levels = [lvl for lvl in DISCIPLINE_LEVELS if DISCIPLINE_RANK[lvl] >= floor]
    disciplined = dict(
        Discipline.objects.filter(
            _prefixed(units, "person__unit__"),
            level__in=levels,
            start__lte=_year_end(year),
        )
        .filter(Q(end__isnull=True) | Q(end__gte=dt.date(year, 1, 1)))
        .values_list("person__unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__unit_id", "n")
    )
    out = {}
    for unit_id, total in totals.items():
        held = holders.get(unit_id, {})
        out[unit_id] = Members(
            total=total,
            completed=min(total, completed.get(unit_id, 0)),
            LDTT=min(total, held.get("LDTT", 0)),
            CSTDCS=min(total, held.get("CSTDCS", 0)),
            disciplined=min(total, disciplined.get(unit_id, 0)),
        )
    return out


# -- entry points ----------------------------------------------------------------------------


def person_facts(person: Person, award: str, year: int, *, as_of: dt.date | None = None) -> Loaded:
    loaded = _individuals({"pk": person.pk}, award, year, as_of)
    return loaded[0]


def collective_facts(
    unit: Unit,
    award: str,
    year: int,
    *,
    as_of: dt.date | None = None,
    settings: Settings | None = None,
) -> Loaded:
    settings = settings or settings_for_year(unit, year)
    return _collectives({"pk": unit.pk}, award, year, as_of, settings)[0]


def household_facts(unit: Unit, name: str, award: str, year: int) -> Loaded:
    """Households have no records in the system yet: the facts are the award and year (the
    Decree 86/2023 score sheets are for the council)."""
    return Loaded(unit, Facts(subject=Subject.HOUSEHOLD, award=award, year=year, ref=name))


def nomination_facts(nomination: Nomination, *, settings: Settings | None = None) -> Loaded:
    code, year = nomination.award.code, nomination.year
    if nomination.subject == Subject.INDIVIDUAL:
        assert nomination.person is not None
        return person_facts(nomination.person, code, year)
    assert nomination.unit is not None
    if nomination.subject == Subject.HOUSEHOLD:
        return household_facts(nomination.unit, nomination.household_name, code, year)
    return collective_facts(nomination.unit, code, year, settings=settings)


def scope_facts(
    unit: Unit,
    award: str,
    year: int,
    subject: str = Subject.INDIVIDUAL,
    *,
    as_of: dt.date | None = None,
    settings: Settings | None = None,
) -> list[Loaded]:
    """Facts of everyone (individuals: people whose current unit is in the subtree;
    collectives: every unit of the subtree) under ``unit``, in a fixed number of queries."""
    low, high = unit.path_bounds()
    if subject == Subject.INDIVIDUAL:
        return _individuals({"unit__path__gte": low, "unit__path__lt": high}, award, year, as_of)
    settings = settings or settings_for_year(unit, year)
    return _collectives({"path__gte": low, "path__lt": high}, award, year, as_of, settings)


def evaluate_loaded(loaded: Iterable[Loaded], settings: Settings) -> list[Loaded]:
    items = list(loaded)
    for item, verdict in zip(items, evaluate_many([i.facts for i in items], settings), strict=True):
        item.verdict = verdict
    return items


def eligibility_in_scope(
    unit: Unit,
    award: str,
    year: int,
    subject: str = Subject.INDIVIDUAL,
    *,
    only_eligible: bool = False,
    settings: Settings | None = None,
) -> list[Loaded]:
    """ "Who under ``unit`` is eligible for ``award`` in ``year``": verdicts for the whole
    scope, under the settings of the unit's jurisdiction."""
    settings = settings or settings_for_year(unit, year)
    items = evaluate_loaded(scope_facts(unit, award, year, subject, settings=settings), settings)
    if only_eligible:
        items = [i for i in items if i.verdict is not None and i.verdict.eligible]
    return items
