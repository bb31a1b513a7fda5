"""The decision's files: Word (python-docx), PDF of the decision in the Decree 30 layout and
the certificates (one landscape page per awardee), revoked awardees struck through."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from tests.awards_decisions.conftest import DAY, draft, ldtt, pdf_pages, pdf_text
from tests.conftest import Cast
from thidua.awards import pdf, services
from thidua.awards.models import Commendation, Decision

NAMES = ("Nguyễn Thị Thu Hằng", "Trần Văn Đức", "Lý Thị Ánh")


def _issued(cast: Cast, number: int = 125) -> Decision:
    nominations = [ldtt(cast, f"F{i}", name) for i, name in enumerate(NAMES)]
    return services.decision_issue(
        actor=cast.leader, decision=draft(cast, nominations), date=DAY, number=number
    )


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    text = [p.text for p in doc.paragraphs]
    text += [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join(text)


def test_the_word_file_opens_and_holds_the_motto_the_number_and_every_awardee(cast: Cast) -> None:
    decision = _issued(cast)
    response = cast.client_for(cast.council).get(reverse("decisions:docx", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 125/QĐ-UBND" in text and "Bạc Liêu, ngày 28 tháng 12 năm 2020" in text
    for name in NAMES:
        assert name in text
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;" in paragraphs


def test_a_draft_word_file_is_made_on_the_fly_without_a_number(cast: Cast) -> None:
    decision = draft(cast, [ldtt(cast, "W1", "Hồ Thị Nháp")])
    response = cast.client_for(cast.office).get(reverse("decisions:docx", args=[decision.pk]))
    text = _docx_text(response.content)
    assert "Hồ Thị Nháp" in text and "/QĐ-UBND" in text and "125/" not in text


def test_the_decision_pdf_is_a_pdf_with_the_layout_text(cast: Cast, tmp_path: Path) -> None:
    decision = _issued(cast)
    response = cast.client_for(cast.office).get(reverse("decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and pdf_pages(content) >= 1
    text = pdf_text(content, tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/QĐ-UBND",
        "Bạc Liêu, ngày 28 tháng 12 năm 2020",
        "QUYẾT ĐỊNH:",
        "Căn cứ Luật Thi đua, Khen thưởng",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "CHỦ TỊCH",
        *NAMES,
    ):
        assert expected in flat, expected


def test_certificates_one_page_per_awardee_and_one_alone(cast: Cast, tmp_path: Path) -> None:
    decision = _issued(cast)
    client = cast.client_for(cast.office)
    everything = client.get(reverse("decisions:certificates", args=[decision.pk]))
    assert everything.status_code == 200 and everything.content.startswith(b"%PDF")
    assert pdf_pages(everything.content) == len(NAMES)
    first = Commendation.objects.filter(decision=decision).order_by("id").first()
    assert first is not None and first.person is not None
    one = client.get(reverse("decisions:certificate", args=[decision.pk, first.pk]))
    assert one.status_code == 200 and pdf_pages(one.content) == 1
    text = pdf_text(one.content, tmp_path)
    flat = " ".join(text.split())
    assert first.person.full_name in flat
    assert "LAO ĐỘNG TIÊN TIẾN" in flat and "Quyết định số 125/QĐ-UBND ngày 28/12/2020" in flat
    assert "Huyện Hồng Dân" in flat  # the awardee's unit


def test_a_revoked_awardee_is_struck_through_and_gets_no_certificate(cast: Cast) -> None:
    decision = _issued(cast)
    revoked = Commendation.objects.filter(decision=decision).order_by("id").first()
    assert revoked is not None
    services.commendation_revoke(
        actor=cast.office,
        commendation=revoked,
        reason="Khai man thành tích",
        decision_number="15/QĐ-UBND",
    )
    client = cast.client_for(cast.office)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert 'class="revoked"' in page and "Khai man thành tích" in page and "15/QĐ-UBND" in page
    assert reverse("decisions:certificate", args=[decision.pk, revoked.pk]) not in page
    one = client.get(reverse("decisions:certificate", args=[decision.pk, revoked.pk]))
    assert one.status_code == 404
    everything = client.get(reverse("decisions:certificates", args=[decision.pk]))
    assert pdf_pages(everything.content) == len(NAMES) - 1


def test_certificates_wait_for_the_issue(cast: Cast) -> None:
    decision = draft(cast, [ldtt(cast, "W2", "Mai Văn Chờ")])
    client = cast.client_for(cast.office)
    assert client.get(reverse("decisions:certificates", args=[decision.pk])).status_code == 404
    page = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert page.status_code == 200 and page.content.startswith(b"%PDF")


def test_a_missing_system_library_gives_a_vietnamese_message(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    decision = draft(cast, [ldtt(cast, "W3", "Đinh Văn Lỗi")])

    def broken(html: str) -> bytes:
        try:
            raise OSError("cannot load library 'libpango-1.0-0'")
        except OSError as error:
            raise pdf.PdfUnavailable(str(pdf_message(error))) from error

    def pdf_message(error: OSError) -> str:
        # The real wrapper, fed a failing engine.
        class Fail:
            def __init__(self, **_: object) -> None:
                raise error

        monkeypatch.setattr("weasyprint.HTML", Fail)
        try:
            pdf.html_to_pdf("<p>x</p>")
        except pdf.PdfUnavailable as wrapped:
            return str(wrapped)
        raise AssertionError("no PdfUnavailable")

    monkeypatch.setattr(pdf, "decision_pdf", lambda d, cash=None: broken(""))
    response = cast.client_for(cast.office).get(
        reverse("decisions:pdf", args=[decision.pk]), follow=True
    )
    body = response.content.decode()
    assert "Máy chủ không tạo được tệp PDF" in body and "libpango" in body


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_render_pngs_for_a_look(cast: Cast, tmp_path: Path) -> None:
    """Writes PNGs of the decision and of one certificate (to look at by hand when
    THIDUA_PDF_PREVIEW_DIR is set) and checks that they are landscape and portrait."""
    import os

    from PIL import Image

    decision = _issued(cast)
    client = cast.client_for(cast.office)
    out = Path(os.environ.get("THIDUA_PDF_PREVIEW_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    first = Commendation.objects.filter(decision=decision).order_by("id").first()
    assert first is not None
    files = {
        "decision": client.get(reverse("decisions:pdf", args=[decision.pk])).content,
        "certificate": client.get(
            reverse("decisions:certificate", args=[decision.pk, first.pk])
        ).content,
    }
    for name, content in files.items():
        (out / f"{name}.pdf").write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(out / f"{name}.pdf"),
                str(out / name),
            ],
            check=True,
        )
    decision_png = next(out.glob("decision*.png"))
    certificate_png = next(out.glob("certificate*.png"))
    with Image.open(decision_png) as image:
        assert image.height > image.width  # A4 portrait
    with Image.open(certificate_png) as image:
        assert image.width > image.height  # A4 landscape
