"""Bulk eligibility (several titles from one load, streamed in chunks) against the per-person
path, and its query count per chunk."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.awards import facts_loader
from thidua.awards.models import Commendation, Discipline, Initiative, TaskRating
from thidua.awards.rules import Verdict
from thidua.awards.rules.vocab import DISCIPLINE_LEVELS
from thidua.awards.selectors import award_for, settings_for_year
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

AWARDS = ("LDTT", "CSTDCS", "CSTD_BT", "CSTD_TQ", "BK_BT", "BK_TTG")
YEARS = tuple(range(2013, 2021))
TITLES = ("LDTT", "CSTDCS", "CSTD_BT", "BK_BT", "CSTD_TQ", "BK_TTG")
LEVELS = ("co_so", "bo_tinh", "toan_quoc")
DISCIPLINE = DISCIPLINE_LEVELS


def _history(people: list[Person], rng: random.Random) -> None:
    """Varied raw history: gaps, every title, revoked titles, used and unused initiatives and
    projects at every level, discipline periods (some still running)."""
    award_ids = {(c, y): award_for(c, y).pk for c in TITLES for y in YEARS}
    for person in people:
        style = rng.random()  # some people share a common history, others are unique
        for y in YEARS:
            if rng.random() < 0.85:
                rating = rng.choice(("HTXS", "HTXS", "HTT", "HTT", "HT", "KHT"))
                TaskRating.objects.create(person=person, year=y, rating=rating)
            held = []
            if rng.random() < (0.9 if style < 0.5 else 0.5):
                held.append("LDTT")
                if rng.random() < 0.5:
                    held.append("CSTDCS")
            held += [t for t in TITLES[2:] if rng.random() < 0.12]
            for code in held:
                c = Commendation.objects.create(
                    subject="individual",
                    person=person,
                    award_id=award_ids[(code, y)],
                    year=y,
                    source="historical",
                )
                if rng.random() < 0.05:
                    c.revoked_at = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
                    c.revocation_reason = "x"
                    c.save(update_fields=["revoked_at", "revocation_reason"])
        assert person.unit is not None
        for n in range(rng.choice((0, 0, 0, 1, 2, 3))):
            ini = Initiative.objects.create(
                title=f"Sáng kiến {person.code} {n}",
                unit=person.unit,
                level=rng.choice(LEVELS),
                kind=rng.choice(("initiative", "initiative", "project")),
                year=rng.choice(YEARS),
            )
            ini.authors.add(person)
            if rng.random() < 0.25:
                ini.used_for = Commendation.objects.filter(person=person).first()
                ini.save(update_fields=["used_for"])
        if rng.random() < 0.15:
            start = dt.date(rng.choice(YEARS[-4:]), rng.randint(1, 12), rng.randint(1, 28))
            end = None if rng.random() < 0.2 else start + dt.timedelta(days=rng.randint(30, 500))
            Discipline.objects.create(
                person=person, level=rng.choice(DISCIPLINE), start=start, end=end
            )


def _alone(person: Person, award: str, settings: object) -> Verdict:
    loaded = facts_loader.person_facts(person, award, 2020)
    verdict = facts_loader.evaluate_loaded([loaded], settings)[0].verdict  # type: ignore[arg-type]
    assert verdict is not None
    return verdict


@pytest.mark.parametrize("seed", [2020, 86])
def test_bulk_verdicts_equal_the_per_person_verdicts(cast: Cast, seed: int) -> None:
    rng = random.Random(seed)
    units: list[Unit] = [cast.district, cast.commune]
    people = [
        PersonFactory.create(code=f"P{seed}-{i:03d}", unit=rng.choice(units)) for i in range(150)
    ]
    outsider = PersonFactory.create(code=f"X{seed}", unit=cast.other_commune)
    _history([*people, outsider], rng)
    settings = settings_for_year(cast.district, 2020)
    expected = {p.pk: {award: _alone(p, award, settings) for award in AWARDS} for p in people}
    eligible = sum(v.eligible for by in expected.values() for v in by.values())
    assert eligible > 20  # the data exercises eligible and ineligible verdicts
    for memo, chunk in ((True, 37), (False, 37), (True, 5_000)):
        rows = list(
            facts_loader.iter_eligibility_many_in_scope(
                cast.district, AWARDS, 2020, settings=settings, chunk_size=chunk, memo=memo
            )
        )
        assert [r.person_id for r in rows] == sorted(p.pk for p in people)
        for row in rows:
            assert row.verdicts == expected[row.person_id], (memo, chunk, row.code)
            assert all(v.ref == row.code for v in row.verdicts.values())
            loaded = facts_loader.person_facts(Person.objects.get(pk=row.person_id), "BK_BT", 2020)
            assert row.initiative_ids == loaded.initiative_ids


def test_bulk_verdicts_equal_the_single_award_scope_path(cast: Cast) -> None:
    rng = random.Random(7)
    people = [PersonFactory.create(code=f"S{i:03d}", unit=cast.commune) for i in range(60)]
    _history(people, rng)
    many = facts_loader.eligibility_many_in_scope(cast.district, AWARDS, 2020, chunk_size=16)
    for award in AWARDS:
        one = facts_loader.eligibility_in_scope(cast.district, award, 2020)
        assert [i.verdict for i in one] == [r.verdicts[award] for r in many[award]]
    eligible = facts_loader.eligibility_many_in_scope(
        cast.district, AWARDS, 2020, only_eligible=True
    )
    for award in AWARDS:
        assert all(r.verdicts[award].eligible for r in eligible[award])
        assert len(eligible[award]) == sum(r.verdicts[award].eligible for r in many[award])


def _queries(cast: Cast, chunk: int) -> tuple[int, int]:
    settings = settings_for_year(cast.district, 2020)
    with CaptureQueriesContext(connection) as ctx:
        n = sum(
            1
            for _ in facts_loader.iter_eligibility_many_in_scope(
                cast.district, AWARDS, 2020, settings=settings, chunk_size=chunk
            )
        )
    return len(ctx.captured_queries), n


def test_five_queries_per_chunk_whatever_the_history(cast: Cast) -> None:
    rng = random.Random(1)
    people = [PersonFactory.create(code=f"Q{i:03d}", unit=cast.commune) for i in range(25)]
    assert _queries(cast, 10) == (15, 25)  # chunks of 10, 10, 5: 3 x 5 queries
    _history(people, rng)
    assert _queries(cast, 10) == (15, 25)
    more = [PersonFactory.create(code=f"R{i:03d}", unit=cast.district) for i in range(5)]
    _history(more, rng)
    # 30 people = three full chunks: 3 x 5 queries and one empty page to find the end.
    assert _queries(cast, 10) == (16, 30)
    assert _queries(cast, 100) == (5, 30)
    assert _queries(cast, 1) == (30 * 5 + 1, 30)
