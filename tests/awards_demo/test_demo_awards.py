"""The demo commendation year: loaded through the services, complete, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from thidua.awards import demo
from thidua.awards.facts_loader import evaluate_loaded, person_facts
from thidua.awards.models import (
    AgendaItem,
    BallotVote,
    Commendation,
    Council,
    CouncilSession,
    Decision,
    Discipline,
    Nomination,
    SessionState,
    TaskRating,
)
from thidua.awards.rules import Settings
from thidua.campaigns.demo import load_campaign
from thidua.core.models import AuditEvent
from thidua.org.demo.loader import load_demo
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

MODELS = (TaskRating, Commendation, Nomination, Council, CouncilSession, Decision, AuditEvent)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_the_demo_year_loads_once_with_its_story() -> None:
    """One load (the demo province and campaign take a few seconds), three checks."""
    load_demo(people=40)
    load_campaign()
    loaded = demo.load_awards()
    _nominations_council_and_decision(loaded)
    _eligible_and_gap_people_with_reasons()
    _a_second_run_changes_nothing()


def _nominations_council_and_decision(loaded: demo.AwardsDemoReport) -> None:
    assert loaded.created
    codes = set(Nomination.objects.values_list("award__code", flat=True))
    assert {"LDTT", "CSTDCS", "CSTD_BT", "TTLDXS", "BK_BT", "CO_BT"} <= codes
    # The emulation flag goes to the leaders of the campaign's cluster and block.
    flags = Nomination.objects.filter(award__code="CO_BT")
    assert flags.count() == 2 and all(n.unit is not None for n in flags)
    assert all(n.verdict for n in Nomination.objects.exclude(state="submitted"))

    council = loaded.council
    assert council is not None and council.members.count() == 11
    accounts = set(council.members.values_list("account__username", flat=True))
    assert {"hoidong", "lanhdao", "vanphong"} <= accounts

    closed = loaded.closed_session
    assert closed is not None and closed.state == SessionState.CLOSED
    items = list(AgendaItem.objects.filter(session=closed))
    failed = [i for i in items if not i.passed]
    assert len(failed) == 1
    assert failed[0].nomination.award.code == "CSTD_BT" and failed[0].yes == 9
    assert BallotVote.objects.filter(session=closed).count() == 11 * len(items)

    planned = loaded.open_session
    assert planned is not None and planned.state == SessionState.PLANNED
    assert AgendaItem.objects.filter(session=planned).count() == 1
    ready = Nomination.objects.filter(state="checked", award__code="CSTDCS")
    assert ready.count() == 1 and not ready[0].agenda.exists()

    decision = loaded.decision
    assert decision is not None and decision.state == "issued"
    assert decision.reference == f"{demo.DECISION_NUMBER}/QĐ-UBND"
    assert decision.signer is not None and decision.signer.username == "lanhdao"
    assert decision.authority_unit.code == "BL"
    awarded = Commendation.objects.filter(decision=decision)
    assert awarded.count() == len(items) - 1
    assert not decision.file  # the Word file is generated on demand by the pages


def _eligible_and_gap_people_with_reasons() -> None:
    star = Person.objects.get(code="BL-KT-0001")
    gap = Person.objects.get(code="BL-KT-0002")
    # Before the decision used the star's initiative, the verdict stored on the nomination.
    stored = Nomination.objects.get(person=star, award__code="CSTD_BT")
    assert stored.verdict is not None and stored.verdict["eligible"] is True
    assert stored.outcome == "awarded"
    checked = Nomination.objects.get(person=gap, award__code="CSTD_BT")
    assert checked.state == "returned" and checked.return_reason
    fresh = evaluate_loaded([person_facts(gap, "CSTD_BT", 2020)], Settings())[0].verdict
    assert fresh is not None and fresh.eligible is False
    unmet = [r for r in fresh.reasons if r.met is False]
    assert any("2019" in r.message or "CSTĐCS" in r.message for r in unmet)
    assert checked.verdict is not None and checked.verdict["eligible"] is False
    # Records: five years of ratings for people and collectives, one discipline period.
    assert TaskRating.objects.filter(person=star).count() == 5
    assert TaskRating.objects.filter(unit__code="BL-HD", year__in=range(2016, 2021)).count() == 5
    assert Discipline.objects.filter(person__code="BL-KT-0010").count() == 1
    assert Commendation.objects.filter(source="historical", year__lt=2020).count() > 10


def _a_second_run_changes_nothing() -> None:
    before = _counts()
    again = demo.load_awards()
    assert not again.created
    assert _counts() == before


def test_the_command_loads_it_once_and_can_skip_it() -> None:
    out = StringIO()
    call_command("demo", "--people", "0", stdout=out)
    assert Council.objects.filter(name=demo.COUNCIL_NAME).count() == 1
    before = _counts()
    out = StringIO()
    call_command("demo", "--people", "0", stdout=out)
    assert "khen thưởng mẫu đã được nạp" in out.getvalue()
    assert _counts() == before


def test_no_awards_flag() -> None:
    call_command("demo", "--people", "0", "--no-awards", stdout=StringIO())
    assert not Council.objects.exists()
    assert not Nomination.objects.exists()
