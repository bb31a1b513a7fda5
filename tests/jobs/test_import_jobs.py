"""The people and units imports as background jobs: started from the import page, run by
the database worker, ending with a summary and a result workbook, or with the bad rows and
nothing saved."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, XlsxMaker, person_row
from tests.jobs.helpers import job_page, run_queued_tasks
from thidua.jobs.models import Job, JobState
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)


def test_an_import_waits_for_the_worker_then_saves_and_offers_a_receipt(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx(
        [person_row("CB1", "Người Một"), person_row("CB2", "Người Hai")], header=PEOPLE_HEADER
    )
    client = cast.client_for(cast.office)
    response = client.post("/imports/people/", {"file": upload(path)})
    page = job_page(client, response)
    assert page.status_code == 200
    job = Job.objects.get()
    assert job.state == JobState.QUEUED and job.owner == cast.office
    assert 'hx-get="/jobs/' in page.content.decode()  # the bar polls while it waits
    assert not Person.objects.exists()

    run_queued_tasks()

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert Person.objects.count() == 2
    page = client.get(f"/jobs/{job.pk}/")
    body = page.content.decode()
    assert "2 dòng: tạo mới 2" in body
    assert "hx-get" not in body  # finished: no more polling
    assert job.progress_done == job.progress_total == 2
    assert not job.input_file  # the upload is not kept once the job is over
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert 'filename="ket-qua-nhap.xlsx"' in download["Content-Disposition"]
    ws = load_workbook(io.BytesIO(download.getvalue())).active
    assert ws is not None
    values = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["Tạo mới"] == 2
    # the import page shows the job with its bar
    assert f"job-{job.pk}" in client.get("/imports/").content.decode()


def test_bad_rows_fail_the_job_save_nothing_and_are_listed_and_downloadable(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx(
        [person_row("CB1", "Người Một"), person_row("CB2", "Người Hai", gender="X")],
        header=PEOPLE_HEADER,
    )
    client = cast.client_for(cast.officer)
    job_page(client, client.post("/imports/people/", {"file": upload(path)}))
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error == "Phát hiện 1 lỗi; chưa lưu dữ liệu nào."
    body = html.unescape(client.get(f"/jobs/{job.pk}/").content.decode())
    assert "C (Giới tính)" in body and "'X' không phải Nam hoặc Nữ" in body
    download = client.get(f"/jobs/{job.pk}/download/")
    ws = load_workbook(io.BytesIO(download.getvalue())).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == ("Data", 3, "C")
    assert not Person.objects.exists()


def test_an_outsider_cannot_import_into_another_province(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx([person_row("CB1", "Người Một", unit="BL-HD")], header=PEOPLE_HEADER)
    client = cast.client_for(cast.outsider)
    job_page(client, client.post("/imports/people/", {"file": upload(path)}))
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "nằm ngoài" in html.unescape(client.get(f"/jobs/{job.pk}/").content.decode())
    assert not Person.objects.exists()


@pytest.mark.parametrize("write_only", [True, False])
def test_the_row_count_for_the_bar_reads_the_right_sheet_with_or_without_dimension(
    tmp_path: Path, write_only: bool
) -> None:
    from types import SimpleNamespace

    from openpyxl import Workbook

    from thidua.jobs.tasks import estimate_rows

    workbook = Workbook(write_only=write_only)
    if write_only:
        workbook.create_sheet("Hướng dẫn").append(["Điền từ dòng 2"])
        sheet = workbook.create_sheet("Cán bộ")
    else:
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Cán bộ"
    sheet.append(PEOPLE_HEADER)
    for n in range(2_345):
        sheet.append(person_row(f"R{n}", "Tên có <row> bên trong"))
    path = tmp_path / "dem.xlsx"
    workbook.save(path)
    job: Any = SimpleNamespace(input_file=SimpleNamespace(open=lambda mode: path.open(mode)))
    assert estimate_rows(job, ("Cán bộ",)) == 2_345
    path.write_bytes(b"not a zip")
    assert estimate_rows(job, ("Cán bộ",)) is None
