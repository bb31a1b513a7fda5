"""Fault tests: bad files at every upload point get a clear Vietnamese error, and NOTHING is
stored (the row count of every table and the files under MEDIA_ROOT are unchanged).

Upload points: the units import (/imports/units/), the campaign's bulk progress import, the
commendation records import (/awards/imports/ratings/), progress evidence (photos and PDF
files on a progress report), the nomination dossier, and the portal's article photos.
Bad files: over the size limit (the limits are lowered for the test, so no 50 MB file is
built), a CSV renamed .xlsx, a corrupt ZIP, an .xlsx with the wrong header row, a sheet that
claims 1,048,576 rows, text renamed .jpg, a JPEG that stops after its header, and text
renamed .pdf.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.awards_domain.conftest import nominate, person
from tests.campaigns.conftest import launched_campaign, png_bytes, registered
from tests.conftest import Cast
from thidua.awards import importers as award_importers
from thidua.campaigns import files as campaign_files
from thidua.org.importers import unit_template

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- the bad files -------------------------------------------------------------------------


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _huge(template: bytes) -> bytes:
    """The real template (its example row is valid for the units import) with a stray value
    in the sheet's very last row (1,048,576): refused as a whole, the example row included."""
    wb = load_workbook(io.BytesIO(template))
    for ws in wb.worksheets:  # the data sheet, whichever it is (the guide sheet ignores it)
        ws.cell(row=1_048_576, column=1, value="ô cuối cùng")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    return png_bytes(size, fmt="JPEG")


SPREADSHEET_CASES = ("too_large", "csv_renamed", "corrupt_zip", "wrong_headers", "huge_rows")
IMAGE_CASES = ("too_large", "text_as_jpg", "truncated_jpg")
FILE_CASES = ("too_large", "text_as_jpg", "text_as_pdf")


def bad_spreadsheet(case: str, template: bytes) -> SimpleUploadedFile:
    content = {
        "too_large": template,  # the limit is lowered below its size
        "csv_renamed": "Mã đơn vị;Tên\nBL-X;Xã thử\n".encode(),
        "corrupt_zip": b"PK\x03\x04" + bytes(range(256)) * 8,
        "wrong_headers": _xlsx([["Họ và tên", "Ghi chú"], ["Nguyễn Văn A", "x"]]),
        "huge_rows": _huge(template) if case == "huge_rows" else b"",
    }[case]
    return SimpleUploadedFile("du-lieu.xlsx", content, content_type=XLSX_TYPE)


def bad_file(case: str) -> SimpleUploadedFile:
    if case == "too_large":
        return SimpleUploadedFile("anh.jpg", _jpeg((800, 600)), content_type="image/jpeg")
    if case == "text_as_jpg":
        return SimpleUploadedFile("anh.jpg", b"day khong phai la anh\n" * 20, "image/jpeg")
    if case == "truncated_jpg":
        return SimpleUploadedFile("anh.jpg", _jpeg()[:200], content_type="image/jpeg")
    assert case == "text_as_pdf"
    return SimpleUploadedFile("to-trinh.pdf", b"day khong phai PDF\n" * 20, "application/pdf")


# -- what is stored ------------------------------------------------------------------------


def snapshot() -> tuple[dict[str, int], list[str]]:
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return counts, files


VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
# What the answer must say, per bad file (any one of the words; the page's help texts, which
# also name sizes and types, are left out by comparing with the page before the upload).
REASONS = {
    "too_large": ("MB",),
    "csv_renamed": ("xlsx", "Excel"),
    "corrupt_zip": ("xlsx", "Excel", "hỏng"),
    "wrong_headers": ("tiêu đề", "cột"),
    "huge_rows": ("dòng", "Dòng", "cán bộ"),
    "text_as_jpg": ("ảnh", "loại", "JPEG", "khớp"),
    "truncated_jpg": ("ảnh", "loại", "JPEG", "hỏng", "đọc"),
    "text_as_pdf": ("PDF", "loại", "khớp"),
}


def visible_lines(html: str) -> list[str]:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    parts = (re.sub(r"\s+", " ", unescape(p)).strip() for p in re.split(r"<[^>]+>", html))
    return [p for p in parts if p]


def new_text(before_html: str, after_html: str) -> str:
    known = set(visible_lines(before_html))
    return " | ".join(line for line in visible_lines(after_html) if line not in known)


# -- the upload points ---------------------------------------------------------------------


@dataclass
class Point:
    client: Client
    send: Callable[[SimpleUploadedFile], Any]
    page: str  # the page with the upload form: what is new after the upload is the answer


def units_import(cast: Cast) -> Point:
    client = cast.client_for(cast.admin)
    return Point(client, lambda f: client.post("/imports/units/", {"file": f}), "/imports/")


def progress_import(cast: Cast) -> Point:
    campaign = launched_campaign(cast)
    reg = registered(campaign, cast.commune, cast.commune_officer, approver=cast.officer)
    client = cast.client_for(cast.commune_officer)
    url = f"/campaigns/registrations/{reg.pk}/progress/import/"
    return Point(client, lambda f: client.post(url, {"file": f}), url)


def records_import(cast: Cast) -> Point:
    client = cast.client_for(cast.office)
    return Point(
        client, lambda f: client.post("/awards/imports/ratings/", {"file": f}), "/awards/imports/"
    )


def evidence(cast: Cast) -> Point:
    campaign = launched_campaign(cast)
    reg = registered(campaign, cast.commune, cast.commune_officer, approver=cast.officer)
    key = f"t{reg.targets.get().pk}"
    client = cast.client_for(cast.commune_officer)
    url = f"/campaigns/registrations/{reg.pk}/progress/"

    def send(f: SimpleUploadedFile) -> Any:
        field = "photos" if (f.name or "").endswith(".jpg") else "attachments"
        return client.post(url, {"item": key, f"{key}-value": "3", f"{key}-{field}": f})

    return Point(client, send, url)


def dossier(cast: Cast) -> Point:
    nomination = nominate(cast, person(cast.district, "P-UP"), "LDTT", submit=False)
    client = cast.client_for(cast.officer)
    url = f"/awards/nominations/{nomination.pk}/attach/"
    return Point(
        client,
        lambda f: client.post(url, {"kind": "report", "file": f}, follow=True),
        f"/awards/nominations/{nomination.pk}/",
    )


def portal_photo(cast: Cast) -> Point:
    from thidua.portal import services
    from thidua.portal.models import Category

    category = Category.objects.create(name="Tin thi đua", slug="tin-thi-dua")
    article = services.article_create(
        actor=cast.office, unit=cast.province, category=category, title="Bài có ảnh"
    )
    client = cast.client_for(cast.office)
    url = f"/portal/articles/{article.pk}/photos/add/"
    return Point(
        client,
        lambda f: client.post(url, {"image": f}, follow=True),
        f"/portal/articles/{article.pk}/",
    )


SPREADSHEET_POINTS: dict[str, tuple[Callable[[Cast], Point], Callable[[], bytes]]] = {
    "units_import": (units_import, unit_template),
    "progress_import": (progress_import, lambda: _xlsx([["Mã chỉ tiêu", "Giá trị"]] * 40)),
    "records_import": (records_import, lambda: award_importers.template("ratings")),
}
FILE_POINTS: dict[str, tuple[Callable[[Cast], Point], tuple[str, ...]]] = {
    "evidence": (evidence, (*IMAGE_CASES, "text_as_pdf")),
    "dossier": (dossier, FILE_CASES),
    "portal_photo": (portal_photo, IMAGE_CASES),
}


def _lower_limits(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.THIDUA_MAX_IMPORT_BYTES = 2048
    tiny = {key: 4096 for key in campaign_files.EVIDENCE_LIMITS}
    monkeypatch.setattr(campaign_files, "EVIDENCE_LIMITS", tiny)
    monkeypatch.setattr("thidua.awards.forms_nominations.MAX_FILE_MB", 4096 / 1024 / 1024)
    monkeypatch.setattr("thidua.portal.images.MAX_BYTES", 4096)


# Junk the page refuses itself (``core.forms.XlsxFileField``): no job is queued for it.
REFUSED_ON_THE_PAGE = {"too_large", "csv_renamed", "corrupt_zip"}
JOB_TABLES = {"jobs.Job", "django_tasks_database.DBTaskResult", "jobs.WorkerBeat"}


def _check_refused(point: Point, upload: SimpleUploadedFile, case: str) -> str:
    page = point.client.get(point.page)
    assert page.status_code == 200
    before = snapshot()
    response = point.send(upload)
    job = response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert not (job and case in REFUSED_ON_THE_PAGE), "junk must be refused before a job"
    if job:
        # The imports run as background jobs: run it, then read its page.
        from tests.jobs.helpers import run_queued_tasks

        run_queued_tasks()
        response = point.client.get(response["Location"])
    after = snapshot()
    status = response.status_code
    message = new_text(page.content.decode(), response.content.decode())
    assert 400 <= status < 500 or (status == 200 and message), (status, message)
    assert VIETNAMESE.search(message), f"no Vietnamese error shown: {message!r}"
    assert any(word in message for word in REASONS[case]), message
    changed = {k: (before[0][k], v) for k, v in after[0].items() if before[0].get(k) != v}
    if job:
        # The failed job is kept (its page says why); nothing else may change.
        changed = {k: v for k, v in changed.items() if k not in JOB_TABLES}
        assert "Thất bại" in message or "thất bại" in message, message
    assert not changed, f"rows were stored: {changed}"
    if job:
        # The upload itself is removed when the job ends; only the error workbook stays.
        added = set(after[1]) - set(before[1])
        assert set(before[1]) <= set(after[1]), "files were removed"
        assert all(name.startswith("jobs/results/") for name in added), added
    else:
        assert after[1] == before[1], "files were stored"
    return message


@pytest.mark.parametrize(
    ("point", "case"),
    [(p, c) for p in SPREADSHEET_POINTS for c in SPREADSHEET_CASES],
)
def test_a_bad_spreadsheet_is_refused_and_nothing_is_stored(
    cast: Cast, point: str, case: str, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    make_point, template = SPREADSHEET_POINTS[point]
    target = make_point(cast)
    upload = bad_spreadsheet(case, template())
    if case == "too_large":
        _lower_limits(monkeypatch, settings)
        assert upload.size is not None and upload.size > settings.THIDUA_MAX_IMPORT_BYTES
    _check_refused(target, upload, case)


@pytest.mark.parametrize(
    ("point", "case"),
    [(p, c) for p, (_make, cases) in FILE_POINTS.items() for c in cases],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    cast: Cast, point: str, case: str, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    make_point, _cases = FILE_POINTS[point]
    target = make_point(cast)
    if case == "too_large":
        _lower_limits(monkeypatch, settings)
    _check_refused(target, bad_file(case), case)
