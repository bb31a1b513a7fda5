"""The office's lists run in a constant number of queries as data grows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.conftest import add_communes, draft_campaign, launched_campaign
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Evaluation, Registration

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions) so both runs compare alike
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _register(campaign: Campaign, communes: list[Any]) -> None:
    for c in communes:
        registration = services.registration_create(actor=c.officer, campaign=campaign, unit=c.unit)
        services.target_add(
            actor=c.officer, registration=registration, name="Thu nhập", target_value=50
        )
        services.key_work_add(actor=c.officer, registration=registration, name="Nhà văn hóa")
        services.registration_submit(actor=c.officer, registration=registration)


def test_campaign_list(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    url = reverse("campaigns:list")
    launched_campaign(cast)
    small = _queries(client, url)
    for i in range(6):
        draft_campaign(cast, code=f"BL-X{i}", name=f"Đợt thi đua {i}")
    _register(Campaign.objects.get(code="BL-2020-DH"), add_communes(cast, 3))
    assert _queries(client, url) == small
    assert _queries(client, url + "?q=dot thi dua&state=draft&year=2020") <= small + 1


def test_registrations_page(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    client = cast.client_for(cast.office)
    url = reverse("campaigns:registrations", args=[campaign.pk])
    _register(campaign, add_communes(cast, 1, prefix="A"))
    small = _queries(client, url)
    _register(campaign, add_communes(cast, 6, prefix="B"))
    assert Registration.objects.filter(campaign=campaign).count() == 7
    assert _queries(client, url) == small
    # The district officer, who decides row by row, pays no query per row either.
    officer = cast.client_for(cast.officer)
    assert _queries(officer, url) == _queries(officer, url + "?state=submitted")


def test_evaluation_page(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    client = cast.client_for(cast.office)
    url = reverse("campaigns:evaluation", args=[campaign.pk, "final"])
    first = add_communes(cast, 1, prefix="A")
    _register(campaign, first)
    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="final_review")
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="final")
    small = _queries(client, url)
    # More units, and overrides in the history.
    add_communes(cast, 6, prefix="B")
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="final")
    for e in Evaluation.objects.filter(campaign=campaign)[:3]:
        services.evaluation_override(
            actor=cast.office, evaluation=e, final_class="HT", reason="Thành tích đột xuất"
        )
    assert Evaluation.objects.filter(campaign=campaign).count() > 7
    assert _queries(client, url) == small


def test_standard_matrix(cast: Cast, ntm: Any) -> None:
    client = cast.client_for(cast.officer)
    url = reverse("campaigns:standard", args=["NTM-XA"])
    criteria = list(ntm.criteria.order_by("number"))[:5]
    small = _queries(client, url)
    for c in add_communes(cast, 6):
        for criterion in criteria:
            services.criterion_assess(
                actor=cast.officer,
                unit=c.unit,
                criterion=criterion,
                met=True,
                assessed_on=dt.date(2020, 6, 1),
            )
    assert _queries(client, url) == small
    with_unit = _queries(client, url + "?unit=BL-HD-C000")
    assert with_unit <= small + 4  # the unit, its latest status and its history


def test_not_registered_and_clusters(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    client = cast.client_for(cast.office)
    urls = [reverse("campaigns:not_registered", args=[campaign.pk]), reverse("campaigns:clusters")]
    services.cluster_create(
        actor=cast.office, name="Cụm huyện", kind="cluster", owner_unit=cast.province, year=2020
    )
    small = [_queries(client, u) for u in urls]
    # New communes of the district take part (it takes part with its subtree).
    communes = add_communes(cast, 5)
    assert "Xã thử C4" in client.get(urls[0]).content.decode()
    services.cluster_create(
        actor=cast.office,
        name="Cụm xã",
        kind="cluster",
        owner_unit=cast.province,
        members=[c.unit for c in communes],
        year=2020,
    )
    assert [_queries(client, u) for u in urls] == small
