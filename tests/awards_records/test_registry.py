"""Registry: search without diacritics, filters, Excel export, revocation kept in history."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.awards_records.conftest import medal, person, worker
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import Commendation
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(cast: Cast) -> tuple[Commendation, Commendation]:
    a = medal(cast, person(cast.district, "P-1", "Đặng Thị Hồng"), "BK_BT", 2018)
    b = medal(cast, person(cast.commune, "P-2", "Phạm Văn Lực"), "CSTDCS", 2019)
    return a, b


def test_search_ignores_diacritics(cast: Cast, two: tuple[Commendation, Commendation]) -> None:
    client = cast.client_for(cast.office)
    text = client.get("/awards/registry/?q=dang thi hong").text
    assert "Đặng Thị Hồng" in text and "Phạm Văn Lực" not in text
    assert "Phạm Văn Lực" in client.get("/awards/registry/?q=PHAM van").text


def test_filters(cast: Cast, two: tuple[Commendation, Commendation]) -> None:
    client = cast.client_for(cast.office)
    by_award = client.get("/awards/registry/?award=CSTDCS").text
    assert "Phạm Văn Lực" in by_award and "Đặng Thị Hồng" not in by_award
    by_year = client.get("/awards/registry/?year=2018").text
    assert "Đặng Thị Hồng" in by_year and "Phạm Văn Lực" not in by_year
    collectives = client.get("/awards/registry/?subject=collective").text
    assert "Đặng Thị Hồng" not in collectives and "Phạm Văn Lực" not in collectives
    authority = two[0].award.authority_vi
    by_authority = client.get("/awards/registry/", {"authority": authority}).text
    assert "Đặng Thị Hồng" in by_authority and "Phạm Văn Lực" not in by_authority
    assert "Đặng Thị Hồng" not in client.get("/awards/registry/?revoked=yes").text


def test_export_holds_the_filtered_rows(cast: Cast, two: tuple[Commendation, Commendation]) -> None:
    response = cast.client_for(cast.viewer).get("/awards/registry/?format=xlsx&year=2018")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    flat = [v for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert "Đặng Thị Hồng" in flat and "Phạm Văn Lực" not in flat
    assert "2100/QĐ-UBND" in flat


def test_revocation_needs_a_ground_and_a_decision(
    cast: Cast, two: tuple[Commendation, Commendation]
) -> None:
    target = two[0]
    client = cast.client_for(cast.office)
    url = f"/awards/registry/{target.pk}/revoke/"
    for data in (
        {"reason": "", "decision_number": "12/QĐ-UBND", "decision_date": "2021-03-05"},
        {"reason": "   ", "decision_number": "12/QĐ-UBND", "decision_date": "2021-03-05"},
        {"reason": "Khai man thành tích", "decision_number": "", "decision_date": "2021-03-05"},
        {"reason": "Khai man thành tích", "decision_number": "12/QĐ-UBND", "decision_date": ""},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Trường này là bắt buộc" in response.text or "bắt buộc" in response.text
    target.refresh_from_db()
    assert target.revoked_at is None


def test_revocation_keeps_the_row_struck_through_with_its_history(
    cast: Cast, two: tuple[Commendation, Commendation]
) -> None:
    target = two[0]
    client = cast.client_for(cast.office)
    response = client.post(
        f"/awards/registry/{target.pk}/revoke/",
        {
            "reason": "Khai man thành tích (Điều 93 Luật TĐKT)",
            "decision_number": "12/QĐ-UBND",
            "decision_date": "2021-03-05",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.revoked_at is not None
    assert target.revoking_decision_number == "12/QĐ-UBND ngày 05/03/2021"
    assert Commendation.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(
        action="commendation.revoke", target_id=str(target.pk)
    ).exists()
    listing = client.get("/awards/registry/?revoked=yes").text
    assert "Đặng Thị Hồng" in listing and "Khai man thành tích" in listing
    assert 'class="revoked"' in listing
    record = client.get("/awards/people/P-1/").text
    assert 'class="revoked"' in record and "12/QĐ-UBND ngày 05/03/2021" in record
    # A second revocation is refused and changes nothing.
    again = client.post(
        f"/awards/registry/{target.pk}/revoke/",
        {"reason": "Lần hai", "decision_number": "13/QĐ-UBND", "decision_date": "2021-04-01"},
    )
    assert again.status_code == 400
    target.refresh_from_db()
    assert target.revocation_reason.startswith("Khai man")
    history = client.get(f"/awards/registry/{target.pk}/revoke/").text
    assert "Khai man thành tích" in history


def test_revoked_commendation_no_longer_counts(cast: Cast) -> None:
    someone = worker(cast, "P-OK")
    ldtt = Commendation.objects.get(person=someone, award__code="LDTT")
    client = cast.client_for(cast.office)
    url = "/awards/eligibility/P-OK/?year=2020&award=CSTDCS"
    assert "✓ Đủ điều kiện" in client.get(url).text
    services.commendation_revoke(
        actor=cast.office, commendation=ldtt, reason="Sai hồ sơ", decision_number="1/QĐ"
    )
    assert "✗ Chưa đủ điều kiện" in client.get(url).text


def test_only_the_office_is_offered_the_revoke_button(
    cast: Cast, two: tuple[Commendation, Commendation]
) -> None:
    link = f"/awards/registry/{two[0].pk}/revoke/"
    assert link in cast.client_for(cast.office).get("/awards/registry/").text
    for user in (cast.officer, cast.viewer):
        text = cast.client_for(user).get("/awards/registry/").text
        assert "Đặng Thị Hồng" in text and link not in text
