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
from collections.abc import Iterable, Iterator, Sequence
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
from thidua.awards.rules import Facts, Settings, Verdict, evaluate, evaluate_many
from thidua.awards.rules.facts import Discipline as FactDiscipline
from thidua.awards.rules.facts import Initiative as FactInitiative
from thidua.awards.rules.facts import Members
from thidua.awards.rules.vocab import DISCIPLINE_LEVELS, DISCIPLINE_RANK
from thidua.awards.selectors import settings_for_year
from thidua.campaigns.selectors import cluster_ranks
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
    # Places in the year's emulation clusters and blocks (the flag's "leads its cluster").
    ranks = cluster_ranks(year, [unit.pk for unit in collectives])
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
            cluster_rank=ranks.get(unit.pk),
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


# -- bulk: several awards over a large scope, streamed in chunks -----------------------------

CHUNK = 5_000
MEMO_LIMIT = 60_000


@dataclass(frozen=True)
class BulkRow:
    """One person of a bulk run: the verdict for each award asked, from ONE load of their
    history.  ``initiative_ids[i]`` is the stored id of the i-th initiative of the facts (to
    map ``verdict.uses`` back to rows); no model instance is built."""

    person_id: int
    code: str
    unit_id: int
    verdicts: dict[str, Verdict]
    initiative_ids: tuple[int, ...] = ()


def _person_chunks(low: str, high: str, size: int) -> Iterator[list[tuple[int, str, int]]]:
    """People whose current unit is under [low, high), ``size`` at a time, by keyset
    pagination on the primary key (one query per chunk, flat memory)."""
    last = 0
    while True:
        rows = list(
            Person.objects.filter(unit__path__gte=low, unit__path__lt=high, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "code", "unit_id")[:size]
        )
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1][0]


def _chunk_history(
    low: str, high: str, first: int, last: int, year: int, as_of: dt.date | None
) -> tuple[
    dict[int, dict[int, str]],
    dict[int, dict[int, frozenset[str]]],
    dict[int, list[tuple[int, int, str, str, bool, str]]],
    dict[int, tuple[FactDiscipline, ...]],
]:
    """The history of the people with ``first <= pk <= last`` under the path range: four
    queries whatever the chunk size (the path range keeps people who moved out excluded)."""
    scope = Q(
        person__unit__path__gte=low,
        person__unit__path__lt=high,
        person_id__gte=first,
        person_id__lte=last,
    )
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, y, rating in TaskRating.objects.filter(scope, year__lte=year).values_list(
        "person_id", "year", "rating"
    ):
        ratings[person_id][y] = rating
    raw_titles: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person_id, y, code in Commendation.objects.filter(
        scope, year__lte=year, revoked_at__isnull=True
    ).values_list("person_id", "year", "award__code"):
        raw_titles[person_id][y].add(code)
    titles = {
        pk: {y: frozenset(codes) for y, codes in by_year.items()}
        for pk, by_year in raw_titles.items()
    }
    initiatives: dict[int, list[tuple[int, int, str, str, bool, str]]] = defaultdict(list)
    through = Initiative.authors.through
    for person_id, pk, y, level, kind, used_for, title in (
        through.objects.filter(scope, initiative__year__lte=year)
        .order_by("person_id", "initiative__year", "initiative_id")
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
    raw_discipline: dict[int, list[FactDiscipline]] = defaultdict(list)
    review = as_of or _year_end(year)
    for person_id, level, start, end in Discipline.objects.filter(
        scope, start__lte=max(review, _year_end(year))
    ).values_list("person_id", "level", "start", "end"):
        raw_discipline[person_id].append(FactDiscipline(level, start, end))
    discipline = {pk: tuple(rows) for pk, rows in raw_discipline.items()}
    return ratings, titles, initiatives, discipline


def _with_ref(verdict: Verdict, ref: str) -> Verdict:
    """A copy of a (frozen) verdict for another subject: the same fields but ``ref``; a plain
    ``__dict__`` copy, several times cheaper than ``dataclasses.replace``."""
    copy = object.__new__(Verdict)
    copy.__dict__.update(verdict.__dict__)
    copy.__dict__["ref"] = ref
    return copy


def iter_eligibility_many_in_scope(
    unit: Unit,
    awards: Sequence[str],
    year: int,
    *,
    as_of: dt.date | None = None,
    settings: Settings | None = None,
    chunk_size: int = CHUNK,
    memo: bool = True,
) -> Iterator[BulkRow]:
    """Verdicts for several individual awards for everyone under ``unit``, streamed.

    Each person's history is read ONCE for all the awards (the facts differ only in the
    award code), ``chunk_size`` people at a time: five queries per chunk (people by keyset
    pagination, ratings, commendations, initiatives, discipline), so memory stays flat over
    millions of people.  The verdicts are exactly those of :func:`eligibility_in_scope` /
    ``evaluate`` for each person alone.

    ``memo``: the engine is a pure function of the facts, and many people share exactly the
    same history (the same ratings, titles, initiatives and discipline, year by year); their
    verdict is computed once and reused with the person's own ``ref``.  The key is the whole
    history, so a verdict is only reused for identical facts.  The memo is bounded
    (``MEMO_LIMIT`` entries, then cleared) so memory stays flat."""
    settings = settings or settings_for_year(unit, year)
    low, high = unit.path_bounds()
    awards = tuple(awards)
    cache: dict[tuple[Any, ...], Verdict] = {}
    empty_ratings: dict[int, str] = {}
    empty_titles: dict[int, frozenset[str]] = {}
    for people in _person_chunks(low, high, chunk_size):
        ratings, titles, initiatives, discipline = _chunk_history(
            low, high, people[0][0], people[-1][0], year, as_of
        )
        for person_id, code, unit_id in people:
            own = initiatives.get(person_id, ())
            facts_initiatives = tuple(
                FactInitiative(y, level, kind, used, title, i)
                for i, (_pk, y, level, kind, used, title) in enumerate(own)
            )
            person_ratings = ratings.get(person_id, empty_ratings)
            person_titles = titles.get(person_id, empty_titles)
            person_discipline = discipline.get(person_id, ())
            if memo:
                history = (
                    tuple(sorted(person_ratings.items())),
                    tuple(sorted(person_titles.items())),
                    facts_initiatives,
                    person_discipline,
                )
                verdicts = {}
                for award in awards:
                    key = (award, history)
                    known = cache.get(key)
                    if known is None:
                        if len(cache) >= MEMO_LIMIT:
                            cache.clear()
                        known = cache[key] = evaluate(
                            Facts(
                                subject=Subject.INDIVIDUAL,
                                award=award,
                                year=year,
                                ratings=person_ratings,
                                titles=person_titles,
                                initiatives=facts_initiatives,
                                discipline=person_discipline,
                                as_of=as_of,
                                ref=code,
                            ),
                            settings,
                        )
                    verdicts[award] = known if known.ref == code else _with_ref(known, code)
                yield BulkRow(person_id, code, unit_id, verdicts, tuple(row[0] for row in own))
                continue
            verdicts = {
                award: evaluate(
                    Facts(
                        subject=Subject.INDIVIDUAL,
                        award=award,
                        year=year,
                        ratings=person_ratings,
                        titles=person_titles,
                        initiatives=facts_initiatives,
                        discipline=person_discipline,
                        as_of=as_of,
                        ref=code,
                    ),
                    settings,
                )
                for award in awards
            }
            yield BulkRow(person_id, code, unit_id, verdicts, tuple(row[0] for row in own))


def eligibility_many_in_scope(
    unit: Unit,
    awards: Sequence[str],
    year: int,
    *,
    only_eligible: bool = False,
    settings: Settings | None = None,
    chunk_size: int = CHUNK,
) -> dict[str, list[BulkRow]]:
    """``{award: rows}`` for several individual awards under ``unit`` from one load of the
    history (see :func:`iter_eligibility_many_in_scope`; this one keeps every row, so use
    the iterator for very large scopes)."""
    out: dict[str, list[BulkRow]] = {award: [] for award in awards}
    for row in iter_eligibility_many_in_scope(
        unit, awards, year, settings=settings, chunk_size=chunk_size
    ):
        for award, verdict in row.verdicts.items():
            if verdict.eligible or not only_eligible:
                out[award].append(row)
    return out
