"""The campaign dashboard: access, hand-computed numbers, filters, ranking, query counts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.conftest import add_communes, draft_campaign, registered
from tests.campaigns_dash.conftest import ON, Small
from tests.conftest import Cast
from thidua.campaigns import selectors
from thidua.campaigns.models import Campaign


def url(campaign: Campaign, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"on": ON.isoformat(), **params}.items())
    return reverse("campaign_dash:overview", args=[campaign.pk]) + "?" + query


def stat(html: str, name: str) -> str:
    match = re.search(rf'data-stat="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast, small: Small) -> None:
    response = cast.client_for(None).get(url(small.campaign))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("org:login"))


def test_outsiders_get_404(cast: Cast, small: Small) -> None:
    assert cast.client_for(cast.outsider).get(url(small.campaign)).status_code == 404
    missing = reverse("campaign_dash:overview", args=[small.campaign.pk + 1000])
    assert cast.client_for(cast.office).get(missing).status_code == 404


def test_a_draft_is_seen_only_on_the_issuing_side(cast: Cast) -> None:
    draft = draft_campaign(cast, code="NHAP")
    assert cast.client_for(cast.commune_officer).get(url(draft)).status_code == 404
    assert cast.client_for(cast.office).get(url(draft)).status_code == 200


def test_the_office_sees_the_hand_computed_numbers(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.office).get(url(small.campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert stat(html, "participating") == "3"
    assert stat(html, "registered") == "2"
    assert stat(html, "approved") == "2"
    assert stat(html, "reported") == "1"  # only the district reported in 29/6–5/7
    assert stat(html, "overall") == "29,4 %"  # (0.75 + 0.4/3 + 0) / 3
    assert stat(html, "at-risk") == "1"  # the district's road target
    assert 'data-tracker="NTM-XA">0/1<' in html
    assert "Xã Ninh Thạnh Lợi A" in html and "2 tiêu chí còn thiếu" in html
    board = response.context["board"]
    assert board.status_counts == {
        "done": 1,
        "on_track": 0,
        "at_risk": 0,
        "late": 0,
        "not_started": 1,
    }
    groups = {g.code: round(g.attainment, 4) for g in board.group_rows}
    assert groups == {"BL-HD": round((0.75 + 0.4 / 3) / 2, 4), "BL-SNV": 0.0}
    ranking = [(r.rank, r.code) for r in board.rows]
    assert sorted(ranking) == [(1, "BL-HD-NTLA"), (2, "BL-HD"), (3, "BL-SNV")]
    # The last point of the weekly series is the standing on the date.
    assert board.series_dates[-1] == ON
    assert board.series_values[-1] == pytest.approx(
        selectors.campaign_rollup(small.campaign, on=ON).overall
    )


def test_the_series_moves_week_by_week(cast: Cast, small: Small) -> None:
    series = selectors.campaign_progress_series(small.campaign, on=ON)
    values = dict(zip(series.dates, series.overall(), strict=True))
    assert values[series.dates[0]] == 0  # 15/5: nothing reported yet
    # 5/6: commune 0.5 and its key work not yet reported → 0.25; district 20 of 100 → 0.2/3
    june_5 = next(d for d in series.dates if d.isoformat() == "2020-06-05")
    assert values[june_5] == pytest.approx((0.25 + 0.2 / 3) / 3)
    # 12/6: the key work is done (10/6) → commune 0.75
    june_12 = next(d for d in series.dates if d.isoformat() == "2020-06-12")
    assert values[june_12] == pytest.approx((0.75 + 0.2 / 3) / 3)
    assert values[ON] == pytest.approx((0.75 + 0.4 / 3) / 3)


def test_a_district_officer_sees_only_the_district(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.officer).get(url(small.campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert stat(html, "participating") == "2"
    assert stat(html, "overall") == "44,2 %"  # (0.75 + 0.1333) / 2
    assert "Sở Nội vụ" not in html


def test_filters_by_district_and_kind(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    html = client.get(url(small.campaign, district="BL-SNV")).content.decode()
    assert stat(html, "participating") == "1"
    assert stat(html, "overall") == "0,0 %"
    html = client.get(url(small.campaign, kind="commune")).content.decode()
    assert stat(html, "participating") == "1"
    assert stat(html, "overall") == "75,0 %"


def test_an_earlier_date_shows_earlier_figures(cast: Cast, small: Small) -> None:
    html = cast.client_for(cast.office).get(url(small.campaign, on="2020-06-05")).content.decode()
    assert stat(html, "overall") == "10,6 %"  # (0.5/2 + 0.2/3 + 0) / 3
    assert 'data-tracker="NTM-XA">0/1<' in html


def test_bad_filters_are_named_and_ignored(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.office).get(
        reverse("campaign_dash:overview", args=[small.campaign.pk]) + "?on=32/13/2020&kind=xyz"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "32/13/2020" in html and "xyz" in html


def test_the_ranking_sorts_and_pages(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    page = client.get(url(small.campaign, sort="name")).context["page_obj"]
    names = [r.name for r in page.object_list]
    assert names == sorted(names)
    page = client.get(url(small.campaign, sort="attainment")).context["page_obj"]
    assert [r.code for r in page.object_list] == ["BL-SNV", "BL-HD", "BL-HD-NTLA"]


def test_queries_stay_constant_as_units_grow(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    client.get(url(small.campaign))  # warm up the session
    cache.clear()  # measure the computation, not the dashboard cache
    with CaptureQueriesContext(connection) as before:
        assert client.get(url(small.campaign)).status_code == 200
    for commune in add_communes(cast, 6):
        reg = registered(
            small.campaign, commune.unit, commune.officer, approver=cast.officer, targets=2
        )
        for target in reg.targets.all():
            from thidua.campaigns import services

            services.progress_report(actor=commune.officer, target=target, value=30, as_of=ON)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(small.campaign))
    assert response.status_code == 200
    assert response.context["board"].participating == 9
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
