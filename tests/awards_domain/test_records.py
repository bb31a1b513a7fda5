"""Records the rules read: services, one-time use of initiatives, revocation, facts loading."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards_domain.conftest import fighter, person
from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.awards import facts_loader, selectors, services
from thidua.awards.models import Commendation, Initiative, TaskRating
from thidua.awards.rules import Facts, evaluate
from thidua.awards.rules.facts import Discipline as FactDiscipline
from thidua.awards.rules.facts import Initiative as FactInitiative
from thidua.awards.rules.facts import Members
from thidua.core.audit import history
from thidua.org.models import UnitKind


def test_ratings_are_recorded_once_per_year_and_audited(cast: Cast) -> None:
    someone = person(cast.commune, "P1")
    services.rating_record(actor=cast.commune_officer, person=someone, year=2020, rating="HTT")
    rating = services.rating_record(
        actor=cast.officer, person=someone, year=2020, rating="HTXS", source="Sửa"
    )
    assert TaskRating.objects.filter(person=someone).count() == 1
    assert rating.rating == "HTXS"
    events = list(history(rating))
    assert [e.action for e in events] == ["rating.record", "rating.record"]
    assert events[0].before is not None and events[0].before["rating"] == "HTT"
    with pytest.raises(PermissionDenied):
        services.rating_record(actor=cast.outsider, person=someone, year=2021, rating="HT")
    with pytest.raises(PermissionDenied):
        services.rating_record(actor=cast.viewer, person=someone, year=2021, rating="HT")
    with pytest.raises(ValidationError):
        services.rating_record(actor=cast.officer, person=someone, year=2021, rating="GOOD")
    unit_rating = services.rating_record(
        actor=cast.officer, unit=cast.commune, year=2020, rating="HTXS"
    )
    assert unit_rating.unit == cast.commune


def test_discipline_periods_must_be_ordered(cast: Cast) -> None:
    someone = person(cast.district, "P2")
    with pytest.raises(ValidationError) as error:
        services.discipline_record(
            actor=cast.officer,
            person=someone,
            level="canh_cao",
            start=dt.date(2020, 5, 1),
            end=dt.date(2020, 1, 1),
        )
    assert "01/01/2020" in str(error.value)


def test_an_initiative_serves_one_award_only(cast: Cast) -> None:
    someone = person(cast.district, "P3")
    initiative = services.initiative_record(
        actor=cast.officer,
        title="Phần mềm quản lý hồ sơ",
        unit=cast.district,
        level="co_so",
        year=2020,
        authors=[someone],
    )
    first = services.commendation_record_historical(
        actor=cast.office, subject="individual", person=someone, award_code="CSTDCS", year=2020
    )
    second = services.commendation_record_historical(
        actor=cast.office, subject="individual", person=someone, award_code="BK_BT", year=2020
    )
    services.initiative_use(actor=cast.office, initiative=initiative, commendation=first)
    with pytest.raises(ValidationError) as error:
        services.initiative_use(actor=cast.office, initiative=initiative, commendation=second)
    assert "Phần mềm quản lý hồ sơ" in str(error.value)
    initiative.refresh_from_db()
    assert initiative.used_for == first
    # The loader reports it as used, so the engine will not count it again.
    loaded = facts_loader.person_facts(someone, "CSTDCS", 2020)
    assert [i.used for i in loaded.facts.initiatives] == [True]


def test_revocation_keeps_the_record_and_stops_it_counting(cast: Cast) -> None:
    someone = fighter(cast, "P4")
    title = Commendation.objects.get(person=someone, year=2019, award__code="CSTDCS")
    before = evaluate(facts_loader.person_facts(someone, "CSTD_BT", 2020).facts)
    assert before.eligible
    with pytest.raises(ValidationError):
        services.commendation_revoke(actor=cast.office, commendation=title, reason="")
    with pytest.raises(PermissionDenied):
        services.commendation_revoke(
            actor=cast.officer, commendation=title, reason="Gian dối", decision_number="9/QĐ"
        )
    services.commendation_revoke(
        actor=cast.office,
        commendation=title,
        reason="Khai man thành tích (Luật TĐKT, Điều 93)",
        decision_number="99/QĐ-UBND",
    )
    title.refresh_from_db()
    assert title.is_revoked and title.revoking_decision_number == "99/QĐ-UBND"
    assert Commendation.objects.filter(pk=title.pk).exists()
    assert next(e.action for e in history(title)) == "commendation.revoke"
    after = evaluate(facts_loader.person_facts(someone, "CSTD_BT", 2020).facts)
    assert not after.eligible
    with pytest.raises(ValidationError):
        services.commendation_revoke(
            actor=cast.office, commendation=title, reason="Lần nữa", decision_number="100/QĐ"
        )


def test_the_loader_builds_the_same_facts_as_written_by_hand(cast: Cast) -> None:
    someone = person(cast.district, "P5")
    services.rating_record(actor=cast.officer, person=someone, year=2019, rating="HTT")
    services.rating_record(actor=cast.officer, person=someone, year=2020, rating="HTXS")
    services.commendation_record_historical(
        actor=cast.office, subject="individual", person=someone, award_code="LDTT", year=2020
    )
    services.discipline_record(
        actor=cast.officer,
        person=someone,
        level="khien_trach",
        start=dt.date(2018, 3, 1),
        end=dt.date(2019, 2, 28),
    )
    services.initiative_record(
        actor=cast.officer,
        title="Cải tiến quy trình",
        unit=cast.district,
        level="co_so",
        year=2020,
        authors=[someone],
    )
    services.rating_record(actor=cast.officer, person=someone, year=2021, rating="KHT")  # later
    loaded = facts_loader.person_facts(someone, "CSTDCS", 2020)
    expected = Facts(
        subject="individual",
        award="CSTDCS",
        year=2020,
        ratings={2019: "HTT", 2020: "HTXS"},
        titles={2020: frozenset({"LDTT"})},
        initiatives=(FactInitiative(2020, "co_so", "initiative", False, "Cải tiến quy trình", 0),),
        discipline=(FactDiscipline("khien_trach", dt.date(2018, 3, 1), dt.date(2019, 2, 28)),),
        ref="P5",
    )
    assert loaded.facts == expected
    assert evaluate(loaded.facts) == evaluate(expected)


def test_collective_member_figures(cast: Cast) -> None:
    team = UnitFactory.create(
        code="BL-HD-T", name="Phòng Nội vụ", kind=UnitKind.DIVISION, parent=cast.district
    )
    people = [person(team, f"T{i}") for i in range(4)]
    for i, p in enumerate(people):
        services.rating_record(
            actor=cast.officer, person=p, year=2020, rating="KHT" if i == 3 else "HTT"
        )
    for p in people[:3]:
        services.commendation_record_historical(
            actor=cast.office, subject="individual", person=p, award_code="LDTT", year=2020
        )
    services.commendation_record_historical(
        actor=cast.office, subject="individual", person=people[0], award_code="CSTDCS", year=2020
    )
    services.discipline_record(
        actor=cast.officer, person=people[3], level="canh_cao", start=dt.date(2020, 6, 1)
    )
    services.rating_record(actor=cast.officer, unit=team, year=2020, rating="HTXS")
    loaded = facts_loader.collective_facts(team, "TTLDTT", 2020)
    assert loaded.facts.members == Members(total=4, completed=3, LDTT=3, CSTDCS=1, disciplined=1)
    assert loaded.facts.ratings == {2020: "HTXS"}


def _bulk(cast: Cast, n: int, start: int) -> None:
    for i in range(start, start + n):
        p = person(cast.commune if i % 2 else cast.district, f"B{i:04d}")
        services.rating_record(actor=cast.office, person=p, year=2020, rating="HTXS")
        services.commendation_record_historical(
            actor=cast.office, subject="individual", person=p, award_code="LDTT", year=2020
        )
        services.initiative_record(
            actor=cast.office,
            title=f"SK {i}",
            unit=cast.district,
            level="co_so",
            year=2020,
            authors=[p],
        )
        services.discipline_record(
            actor=cast.office,
            person=p,
            level="khien_trach",
            start=dt.date(2015, 1, 1),
            end=dt.date(2015, 12, 31),
        )


def _count(cast: Cast, subject: str = "individual") -> tuple[int, int]:
    award = "CSTDCS" if subject == "individual" else "TTLDTT"
    settings = selectors.settings_for_year(cast.district, 2020)
    with CaptureQueriesContext(connection) as ctx:
        items = facts_loader.eligibility_in_scope(
            cast.district, award, 2020, subject, settings=settings
        )
    return len(ctx.captured_queries), len(items)


def test_bulk_eligibility_uses_a_constant_number_of_queries(cast: Cast) -> None:
    _bulk(cast, 3, 0)
    queries_small, n_small = _count(cast)
    collective_small, _ = _count(cast, "collective")
    _bulk(cast, 12, 100)
    queries_large, n_large = _count(cast)
    collective_large, units = _count(cast, "collective")
    assert (n_small, n_large) == (3, 15)
    assert queries_small == queries_large == 5
    # 7 reads of the records, plus the cluster memberships of the year (cluster_ranks: one
    # query when no cluster holds these units, four when one does).
    assert collective_small == collective_large == 8
    assert units == 2  # district and commune
    eligible = facts_loader.eligibility_in_scope(cast.district, "CSTDCS", 2020, only_eligible=True)
    assert len(eligible) == 15 and all(i.verdict and i.verdict.eligible for i in eligible)
    assert {i.used_initiative_ids()[0] for i in eligible} == set(
        Initiative.objects.values_list("pk", flat=True)
    )
