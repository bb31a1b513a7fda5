"""The public campaign page: no login, launched campaigns only, nothing private, cacheable."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.conftest import add_communes, draft_campaign, png_bytes, upload
from tests.campaigns_dash.conftest import Small
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Evidence


def public_url(pk: int) -> str:
    return reverse("campaign_dash:public", args=[pk])


def test_anyone_sees_a_launched_campaign_without_logging_in(cast: Cast, small: Small) -> None:
    response = cast.client_for(None).get(public_url(small.campaign.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert small.campaign.name in html
    assert "Tỉnh Bạc Liêu" in html  # the issuing unit
    assert "02/09/2020" in html  # the deadline
    assert "Tỷ lệ hộ dùng nước sạch" in html  # public target
    assert "Đường Ninh Thạnh Lợi" in html  # public key work
    assert 'data-tracker="NTM-XA">0/1<' in html  # public standard-count target


def test_private_items_people_and_accounts_never_appear(cast: Cast, small: Small) -> None:
    html = cast.client_for(None).get(public_url(small.campaign.pk)).content.decode()
    assert "Nhà văn hoá ấp Nội Ô" not in html  # private key work
    assert "Km đường giao thông" not in html  # private target
    assert small.campaign.document_signer not in html
    for user in (cast.commune_officer, cast.officer, cast.office):
        assert user.username not in html.split("<body", 1)[1].split("</header>", 1)[1]
        if user.full_name:
            assert user.full_name not in html
    assert "nha.png" not in html and "nuoc.png" not in html  # file names
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html


def test_a_logged_in_visitor_gets_the_same_page(cast: Cast, small: Small) -> None:
    html = cast.client_for(cast.office).get(public_url(small.campaign.pk)).content.decode()
    assert cast.office.username not in html.split("</header>", 1)[0]


def test_drafts_and_unknown_campaigns_are_404(cast: Cast) -> None:
    draft = draft_campaign(cast, code="NHAP")
    client = cast.client_for(None)
    assert client.get(public_url(draft.pk)).status_code == 404
    assert client.get(public_url(draft.pk + 999)).status_code == 404
    # Even its office cannot publish a draft by visiting the page.
    assert cast.client_for(cast.office).get(public_url(draft.pk)).status_code == 404


def test_the_page_is_cacheable_and_sets_no_cookie(cast: Cast, small: Small) -> None:
    response = cast.client_for(None).get(public_url(small.campaign.pk))
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_only_photos_of_public_items_are_served(cast: Cast, small: Small) -> None:
    client = cast.client_for(None)
    public_photo = Evidence.objects.get(update__target=small.commune_target)
    private_photo = Evidence.objects.get(update__key_work=small.commune_work)
    html = client.get(public_url(small.campaign.pk)).content.decode()
    ok = reverse("campaign_dash:public_photo", args=[small.campaign.pk, public_photo.pk])
    hidden = reverse("campaign_dash:public_photo", args=[small.campaign.pk, private_photo.pk])
    assert ok in html and hidden not in html
    response = client.get(ok)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.getvalue()[:2] == b"\xff\xd8"
    assert client.get(hidden).status_code == 404


def test_public_page_queries_stay_constant(cast: Cast, small: Small) -> None:
    client = cast.client_for(None)
    with CaptureQueriesContext(connection) as before:
        client.get(public_url(small.campaign.pk))
    for commune in add_communes(cast, 5):
        officer = commune.officer
        reg = services.registration_create(
            actor=officer, campaign=small.campaign, unit=commune.unit
        )
        target = services.target_add(
            actor=officer, registration=reg, name="Chỉ tiêu", target_value=10, public=True
        )
        services.key_work_add(actor=officer, registration=reg, name="Cầu", public=True)
        services.registration_submit(actor=officer, registration=reg)
        services.registration_approve(actor=cast.officer, registration=reg)
        services.progress_report(
            actor=officer,
            target=target,
            value=4,
            as_of=dt.date(2020, 6, 2),
            uploads=[upload("a.png", png_bytes(), "image/png")],
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(public_url(small.campaign.pk))
    assert response.status_code == 200
    assert response.content.decode().count("public_photo") == 0
    assert response.content.decode().count("/photos/") == 6
    assert len(after) == len(before)
