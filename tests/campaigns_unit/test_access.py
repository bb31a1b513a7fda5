"""Who may open and change what on the unit side: outsiders 404, viewers 403 on writes,
anonymous users to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Cast
from thidua.campaigns.models import Campaign, Registration

pytestmark = pytest.mark.django_db


def _write_urls(registration: Registration) -> list[str]:
    pk = registration.pk
    target = registration.targets.get().pk
    work = registration.key_works.get().pk
    return [
        reverse("campaign_unit:submit", args=[pk]),
        reverse("campaign_unit:target_add", args=[pk]),
        reverse("campaign_unit:target_edit", args=[pk, target]),
        reverse("campaign_unit:target_remove", args=[pk, target]),
        reverse("campaign_unit:key_work_add", args=[pk]),
        reverse("campaign_unit:key_work_edit", args=[pk, work]),
        reverse("campaign_unit:key_work_remove", args=[pk, work]),
        reverse("campaign_unit:milestone_add", args=[pk, work]),
        reverse("campaign_unit:pledge_add", args=[pk]),
        reverse("campaign_unit:report", args=[pk]),
        reverse("campaign_unit:progress_import", kwargs={"pk": pk}),
    ]


@pytest.fixture
def draft(cast: Cast, campaign: Campaign) -> Registration:
    from tests.campaigns_unit.conftest import draft_registration

    return draft_registration(cast, campaign)


def test_anonymous_users_are_sent_to_login(cast: Cast, draft: Registration) -> None:
    client = cast.client_for(None)
    urls = [
        reverse("campaign_unit:my_campaigns"),
        reverse("campaign_unit:notifications"),
        reverse("campaign_unit:registration", args=[draft.pk]),
        reverse("campaign_unit:progress_import", kwargs={"campaign_pk": draft.campaign_id}),
        *_write_urls(draft),
    ]
    for url in urls:
        response = client.get(url) if "add" not in url else client.post(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/login" in response["Location"], url
    assert draft.targets.count() == 1


def test_other_units_officers_get_404(cast: Cast, draft: Registration) -> None:
    client = cast.client_for(cast.outsider)
    assert client.get(reverse("campaign_unit:registration", args=[draft.pk])).status_code == 404
    assert client.get(reverse("campaign_unit:report", args=[draft.pk])).status_code == 404
    for url in _write_urls(draft):
        assert client.post(url, {"target-name": "x"}).status_code == 404, url
    assert (
        client.get(
            reverse("campaign_unit:progress_import", kwargs={"campaign_pk": draft.campaign_id})
        ).status_code
        == 404
    )
    # Nor can they start a registration for a unit outside their scope.
    response = client.post(
        reverse("campaign_unit:registration_create", args=[draft.campaign_id, cast.commune.pk])
    )
    assert response.status_code == 404
    assert draft.targets.count() == 1 and draft.key_works.count() == 1


def test_viewer_reads_but_gets_403_on_every_write(cast: Cast, draft: Registration) -> None:
    client = cast.client_for(cast.viewer)
    page = client.get(reverse("campaign_unit:registration", args=[draft.pk]))
    assert page.status_code == 200 and "hx-post" not in page.content.decode()
    for url in _write_urls(draft):
        assert client.post(url, {"target-name": "x"}).status_code == 403, url
    response = client.get(
        reverse("campaign_unit:progress_import", kwargs={"campaign_pk": draft.campaign_id})
    )
    assert response.status_code == 403
    response = client.post(
        reverse("campaign_unit:registration_create", args=[draft.campaign_id, cast.district.pk])
    )
    assert response.status_code == 403
    assert draft.targets.count() == 1 and draft.key_works.count() == 1


def test_the_parent_units_officer_sees_but_may_not_write_the_communes_registration(
    cast: Cast, draft: Registration
) -> None:
    client = cast.client_for(cast.officer)
    assert client.get(reverse("campaign_unit:registration", args=[draft.pk])).status_code == 200
    response = client.post(
        reverse("campaign_unit:target_add", args=[draft.pk]),
        {"target-kind": "value", "target-name": "x", "target-target_value": "3"},
    )
    assert response.status_code == 403
