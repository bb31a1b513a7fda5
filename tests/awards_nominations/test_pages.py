"""The nominations pages: who may see and do what, the drafted summary, the dossier files,
the steps through the services, time limits with overdue flags, constant queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.awards_domain.conftest import fighter, nominate, person
from tests.conftest import Cast
from thidua.awards import views_nominations
from thidua.awards.models import Nomination, NominationState
from thidua.awards.workdays import add_workdays

LIST = reverse("nominations:list")
CREATE = reverse("nominations:create")


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@pytest.fixture
def vi(settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"


def test_officer_creates_with_a_drafted_summary_and_submits(cast: Cast, vi: None) -> None:
    someone = fighter(cast, "P-AN")
    client = cast.client_for(cast.officer)
    page = client.get(CREATE, {"person": "P-AN", "award": "CSTD_BT", "year": "2020"})
    assert page.status_code == 200
    text = page.content.decode()
    # The drafted summary lists the titles held in recent years and the initiative.
    assert "Chiến sĩ thi đua cơ sở" in text and "2018" in text
    assert "Sáng kiến của P-AN" in text
    # Only awards an individual may receive are offered.
    assert 'value="CSTD_BT"' in text and 'value="TTLDXS"' not in text
    response = client.post(
        CREATE + "?person=P-AN",
        {
            "award": "CSTD_BT",
            "year": 2020,
            "achievements": "Thành tích tiêu biểu.",
            "submission": pdf("to-trinh.pdf"),
            "report": pdf("bao-cao.pdf"),
            "minutes": pdf("bien-ban.pdf"),
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(person=someone)
    assert response["Location"] == reverse("nominations:detail", args=[nomination.pk])
    assert nomination.files.count() == 3 and nomination.state == NominationState.DRAFT
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Đủ điều kiện" in detail.content.decode() or "Eligible" in detail.content.decode()
    assert client.post(reverse("nominations:submit", args=[nomination.pk])).status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED and nomination.submitted_at


def test_uploads_are_checked_by_type_and_content(cast: Cast, vi: None) -> None:
    fighter(cast, "P-AN")
    client = cast.client_for(cast.officer)
    fake = SimpleUploadedFile("to-trinh.pdf", b"MZ not a pdf", content_type="application/pdf")
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        CREATE + "?person=P-AN",
        {"award": "CSTD_BT", "year": 2020, "submission": fake, "report": exe},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "to-trinh.pdf" in text and "virus.exe" in text
    assert not Nomination.objects.exists()


def test_simplified_procedure_needs_a_ground(cast: Cast, vi: None) -> None:
    fighter(cast, "P-AN")
    client = cast.client_for(cast.officer)
    data = {"award": "BK_BT", "year": 2020, "achievements": "Cứu người.", "simplified": "on"}
    response = client.post(CREATE + "?person=P-AN", data)
    assert response.status_code == 200 and not Nomination.objects.exists()
    response = client.post(CREATE + "?person=P-AN", {**data, "simplified_ground": "ad_hoc"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.simplified
    assert nomination.achievements.startswith("Thủ tục đơn giản")


def test_office_checks_and_returns_with_a_reason(cast: Cast, vi: None) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), check=False)
    office = cast.client_for(cast.office)
    refused = office.post(reverse("nominations:return", args=[nomination.pk]), {"reason": " "})
    assert refused.status_code == 400
    assert "Cần nêu lý do trả lại hồ sơ." in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    office.post(reverse("nominations:check", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.state == NominationState.CHECKED and nomination.verdict is not None
    page = office.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    for reason in nomination.verdict["reasons"]:
        assert reason["message"] in page
    office.post(
        reverse("nominations:return", args=[nomination.pk]), {"reason": "Thiếu bản sao sáng kiến"}
    )
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED
    assert nomination.return_reason == "Thiếu bản sao sáng kiến"
    page = office.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert "Thiếu bản sao sáng kiến" in page


def test_proposing_officer_cannot_check_and_office_cannot_submit(cast: Cast) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), submit=False)
    office = cast.client_for(cast.office)
    assert office.post(reverse("nominations:submit", args=[nomination.pk])).status_code == 403
    nominate_submitted = nominate(cast, fighter(cast, "P-BA"), check=False)
    officer = cast.client_for(cast.officer)
    url = reverse("nominations:check", args=[nominate_submitted.pk])
    assert officer.post(url).status_code == 403


def test_viewer_may_read_but_not_write(cast: Cast) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), submit=False)
    viewer = cast.client_for(cast.viewer)
    assert viewer.get(LIST).status_code == 200
    assert viewer.get(reverse("nominations:detail", args=[nomination.pk])).status_code == 200
    assert viewer.get(CREATE, {"person": "P-AN"}).status_code == 403
    assert viewer.get(CREATE).status_code == 403
    assert viewer.post(reverse("nominations:submit", args=[nomination.pk])).status_code == 403
    assert viewer.post(reverse("nominations:attach", args=[nomination.pk])).status_code == 403
    url = reverse("nominations:return", args=[nomination.pk])
    assert viewer.post(url, {"reason": "x"}).status_code == 403


def test_outsider_gets_404(cast: Cast) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), submit=False)
    outsider = cast.client_for(cast.outsider)
    for name in ("detail",):
        assert outsider.get(reverse(f"nominations:{name}", args=[nomination.pk])).status_code == 404
    for name in ("submit", "check", "return", "decline", "attach"):
        url = reverse(f"nominations:{name}", args=[nomination.pk])
        assert outsider.post(url).status_code == 404, name
    assert outsider.get(CREATE, {"person": "P-AN"}).status_code == 404
    assert outsider.get(CREATE, {"unit": "BL-HD"}).status_code == 404
    page = outsider.get(LIST).content.decode()
    assert "Nguyễn Văn An" not in page


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), submit=False)
    anonymous = cast.client_for(None)
    for url in (LIST, CREATE, reverse("nominations:detail", args=[nomination.pk])):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    response = anonymous.post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_collective_offers_collective_awards(cast: Cast, vi: None) -> None:
    client = cast.client_for(cast.officer)
    page = client.get(CREATE, {"unit": "BL-HD-NTLA", "year": "2020"}).content.decode()
    assert 'value="TTLDXS"' in page and 'value="CSTDCS"' not in page


def test_overdue_flag_counts_working_days(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    nomination = nominate(cast, fighter(cast, "P-AN"), check=False)
    submitted = dt.date(2021, 2, 8)  # Monday before Tết Tân Sửu
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=at(submitted))
    office = cast.client_for(cast.office)
    # Due 22/2/2021 (five working days, Tết skipped): not overdue on that day.
    monkeypatch.setattr(views_nominations, "_today", lambda: dt.date(2021, 2, 22))
    page = office.get(LIST).content.decode()
    assert "22/02/2021" in page and 'data-overdue="1"' not in page
    assert office.get(LIST, {"overdue": "1"}).context["page"].paginator.count == 0
    # The next working day it is one working day late.
    monkeypatch.setattr(views_nominations, "_today", lambda: dt.date(2021, 2, 23))
    page = office.get(LIST).content.decode()
    assert 'data-overdue="1"' in page
    assert office.get(LIST, {"overdue": "1"}).context["page"].paginator.count == 1
    detail = office.get(reverse("nominations:detail", args=[nomination.pk]))
    assert detail.context["due"].late_days == 1
    # Once checked, the 20-working-day appraisal limit applies.
    office.post(reverse("nominations:check", args=[nomination.pk]))
    detail = office.get(reverse("nominations:detail", args=[nomination.pk]))
    assert detail.context["due"].date == add_workdays(submitted, 20)
    assert not detail.context["due"].overdue


def test_draft_due_by_the_jurisdiction_submission_date(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.awards import services

    nominate(cast, fighter(cast, "P-AN"), submit=False)
    monkeypatch.setattr(views_nominations, "_today", lambda: dt.date(2020, 12, 5))
    office = cast.client_for(cast.office)
    assert "10/12/2020" in office.get(LIST).content.decode()
    services.jurisdiction_setting_set(
        actor=cast.admin, unit=cast.province, key="submission_deadline", value="12-01"
    )
    page = office.get(LIST).content.decode()
    assert "01/12/2020" in page and 'data-overdue="1"' in page


def test_filters(cast: Cast) -> None:
    nominate(cast, fighter(cast, "P-AN"), submit=False)
    nominate(cast, fighter(cast, "P-BA"), award="CSTDCS")
    office = cast.client_for(cast.office)

    def count(**params: Any) -> int:
        return office.get(LIST, params).context["page"].paginator.count

    assert count() == 2
    assert count(state="draft") == 1
    assert count(award="CSTDCS") == 1
    assert count(year=2019) == 0
    assert count(unit="BL-HD") == 2
    assert count(unit="BL-HD-NTLA") == 0
    assert office.get(LIST, {"unit": "ST"}).status_code == 404


def test_list_runs_in_constant_queries(cast: Cast) -> None:
    office = cast.client_for(cast.office)
    nominate(cast, fighter(cast, "P-0"))
    office.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert office.get(LIST).status_code == 200
    for i in range(1, 6):
        someone = person(cast.district, f"P-{i}", f"Người {i}")
        nominate(cast, someone, award="LDTT", check=i % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        response = office.get(LIST, {"overdue": ""})
    assert len(response.context["items"]) == 6
    assert len(many) == len(few)
