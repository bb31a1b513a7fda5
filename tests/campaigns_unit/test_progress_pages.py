"""Progress reports with evidence files, the history and the at-risk explanation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns_unit.conftest import pdf_bytes, png_bytes, upload
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Evidence, ProgressUpdate, Registration

pytestmark = pytest.mark.django_db


def _url(registration: Registration) -> str:
    return reverse("campaign_unit:report", args=[registration.pk])


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_officer_reports_a_value_with_a_real_png_and_a_pdf(
    cast: Cast, approved: Registration, settings: Any
) -> None:
    target = approved.targets.get()
    client = cast.client_for(cast.commune_officer)
    page = client.get(_url(approved)).content.decode()
    assert 'accept="image/*,application/pdf"' in page
    assert 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    key = f"t{target.pk}"
    response = client.post(
        _url(approved),
        {
            "item": key,
            f"{key}-value": "12,5".replace(",", "."),
            f"{key}-as_of": "2020-07-01",
            f"{key}-note": "Hoàn thành nền đường ấp Phú Tân",
            f"{key}-photos": [upload("anh-cong-trinh.png", png_bytes(), "image/png")],
            f"{key}-attachments": [upload("bien-ban.pdf", pdf_bytes(), "application/pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    update = ProgressUpdate.objects.get(target=target)
    assert (update.value, update.as_of) == (12.5, dt.date(2020, 7, 1))
    kinds = sorted((e.content_type, bool(e.thumbnail)) for e in update.evidence.all())
    assert kinds == [("application/pdf", False), ("image/png", True)]
    page = client.get(_url(approved)).content.decode()
    image = Evidence.objects.get(content_type="image/png")
    assert reverse("campaign_unit:evidence_thumb", args=[image.pk]) in page
    assert "Hoàn thành nền đường ấp Phú Tân" in page
    thumb = client.get(reverse("campaign_unit:evidence_thumb", args=[image.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert b"".join(thumb.streaming_content).startswith(b"\xff\xd8\xff")  # type: ignore[attr-defined]
    pdf = Evidence.objects.get(content_type="application/pdf")
    served = client.get(reverse("campaign_unit:evidence", args=[pdf.pk]))
    assert served["Content-Type"] == "application/pdf"


def test_a_text_file_renamed_png_is_refused_and_nothing_is_stored(
    cast: Cast, approved: Registration, settings: Any
) -> None:
    target = approved.targets.get()
    key = f"t{target.pk}"
    response = cast.client_for(cast.commune_officer).post(
        _url(approved),
        {
            "item": key,
            f"{key}-value": "20",
            f"{key}-attachments": [
                upload("that.png", png_bytes(), "image/png"),
                upload("gia.png", b"day khong phai la anh\n" * 20, "image/png"),
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "gia.png" in html and "không thuộc loại được chấp nhận" in html
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_key_work_progress_by_percent_and_milestone(cast: Cast, approved: Registration) -> None:
    work = approved.key_works.get()
    client = cast.client_for(cast.commune_officer)
    key = f"k{work.pk}"
    response = client.post(_url(approved), {"item": key, f"{key}-percent": "140"})
    assert response.status_code == 400
    assert "phải nhỏ hơn hoặc bằng 100" in response.content.decode()
    response = client.post(_url(approved), {"item": key})
    assert response.status_code == 400
    assert "Cần nhập tỷ lệ hoàn thành hoặc mốc đã đạt của “Công trình 1”." in (
        response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    response = client.post(_url(approved), {"item": key, f"{key}-percent": "40"})
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(key_work=work).percent == 40


def test_at_risk_is_explained_in_vietnamese(cast: Cast, approved: Registration) -> None:
    target = approved.targets.get()
    for day, value in ((dt.date(2020, 6, 1), 5), (dt.date(2020, 7, 1), 10)):
        services.progress_report(actor=cast.commune_officer, target=target, value=value, as_of=day)
    html = cast.client_for(cast.commune_officer).get(_url(approved)).content.decode()
    assert "Theo xu hướng hiện tại sẽ không đạt trước hạn 02/9/2020." in html
    assert "data-at-risk" in html
    assert "data-unit-attainment>5%" in html  # (10% of the target + 0% of the key work) / 2


def test_a_viewer_sees_progress_but_cannot_report(cast: Cast, approved: Registration) -> None:
    client = cast.client_for(cast.viewer)
    page = client.get(_url(approved))
    assert page.status_code == 200
    assert "Gửi báo cáo" not in page.content.decode()
    target = approved.targets.get()
    response = client.post(_url(approved), {"item": f"t{target.pk}", f"t{target.pk}-value": "3"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_evidence_is_not_served_to_outsiders(cast: Cast, approved: Registration) -> None:
    target = approved.targets.get()
    services.progress_report(
        actor=cast.commune_officer,
        target=target,
        value=3,
        uploads=[upload("a.png", png_bytes((40, 40)), "image/png")],
    )
    evidence = Evidence.objects.get()
    outsider = cast.client_for(cast.outsider)
    assert outsider.get(reverse("campaign_unit:evidence", args=[evidence.pk])).status_code == 404
    assert (
        outsider.get(reverse("campaign_unit:evidence_thumb", args=[evidence.pk])).status_code == 404
    )
    anonymous = cast.client_for(None).get(reverse("campaign_unit:evidence", args=[evidence.pk]))
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
