"""Imports of records from Excel: templates, all-or-nothing with row and column errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.awards_records.conftest import person
from tests.conftest import Cast
from tests.jobs.helpers import job_page, run_queued_tasks
from thidua.awards.models import TaskRating
from thidua.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


def _ratings_file(rows: list[list[Any]]) -> SimpleUploadedFile:
    from thidua.awards.importers import template

    book = load_workbook(io.BytesIO(template("ratings")))
    sheet = book["Xếp loại"]
    header = next(
        i for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if "Mã cán bộ" in row
    )
    sheet.delete_rows(header + 1, sheet.max_row)
    for offset, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=header + offset, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("xep-loai.xlsx", out.getvalue())


def test_import_page_and_templates(cast: Cast) -> None:
    client = cast.client_for(cast.officer)
    page = client.get("/awards/imports/")
    assert page.status_code == 200
    for kind in ("ratings", "discipline", "initiatives", "commendations"):
        assert f"/awards/imports/{kind}/template/" in page.text
        response = client.get(f"/awards/imports/{kind}/template/")
        assert response.status_code == 200
        load_workbook(io.BytesIO(response.content))
    assert client.get("/awards/imports/nope/template/").status_code == 404


def test_bad_row_writes_nothing_and_names_row_and_column(cast: Cast) -> None:
    person(cast.district, "CB1")
    person(cast.district, "CB2")
    upload = _ratings_file(
        [
            ["CB1", None, 2020, "Hoàn thành xuất sắc nhiệm vụ", "Cuối năm"],
            ["CB2", None, 2020, "Xuất sắc lắm", "Cuối năm"],
        ]
    )
    client = cast.client_for(cast.officer)
    job_page(client, client.post("/awards/imports/ratings/", {"file": upload}))
    run_queued_tasks()  # the import runs as a background job
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert not TaskRating.objects.exists()
    text = client.get(f"/jobs/{job.pk}/").text
    # Sheet, row 3 (header on row 1), column D with its title, and the reason.
    assert '<td class="num">3</td><td>D (Xếp loại)</td>' in text
    assert "Xuất sắc lắm" in text
    # The errors can be downloaded as a workbook, by the account that ran the import.
    errors = client.get(f"/jobs/{job.pk}/download/")
    assert errors.status_code == 200
    assert 'filename="loi-nhap-khen-thuong.xlsx"' in errors["Content-Disposition"]
    assert cast.client_for(cast.viewer).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_good_file_is_imported(cast: Cast) -> None:
    person(cast.district, "CB1")
    upload = _ratings_file([["CB1", None, 2020, "HTXS", "Cuối năm"]])
    client = cast.client_for(cast.officer)
    job_page(client, client.post("/awards/imports/ratings/", {"file": upload}))
    run_queued_tasks()
    assert Job.objects.get().state == JobState.SUCCEEDED
    assert TaskRating.objects.get(person__code="CB1").rating == "HTXS"


def test_rows_outside_the_scope_are_refused(cast: Cast) -> None:
    person(cast.other_province, "CBX")
    upload = _ratings_file([["CBX", None, 2020, "HTXS", ""]])
    client = cast.client_for(cast.officer)
    job_page(client, client.post("/awards/imports/ratings/", {"file": upload}))
    run_queued_tasks()
    assert Job.objects.get().state == JobState.FAILED
    assert not TaskRating.objects.exists()
