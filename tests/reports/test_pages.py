"""Report pages: who sees what, the figures on screen, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import Data, grow

pytestmark = pytest.mark.django_db

PAGES = [
    "/reports/",
    "/reports/commendations/",
    "/reports/units/",
    "/reports/people/",
    "/reports/campaigns/",
    "/reports/template/",
]
DOWNLOADS = [
    "/reports/excel/all.xlsx",
    "/reports/excel/units.xlsx",
    "/reports/word/bao-cao-tong-hop.docx",
    "/reports/template/default.docx",
]


def test_anonymous_visitors_are_sent_to_the_login_page(data: Data) -> None:
    for url in PAGES + DOWNLOADS:
        response = data.cast.client_for(None).get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]


def test_council_members_have_no_reports(data: Data) -> None:
    council = data.cast.client_for(data.cast.council)
    for url in PAGES + DOWNLOADS:
        assert council.get(url).status_code == 403, url


def test_a_unit_outside_the_scope_is_not_found(data: Data) -> None:
    officer = data.cast.client_for(data.cast.officer)
    outsider = data.cast.client_for(data.cast.outsider)
    for url in PAGES + DOWNLOADS:
        assert officer.get(url, {"unit": "BL"}).status_code == 404, url
        assert outsider.get(url, {"unit": "BL-HD"}).status_code == 404, url
        assert outsider.get(url, {"unit": "NO-SUCH-UNIT"}).status_code == 404, url


def test_each_staff_role_gets_its_reports(data: Data) -> None:
    for user in (data.cast.office, data.cast.officer, data.cast.viewer, data.cast.leader,
                 data.cast.admin):  # fmt: skip
        client = data.cast.client_for(user)
        for url in PAGES:
            assert client.get(url, {"year_from": 2020}).status_code == 200, (user, url)
    viewer = data.cast.client_for(data.cast.viewer)
    for url in DOWNLOADS:
        assert viewer.get(url, {"year_from": 2020}).status_code == 200, url


def test_the_summary_page_shows_the_counted_figures(data: Data) -> None:
    html = (
        data.cast.client_for(data.cast.office)
        .get("/reports/", {"year_from": 2020})
        .content.decode()
    )
    assert 'data-stat="commendations">9<' in html
    assert 'data-stat="individuals">6<' in html
    assert 'data-stat="collectives">3<' in html
    assert "<svg" in html and 'role="img"' in html
    assert "Tỉnh Bạc Liêu · năm 2020" in html


def test_the_award_page_lists_levels_forms_and_totals(data: Data) -> None:
    html = (
        data.cast.client_for(data.cast.office)
        .get("/reports/commendations/", {"year_from": 2020})
        .content.decode()
    )
    assert 'data-total="total">9<' in html
    assert 'data-form="BK_TTG"' in html and "Bằng khen của Thủ tướng Chính phủ" in html
    assert "Cấp cơ sở" in html


def test_the_unit_page_rows_are_the_direct_children(data: Data) -> None:
    html = (
        data.cast.client_for(data.cast.officer)
        .get("/reports/units/", {"year_from": 2020})
        .content.decode()
    )
    assert 'data-unit="BL-HD-NTLA"' in html
    assert 'data-unit="BL-SNV"' not in html  # a sibling of the officer's district
    assert 'data-total="total">6<' in html


def test_the_people_page_shows_shares(data: Data) -> None:
    html = (
        data.cast.client_for(data.cast.office)
        .get("/reports/people/", {"year_from": 2020})
        .content.decode()
    )
    assert 'data-total="women">4 <small>(66,7 %)</small>' in html
    assert 'data-total="farmers">2 <small>(33,3 %)</small>' in html


def test_the_campaign_page(data: Data) -> None:
    html = (
        data.cast.client_for(data.cast.office)
        .get("/reports/campaigns/", {"year_from": 2020})
        .content.decode()
    )
    assert 'data-campaign="BL-TEST-2020"' in html
    assert "1/1" in html  # units meeting the standard


def test_bad_filters_are_explained_in_vietnamese_and_the_report_still_shows(data: Data) -> None:
    client = data.cast.client_for(data.cast.office)
    html = client.get("/reports/", {"year_from": "2021", "year_to": "2019"}).content.decode()
    assert "Năm bắt đầu (2021) sau năm kết thúc (2019)." in html
    html = client.get("/reports/", {"year_from": "abc"}).content.decode()
    assert "Từ năm" in html  # the field is named


def _page_queries(data: Data, url: str) -> int:
    client = data.cast.client_for(data.cast.office)
    client.get(url, {"year_from": 2019, "year_to": 2020})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"year_from": 2019, "year_to": 2020}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/reports/",  # every selector (the summary computes all three reports)
        "/reports/excel/all.xlsx",
        "/reports/word/bao-cao-tong-hop.docx",
    ],
)
def test_pages_and_downloads_keep_a_constant_number_of_queries(data: Data, url: str) -> None:
    small = _page_queries(data, url)
    grow(data.cast, 5, "p")
    assert _page_queries(data, url) == small


def test_one_level_up_only_within_the_scope(data: Data) -> None:
    office = data.cast.client_for(data.cast.office).get("/reports/units/?unit=BL-HD&year_from=2020")
    assert "Lên một cấp: Tỉnh Bạc Liêu" in office.content.decode()
    officer = data.cast.client_for(data.cast.officer).get("/reports/units/", {"year_from": 2020})
    assert "Lên một cấp" not in officer.content.decode()
