"""The 2020 demo campaign: loaded through the services, complete, deterministic, idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from thidua.campaigns import demo, selectors
from thidua.campaigns.models import (
    Campaign,
    CampaignState,
    Cluster,
    CriteriaSet,
    CriterionAssessment,
    Evaluation,
    KeyWork,
    ProgressUpdate,
    Registration,
    RegistrationState,
    ReviewStage,
    Target,
    TargetKind,
    TitlePledge,
)
from thidua.core.models import AuditEvent
from thidua.org.demo.loader import load_demo
from thidua.org.models import Unit, User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (
        Campaign,
        Registration,
        Target,
        KeyWork,
        TitlePledge,
        ProgressUpdate,
        CriterionAssessment,
        Evaluation,
        Cluster,
        AuditEvent,
    )
    return {m.__name__: m.objects.count() for m in models}


def test_the_demo_campaign_is_played_to_the_final_review() -> None:
    load_demo(people=40)
    report = demo.load_campaign()
    assert report.created
    campaign = Campaign.objects.get(code=demo.CODE)
    assert campaign.name == demo.NAME
    assert campaign.issuing_unit.code == "BL"
    assert campaign.state == CampaignState.FINAL_REVIEW
    assert (campaign.start_date, campaign.deadline) == (dt.date(2020, 5, 15), dt.date(2020, 9, 2))
    assert campaign.launched_at is not None and campaign.launched_at.year == 2020
    assert "minh họa" in campaign.document_number
    assert sorted(campaign.movements.values_list("name", flat=True)) == sorted(demo.MOVEMENTS)
    assert (campaign.min_key_works, campaign.max_key_works) == (1, 2)

    # Participants: 7 district-level units, 64 communes/wards/towns, the provincial departments.
    participants = selectors.participant_units(campaign)
    kinds = {k: participants.filter(kind=k).count() for k in ("district", "commune")}
    assert kinds == {"district": 7, "commune": 49}
    assert participants.filter(kind__in=["ward", "town"]).count() == 15
    assert participants.filter(kind="department", parent__code="BL").count() > 10
    registrations = Registration.objects.filter(campaign=campaign)
    assert registrations.count() == participants.count() == report.registrations
    assert set(registrations.values_list("state", flat=True)) == {RegistrationState.APPROVED}
    assert registrations.filter(returned_reason__gt="").count() == 1

    # Every unit: targets, 1–2 key works, a collective pledge.
    office = User.objects.get(username="vanphong")
    rows: Any = list(selectors.registrations_for(office, campaign))  # with counts
    assert len(rows) == registrations.count()
    for row in rows:
        assert row.target_count >= 2, row.unit.code
        assert 1 <= row.key_work_count <= 2, row.unit.code
        assert row.pledge_count >= 1, row.unit.code
    vtd = KeyWork.objects.get(registration__unit__code="BL-TPBL-VTD", position=0)
    assert "Vĩnh Trạch Đông" in vtd.name and vtd.people_money and vtd.people_labour_days
    ntla = KeyWork.objects.get(registration__unit__code="BL-HD-NTLA", position=0)
    assert "Mở rộng" in ntla.name and "Ninh Thạnh Lợi A" in ntla.name
    assert TitlePledge.objects.filter(person__isnull=False).exists()

    # The new-rural standard: 49 xã assessed on 19 criteria; the tracker moves over time.
    ntm = CriteriaSet.objects.get(code="NTM-XA", version="2016-2020")
    assessed = CriterionAssessment.objects.filter(criterion__criteria_set=ntm)
    assert assessed.values("unit").distinct().count() == 49
    assert assessed.filter(assessed_on=demo.NTM_BASELINE_ON).count() == 49 * 19
    province = Unit.objects.get(code="BL")

    def tracker(day: str) -> tuple[int, int]:
        met, total = selectors.units_meeting_standard(
            criteria_set=ntm, under=province, on=dt.date.fromisoformat(day)
        )
        return len(met), total

    assert tracker("2020-05-15") == (33, 49)
    assert tracker("2020-09-02") == (37, 49)
    assert tracker("2020-12-31") == (47, 49)
    standard_targets = Target.objects.filter(
        registration__campaign=campaign, kind=TargetKind.STANDARD_COUNT
    )
    assert standard_targets.count() == 7
    assert sum(int(t.target_value) for t in standard_targets) == 49

    # Progress through 2 September, some units late; both reviews computed.
    updates = ProgressUpdate.objects.filter(
        key_work__registration__campaign=campaign
    ) | ProgressUpdate.objects.filter(target__registration__campaign=campaign)
    assert updates.count() == report.progress_updates > 1000
    dates = updates.values_list("as_of", flat=True)
    assert min(dates) >= demo.START and max(dates) <= demo.DEADLINE
    assert selectors.units_not_reported_since(campaign, dt.date(2020, 8, 2)).exists()
    final = Evaluation.objects.filter(campaign=campaign, stage=ReviewStage.FINAL)
    interim = Evaluation.objects.filter(campaign=campaign, stage=ReviewStage.INTERIM)
    assert final.count() == interim.count() == participants.count()
    classes = set(final.values_list("final_class", flat=True))
    assert {"HTXS", "KHT"} <= classes  # some finish, some are late
    # The interim review (15 July) measures progress against what was due by then (pro rata of
    # the time to each due date), no longer against the full targets (which gave 75 of 88 KHT).
    by_class = Counter(interim.values_list("proposed_class", flat=True))
    assert by_class == {"HTXS": 47, "HTT": 24, "HT": 9, "KHT": 8}
    assert Counter(final.values_list("proposed_class", flat=True)) == {
        "HTXS": 55,
        "HTT": 7,
        "HT": 15,
        "KHT": 11,
    }
    assert final.exclude(override_reason="").count() == 1

    # Clusters ranked, a unit proposed for the flag.
    clusters = Cluster.objects.filter(campaign=campaign)
    assert clusters.count() == 2
    for cluster in clusters:
        table = selectors.cluster_ranking(cluster)
        assert table.flag_candidate is not None
        assert len(table.ranking) == cluster.members.count()

    # The second run changes nothing and writes no audit event.
    before = _counts()
    again = demo.load_campaign()
    assert not again.created
    assert _counts() == before


def test_the_demo_command_plays_the_campaign_unless_told_not_to() -> None:
    out = StringIO()
    call_command("demo", "--no-people", "--no-campaign", "--no-awards", stdout=out)
    assert not Campaign.objects.exists()
    call_command("demo", "--no-people", "--no-awards", stdout=out)
    assert Campaign.objects.filter(code=demo.CODE).exists()
    assert "88" in out.getvalue().splitlines()[-1]
    audit_events = AuditEvent.objects.count()
    out = StringIO()
    call_command("demo", "--no-people", "--no-awards", stdout=out)
    assert AuditEvent.objects.count() == audit_events
    assert out.getvalue().strip().splitlines()[-1] == (
        "Đợt thi đua mẫu đã được nạp trước đó: không thay đổi gì."
    )


def test_the_campaign_needs_the_demo_province() -> None:
    with pytest.raises(ValidationError):
        demo.load_campaign()
    assert not Campaign.objects.exists()
