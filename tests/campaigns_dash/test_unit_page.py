"""A unit's page in a campaign: access, its items with attainment, photos, class proposal."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns_dash.conftest import ON, Small
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Evidence


def unit_url(campaign: Campaign, code: str) -> str:
    return reverse("campaign_dash:unit", args=[campaign.pk, code]) + f"?on={ON.isoformat()}"


def test_access_to_a_units_page(cast: Cast, small: Small) -> None:
    url = unit_url(small.campaign, "BL-HD-NTLA")
    anonymous = cast.client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    for who in (cast.commune_officer, cast.officer, cast.viewer, cast.office):
        assert cast.client_for(who).get(url).status_code == 200, who.username
    # The commune cannot look at its district's page; no page for a unit not taking part.
    district = unit_url(small.campaign, "BL-HD")
    assert cast.client_for(cast.commune_officer).get(district).status_code == 404
    province = unit_url(small.campaign, "BL")
    assert cast.client_for(cast.office).get(province).status_code == 404
    assert cast.client_for(cast.office).get(unit_url(small.campaign, "NOPE")).status_code == 404


def test_the_commune_page_shows_its_items_photos_and_class(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.commune_officer).get(unit_url(small.campaign, "BL-HD-NTLA"))
    html = response.content.decode()
    assert 'data-stat="attainment">75,0 %<' in html
    assert 'data-stat="class">HT<' in html  # 0.70 ≤ 0.75 < 0.90
    assert "Tỷ lệ hộ dùng nước sạch" in html and "Nhà văn hoá ấp Nội Ô" in html
    assert html.count("chart-spark") == 2
    photos = Evidence.objects.filter(update__target__registration=small.commune_reg) | (
        Evidence.objects.filter(update__key_work__registration=small.commune_reg)
    )
    for photo in photos:
        assert reverse("campaign_dash:photo", args=[small.campaign.pk, photo.pk]) in html


def test_photos_are_served_only_to_those_who_may_see_the_unit(cast: Cast, small: Small) -> None:
    photo = Evidence.objects.get(update__key_work=small.commune_work)
    url = reverse("campaign_dash:photo", args=[small.campaign.pk, photo.pk])
    response = cast.client_for(cast.office).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    assert cast.client_for(None).get(url).status_code == 302
    assert cast.client_for(cast.commune_officer).get(url).status_code == 200
    # Through another campaign's address: 404.
    other = reverse("campaign_dash:photo", args=[small.campaign.pk + 50, photo.pk])
    assert cast.client_for(cast.office).get(other).status_code == 404


def test_the_unit_page_takes_constant_queries(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.commune_officer)
    url = unit_url(small.campaign, "BL-HD-NTLA")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in (3, 10, 17, 24):
        services.progress_report(
            actor=cast.commune_officer,
            target=small.commune_target,
            value=50 + day,
            as_of=ON.replace(month=6, day=day),
        )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
