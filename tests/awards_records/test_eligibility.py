"""Eligibility pages: every reason with its Vietnamese sentence, for one subject and a scope."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.awards_records.conftest import MISSING_INITIATIVE, worker
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_eligible_person_shows_every_reason_met(cast: Cast) -> None:
    worker(cast, "P-OK", "Trần Thị Bình")
    page = cast.client_for(cast.officer).get("/awards/eligibility/P-OK/?year=2020&award=CSTDCS")
    text = page.text
    assert page.status_code == 200
    assert "Trần Thị Bình" in text
    assert "✓ Đủ điều kiện" in text
    assert "HOLDS_LDTT" in text and "Năm 2020 đã đạt Lao động tiên tiến." in text
    assert "INITIATIVE_CO_SO" in text and "cấp cơ sở" in text
    # Judgement criteria are shown as "?" for the council, with their legal basis.
    assert "QUOTA_15_PERCENT" in text and "Hội đồng đánh giá" in text
    assert "Căn cứ pháp lý" in text
    assert MISSING_INITIATIVE not in text


def test_ineligible_person_hears_why_not(cast: Cast) -> None:
    worker(cast, "P-NO", "Lê Văn Cường", initiative=False)
    page = cast.client_for(cast.office).get("/awards/eligibility/P-NO/?year=2020&award=CSTDCS")
    text = page.text
    assert "✗ Chưa đủ điều kiện" in text
    assert MISSING_INITIATIVE in text
    # The rule set in force for 2020 is the 2013 law with Decree 91/2017.
    assert "91/2017" in text


def test_all_awards_listed_for_the_year_by_default(cast: Cast) -> None:
    worker(cast, "P-OK")
    text = cast.client_for(cast.office).get("/awards/eligibility/P-OK/").text
    # Default year: the latest rated year.
    assert "năm 2020" in text.lower()
    for code in ("LDTT", "CSTDCS", "CSTD_BT", "BK_BT"):
        assert f'id="award-{code}"' in text


def test_collective_eligibility_page(cast: Cast) -> None:
    text = cast.client_for(cast.office).get("/awards/eligibility/BL-HD/?unit=1&year=2020").text
    assert "Huyện Hồng Dân" in text
    assert 'id="award-TTLDTT"' in text or 'id="award-TTLDXS"' in text


def test_person_record_shows_the_panel_and_records(cast: Cast) -> None:
    worker(cast, "P-OK", "Trần Thị Bình")
    text = cast.client_for(cast.officer).get("/awards/people/P-OK/").text
    assert "Sáng kiến P-OK" in text
    assert "P-OK/QĐ-UBND" in text  # the decision number of the LDTT record
    assert "Chưa sử dụng" in text
    assert "/awards/eligibility/P-OK/?year=2020&amp;award=CSTDCS" in text


def test_scope_lists_the_eligible_and_explains_the_others(cast: Cast) -> None:
    worker(cast, "P-OK", "Trần Thị Bình")
    worker(cast, "P-NO", "Lê Văn Cường", initiative=False)
    client = cast.client_for(cast.officer)
    url = "/awards/eligibility/?unit=BL-HD&award=CSTDCS&year=2020"
    text = client.get(url).text
    assert "Trần Thị Bình" in text
    assert "Lê Văn Cường" not in text
    everyone = client.get(url + "&all=1").text
    assert "Lê Văn Cường" in everyone and MISSING_INITIATIVE in everyone


def test_scope_refuses_an_award_the_subject_cannot_get(cast: Cast) -> None:
    response = cast.client_for(cast.office).get(
        "/awards/eligibility/?unit=BL-HD&award=NOPE&year=2020"
    )
    assert response.status_code == 400
    assert "NOPE" in response.text


def test_scope_export_to_excel(cast: Cast) -> None:
    worker(cast, "P-OK", "Trần Thị Bình")
    worker(cast, "P-NO", "Lê Văn Cường", initiative=False)
    response = cast.client_for(cast.viewer).get(
        "/awards/eligibility/?unit=BL-HD&award=CSTDCS&year=2020&all=1&format=xlsx"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    values = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row if v is not None]
    assert "Trần Thị Bình" in flat and "Lê Văn Cường" in flat
    assert any(MISSING_INITIATIVE in v for v in flat)


def test_scope_of_another_province_is_404(cast: Cast) -> None:
    response = cast.client_for(cast.officer).get("/awards/eligibility/?unit=ST&award=CSTDCS")
    assert response.status_code == 404


def test_nominate_button_for_writers_only(cast: Cast) -> None:
    from thidua.org.templatetags.thidua_web import optional_url

    worker(cast, "P-OK", "Trần Thị Bình")
    url = "/awards/eligibility/?unit=BL-HD&award=CSTDCS&year=2020"
    create = optional_url("nominations:create")
    link = f"{create}?person=P-OK&amp;award=CSTDCS&amp;year=2020"
    viewer_text = cast.client_for(cast.viewer).get(url).text
    assert "Trần Thị Bình" in viewer_text and "?person=P-OK" not in viewer_text
    officer_text = cast.client_for(cast.officer).get(url).text
    assert (link in officer_text) == bool(create)
