"""A launched campaign with something on every office page, built through the services."""

from __future__ import annotations

from dataclasses import dataclass

from tests.campaigns.conftest import launched_campaign
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Cluster, Evaluation, Registration


@dataclass
class World:
    campaign: Campaign
    registration: Registration  # the commune's, submitted
    evaluation: Evaluation
    cluster: Cluster


def submitted(campaign: Campaign, cast: Cast) -> Registration:
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Tỷ lệ hộ nghèo",
        baseline=10,
        target_value=5,
        direction="less_is_better",
    )
    services.key_work_add(
        actor=cast.commune_officer, registration=registration, name="Đường giao thông nông thôn"
    )
    return services.registration_submit(actor=cast.commune_officer, registration=registration)


def world(cast: Cast) -> World:
    campaign = launched_campaign(cast)
    registration = submitted(campaign, cast)
    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="interim_review")
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim")
    cluster = services.cluster_create(
        actor=cast.office,
        name="Cụm thi đua số 1",
        kind="cluster",
        owner_unit=cast.province,
        members=[cast.district, cast.department],
        year=2020,
    )
    services.scoring_criterion_add(
        actor=cast.office, cluster=cluster, name="Phát triển kinh tế", max_points=30
    )
    campaign.refresh_from_db()
    return World(
        campaign=campaign,
        registration=registration,
        evaluation=Evaluation.objects.get(campaign=campaign, unit=cast.commune),
        cluster=cluster,
    )
