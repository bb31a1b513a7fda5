"""The unit pages run a constant number of queries as campaigns, units, items and reports grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns_unit.conftest import approved_registration, launch, png_bytes, upload
from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Registration
from thidua.org.models import Role, UnitKind

pytestmark = pytest.mark.django_db


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_campaigns(cast: Cast, n: int, start: int) -> None:
    """More campaigns, more communes taking part, some registered and reporting."""
    for i in range(start, start + n):
        unit = UnitFactory.create(
            code=f"BL-HD-Q{i:03d}", name=f"Xã thử {i}", kind=UnitKind.COMMUNE, parent=cast.district
        )
        officer = UserFactory.create(username=f"q-officer-{i}", role=Role.OFFICER, unit=unit)
        campaign = launch(cast, code=f"BL-Q-{i}")
        registration = services.registration_create(actor=officer, campaign=campaign, unit=unit)
        services.target_add(
            actor=officer, registration=registration, name="Chỉ tiêu", target_value=5
        )
        services.key_work_add(actor=officer, registration=registration, name="Công trình")
        services.registration_submit(actor=officer, registration=registration)
        services.registration_approve(actor=cast.officer, registration=registration)
        services.progress_report(
            actor=officer, target=registration.targets.get(), value=2, as_of=dt.date(2020, 6, 1)
        )


def test_my_campaigns_query_count_is_constant(cast: Cast, campaign: Campaign) -> None:
    client = cast.client_for(cast.officer)
    url = reverse("campaign_unit:my_campaigns")
    approved_registration(cast, campaign)
    small = _count(client, url)
    _grow_campaigns(cast, 4, 0)
    big = _count(client, url)
    html = client.get(url).content.decode()
    assert html.count('id="campaign-') == 5
    assert small == big, (small, big)


def _grow_registration(cast: Cast, campaign: Campaign, registration: Registration, n: int) -> None:
    officer = cast.commune_officer
    for i in range(n):
        services.target_add(
            actor=officer,
            registration=registration,
            name=f"Chỉ tiêu thêm {i}",
            baseline=10,
            target_value=2,
            direction="less_is_better",
        )
        person = PersonFactory.create(code=f"P-Q-{i}", full_name=f"Người {i}", unit=cast.commune)
        services.pledge_add(
            actor=officer, registration=registration, award_code="LDTT", person=person
        )
    work = registration.key_works.first()
    assert work is not None
    for i in range(n):
        services.milestone_add(actor=officer, key_work=work, name=f"Mốc {i}")


def test_registration_page_query_count_is_constant(cast: Cast) -> None:
    campaign = launch(cast, max_key_works=5)
    from tests.campaigns_unit.conftest import draft_registration

    registration = draft_registration(cast, campaign)
    client = cast.client_for(cast.commune_officer)
    url = reverse("campaign_unit:registration", args=[registration.pk])
    small = _count(client, url)
    _grow_registration(cast, campaign, registration, 5)
    for i in range(3):
        services.key_work_add(
            actor=cast.commune_officer,
            registration=registration,
            name=f"Công trình thêm {i}",
            milestones=[("Khởi công", None), ("Hoàn thành", None)],
        )
    big = _count(client, url)
    assert small == big, (small, big)


def test_progress_page_query_count_is_constant(cast: Cast, approved: Registration) -> None:
    client = cast.client_for(cast.commune_officer)
    url = reverse("campaign_unit:report", args=[approved.pk])
    target = approved.targets.get()
    work = approved.key_works.get()
    services.progress_report(
        actor=cast.commune_officer, target=target, value=1, as_of=dt.date(2020, 5, 20)
    )
    small = _count(client, url)
    for day in range(1, 6):
        services.progress_report(
            actor=cast.commune_officer,
            target=target,
            value=day * 3,
            as_of=dt.date(2020, 6, day),
            uploads=[upload(f"anh-{day}.png", png_bytes((60, 40)), "image/png")],
        )
        services.progress_report(
            actor=cast.commune_officer,
            key_work=work,
            percent=day * 10,
            as_of=dt.date(2020, 6, day),
        )
    big = _count(client, url)
    assert small == big, (small, big)
    assert client.get(url).content.decode().count("/thumb/") == 5
