"""Evaluation at the reviews (proposed class, override with a reason) and cluster ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.campaigns.conftest import DEADLINE, add_communes, launched_campaign, registered
from tests.conftest import Cast
from thidua.campaigns import selectors, services
from thidua.campaigns.models import Campaign, Evaluation
from thidua.core.audit import history


def _reviewed(cast: Cast) -> Campaign:
    campaign = launched_campaign(cast)
    registration = registered(campaign, cast.commune, cast.commune_officer, approver=cast.officer)
    services.progress_report(
        actor=cast.commune_officer,
        target=registration.targets.get(),
        value=100,
        as_of=dt.date(2020, 7, 1),
    )
    services.progress_report(
        actor=cast.commune_officer,
        key_work=registration.key_works.get(),
        percent=80,
        as_of=dt.date(2020, 7, 1),
    )
    return services.campaign_transition(
        actor=cast.office, campaign=campaign, to_state="interim_review"
    )


def test_evaluation_only_in_its_review_and_by_the_office(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    with pytest.raises(ValidationError):
        services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim")
    campaign = services.campaign_transition(
        actor=cast.office, campaign=campaign, to_state="interim_review"
    )
    with pytest.raises(ValidationError):
        services.evaluation_compute(actor=cast.office, campaign=campaign, stage="final")
    with pytest.raises(PermissionDenied):
        services.evaluation_compute(actor=cast.officer, campaign=campaign, stage="interim")


def test_proposed_classes_follow_the_campaigns_thresholds(cast: Cast) -> None:
    campaign = _reviewed(cast)
    # Measured at the deadline, where the interim review expects the full targets (earlier,
    # it expects pro rata progress: tests/campaigns_bench_fixes/test_interim.py).
    n = services.evaluation_compute(
        actor=cast.office, campaign=campaign, stage="interim", on=DEADLINE
    )
    assert n == len(selectors.participant_unit_ids(campaign))
    commune = Evaluation.objects.get(campaign=campaign, unit=cast.commune, stage="interim")
    assert float(commune.attainment or 0) == pytest.approx(0.9)  # (1.0 + 0.8) / 2
    assert commune.proposed_class == commune.final_class == "HTT"
    district = Evaluation.objects.get(campaign=campaign, unit=cast.district, stage="interim")
    assert district.attainment is None and district.proposed_class == "KHT"
    services.campaign_update(
        actor=cast.office, campaign=campaign, threshold_htt=0.95, threshold_htxs=1
    )
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim", on=DEADLINE)
    commune.refresh_from_db()
    assert commune.proposed_class == "HT"
    assert Evaluation.objects.filter(campaign=campaign).count() == n  # recomputed in place


def test_an_override_needs_a_reason_is_audited_and_survives_recomputing(cast: Cast) -> None:
    campaign = _reviewed(cast)
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim", on=DEADLINE)
    evaluation = Evaluation.objects.get(campaign=campaign, unit=cast.commune)
    for reason in ("", "  "):
        with pytest.raises(ValidationError):
            services.evaluation_override(
                actor=cast.office, evaluation=evaluation, final_class="HTXS", reason=reason
            )
    with pytest.raises(PermissionDenied):
        services.evaluation_override(
            actor=cast.officer, evaluation=evaluation, final_class="HTXS", reason="Lý do"
        )
    with pytest.raises(ValidationError):
        services.evaluation_override(
            actor=cast.office, evaluation=evaluation, final_class="ABC", reason="Lý do"
        )
    reason = "Hoàn thành công trình trước hạn, được nhân dân đóng góp lớn."
    services.evaluation_override(
        actor=cast.office, evaluation=evaluation, final_class="HTXS", reason=reason
    )
    event = history(evaluation).get(action="evaluation.override")
    assert event.note == reason and (event.before or {})["final_class"] == "HTT"
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim", on=DEADLINE)
    evaluation.refresh_from_db()
    assert evaluation.final_class == "HTXS" and evaluation.proposed_class == "HTT"
    assert evaluation.is_overridden
    visible = selectors.evaluations_for(cast.commune_officer, campaign, "interim")
    assert [e.unit_id for e in visible] == [cast.commune.pk]


def _cluster(cast: Cast) -> tuple[object, list, list]:
    communes = add_communes(cast, 3)
    units = [c.unit for c in communes]
    cluster = services.cluster_create(
        actor=cast.office,
        name="Cụm thi đua các xã huyện Hồng Dân",
        kind="cluster",
        owner_unit=cast.province,
        members=units,
        year=2020,
    )
    criteria = [
        services.scoring_criterion_add(
            actor=cast.office, cluster=cluster, name="Phát triển kinh tế", max_points=60
        ),
        services.scoring_criterion_add(
            actor=cast.office, cluster=cluster, name="Văn hóa – xã hội", max_points=40
        ),
    ]
    return cluster, communes, criteria


def test_cluster_scores_stay_within_the_maximum_and_follow_roles(cast: Cast) -> None:
    cluster, communes, criteria = _cluster(cast)
    first = communes[0]
    services.cluster_score_self(
        actor=first.officer, criterion=criteria[0], unit=first.unit, score=58
    )
    with pytest.raises(ValidationError):
        services.cluster_score_self(
            actor=first.officer, criterion=criteria[0], unit=first.unit, score=61
        )
    with pytest.raises(PermissionDenied):
        services.cluster_score_self(
            actor=communes[1].officer, criterion=criteria[0], unit=first.unit, score=10
        )
    with pytest.raises(PermissionDenied):
        services.cluster_score_agree(
            actor=first.officer, criterion=criteria[0], unit=first.unit, score=50
        )
    with pytest.raises(ValidationError):
        services.cluster_score_agree(
            actor=cast.office, criterion=criteria[1], unit=cast.other_commune, score=5
        )
    row = services.cluster_score_agree(
        actor=cast.office, criterion=criteria[0], unit=first.unit, score=55
    )
    assert (row.self_score, row.agreed_score) == (58, 55)
    with pytest.raises(Http404):
        selectors.access_cluster(cast.outsider, cluster.pk)  # type: ignore[attr-defined]
    assert selectors.access_cluster(first.officer, cluster.pk) == cluster  # type: ignore[attr-defined]


def test_cluster_ranking_breaks_ties_and_proposes_the_flag(
    cast: Cast, django_assert_num_queries: object
) -> None:
    cluster, communes, criteria = _cluster(cast)
    agreed = {0: (50, 30), 1: (55, 25), 2: (40, 30)}  # totals 80, 80, 70
    for i, (a, b) in agreed.items():
        services.cluster_score_agree(
            actor=cast.office, criterion=criteria[0], unit=communes[i].unit, score=a
        )
        services.cluster_score_agree(
            actor=cast.office, criterion=criteria[1], unit=communes[i].unit, score=b
        )
    with django_assert_num_queries(3):  # type: ignore[operator]
        table = selectors.cluster_ranking(cluster)  # type: ignore[arg-type]
    order = [table.units[r.row.key] for r in table.ranking]
    # 80 = 80: the higher score on the first criterion (55 > 50) wins
    assert order == [communes[1].unit, communes[0].unit, communes[2].unit]
    assert [r.tied_on_total for r in table.ranking] == [True, True, False]
    assert table.flag_candidate == communes[1].unit
