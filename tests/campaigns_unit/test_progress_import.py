"""Bulk progress from Excel: the pre-filled template, all-or-nothing import, row+column errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import Cast
from tests.jobs.helpers import job_page, run_queued_tasks
from thidua.campaigns import services
from thidua.campaigns.models import ProgressUpdate, Registration
from thidua.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _template(client: object, registration: Registration) -> Workbook:
    url = reverse("campaign_unit:progress_import_template", kwargs={"pk": registration.pk})
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def _upload(wb: Workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("tien-do.xlsx", buffer.getvalue(), content_type=XLSX)


def _run(client: Any, url: str, wb: Workbook) -> Any:
    """Upload, run the queued job with the real worker, and return the job's page."""
    response = client.post(url, {"file": _upload(wb)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    run_queued_tasks()
    return job_page(client, response)


def _rows(wb: Workbook) -> tuple[list[str], list[list[Any]]]:
    ws = wb["Tiến độ"]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return [str(v) for v in values[0]], values[1:]


def test_template_is_prefilled_with_the_items_and_current_values(
    cast: Cast, approved: Registration
) -> None:
    target = approved.targets.get()
    services.progress_report(actor=cast.commune_officer, target=target, value=7)
    wb = _template(cast.client_for(cast.commune_officer), approved)
    header, rows = _rows(wb)
    assert header[:2] == ["Mã mục", "Mã đơn vị"] and "Giá trị mới" in header
    by_code = {r[0]: r for r in rows}
    assert by_code[f"T{target.pk}"][1] == cast.commune.code
    assert by_code[f"T{target.pk}"][header.index("Giá trị hiện tại")] == 7
    work = approved.key_works.get()
    assert by_code[f"K{work.pk}"][header.index("Nội dung")] == work.name


def test_one_bad_row_writes_nothing_and_names_row_and_column(
    cast: Cast, approved: Registration
) -> None:
    client = cast.client_for(cast.commune_officer)
    wb = _template(client, approved)
    header = _rows(wb)[0]
    ws = wb["Tiến độ"]
    new_col = header.index("Giá trị mới") + 1
    date_col = header.index("Ngày số liệu") + 1
    target_row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value)[0] == "T")
    work_row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value)[0] == "K")
    ws.cell(target_row, new_col).value = 40
    ws.cell(target_row, date_col).value = "01/7/2020"
    ws.cell(work_row, new_col).value = "một nửa"
    url = reverse("campaign_unit:progress_import", kwargs={"pk": approved.pk})
    page = _run(client, url, wb)
    html = page.content.decode()
    letter = "ABCDEFGHIJ"[new_col - 1]
    assert f'<td class="num">{work_row}</td><td>{letter} (Giá trị mới)</td>' in html
    assert "“một nửa” không phải là một số." in html
    assert "chưa lưu dữ liệu nào" in html
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.kind == "import.progress"
    assert (job.result_file.name or "").endswith("loi-cap-nhat-tien-do.xlsx")
    assert not job.input_file  # the upload is not kept once the job has ended
    assert not ProgressUpdate.objects.exists()

    # Fixed, the same file writes both rows; the import page lists both jobs.
    ws.cell(work_row, new_col).value = "35,5"
    page = _run(client, url, wb)
    assert "Đã ghi 2 lượt cập nhật tiến độ" in page.content.decode()
    target = approved.targets.get()
    work = approved.key_works.get()
    assert ProgressUpdate.objects.get(target=target).value == 40
    assert str(ProgressUpdate.objects.get(target=target).as_of) == "2020-07-01"
    assert ProgressUpdate.objects.get(key_work=work).percent == 35.5
    listed = client.get(url).content.decode()
    assert listed.count('class="job-progress card"') == 2
    done = Job.objects.get(state=JobState.SUCCEEDED)
    receipt = load_workbook(io.BytesIO(client.get(f"/jobs/{done.pk}/download/").getvalue()))
    sheet = receipt.active
    assert sheet is not None
    assert ("Lượt cập nhật tiến độ đã ghi", 2) in list(sheet.iter_rows(values_only=True))


def test_unknown_items_future_dates_and_out_of_range_percent_are_reported(
    cast: Cast, approved: Registration
) -> None:
    client = cast.client_for(cast.commune_officer)
    wb = _template(client, approved)
    header = _rows(wb)[0]
    ws = wb["Tiến độ"]
    new_col = header.index("Giá trị mới") + 1
    date_col = header.index("Ngày số liệu") + 1
    work_row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value)[0] == "K")
    ws.cell(work_row, new_col).value = 120
    ws.cell(work_row, date_col).value = "01/01/2999"
    ws.append(["T999999", None, None, None, None, None, None, 5])
    url = reverse("campaign_unit:progress_import", kwargs={"campaign_pk": approved.campaign_id})
    html = _run(client, url, wb).content.decode()
    assert "từ 0 đến 100" in html
    assert "Ngày số liệu" in html
    assert "T999999" in html
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_is_not_excel_is_refused(cast: Cast, approved: Registration) -> None:
    response = cast.client_for(cast.commune_officer).post(
        reverse("campaign_unit:progress_import", kwargs={"pk": approved.pk}),
        {"file": SimpleUploadedFile("tien-do.xlsx", b"ma muc;gia tri\nT1;3\n")},
    )
    # Refused on the page, before any job is queued or file stored.
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not Job.objects.exists()


def test_the_job_rechecks_the_accounts_rights_when_it_runs(
    cast: Cast, approved: Registration
) -> None:
    """An upload queued while the account could write, run after it was moved to another
    unit: the job fails with a reason and writes nothing."""
    client = cast.client_for(cast.commune_officer)
    wb = _template(client, approved)
    header = _rows(wb)[0]
    ws = wb["Tiến độ"]
    row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value)[0] == "T")
    ws.cell(row, header.index("Giá trị mới") + 1).value = 12
    url = reverse("campaign_unit:progress_import", kwargs={"pk": approved.pk})
    response = client.post(url, {"file": _upload(wb)})
    assert response.status_code == 302
    cast.commune_officer.unit = cast.district
    cast.commune_officer.save(update_fields=["unit"])
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "chưa lưu dữ liệu nào" in job.error
    assert not ProgressUpdate.objects.exists()


def test_another_units_officer_cannot_see_the_import_job(
    cast: Cast, approved: Registration
) -> None:
    client = cast.client_for(cast.commune_officer)
    wb = _template(client, approved)
    response = client.post(
        reverse("campaign_unit:progress_import", kwargs={"pk": approved.pk}),
        {"file": _upload(wb)},
    )
    location = response["Location"]
    other = cast.client_for(cast.outsider)
    assert other.get(location).status_code == 404
    assert other.get(location + "progress/").status_code == 404


def test_campaign_wide_import_page_for_the_officer(cast: Cast, approved: Registration) -> None:
    client = cast.client_for(cast.commune_officer)
    url = reverse("campaign_unit:progress_import", kwargs={"campaign_pk": approved.campaign_id})
    page = client.get(url)
    assert page.status_code == 200
    template_url = reverse(
        "campaign_unit:progress_import_template", kwargs={"campaign_pk": approved.campaign_id}
    )
    assert template_url in page.content.decode()
    assert client.get(template_url).status_code == 200
