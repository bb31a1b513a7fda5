"""Bulk progress from Excel: the pre-filled template, all-or-nothing import, row+column errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import ProgressUpdate, Registration

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
    response = client.post(url, {"file": _upload(wb)})
    assert response.status_code == 400
    html = response.content.decode()
    letter = "ABCDEFGHIJ"[new_col - 1]
    assert f"<td>{work_row}</td><td>{letter} (Giá trị mới)</td>" in html
    assert "“một nửa” không phải là một số." in html
    assert "Không có gì được lưu" in html
    assert not ProgressUpdate.objects.exists()

    # Fixed, the same file writes both rows.
    ws.cell(work_row, new_col).value = "35,5"
    response = client.post(url, {"file": _upload(wb)})
    assert response.status_code == 200, response.content.decode()[-3000:]
    target = approved.targets.get()
    work = approved.key_works.get()
    assert ProgressUpdate.objects.get(target=target).value == 40
    assert str(ProgressUpdate.objects.get(target=target).as_of) == "2020-07-01"
    assert ProgressUpdate.objects.get(key_work=work).percent == 35.5


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
    response = client.post(
        reverse("campaign_unit:progress_import", kwargs={"campaign_pk": approved.campaign_id}),
        {"file": _upload(wb)},
    )
    html = response.content.decode()
    assert "từ 0 đến 100" in html
    assert "Ngày số liệu" in html
    assert "T999999" in html
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_is_not_excel_is_refused(cast: Cast, approved: Registration) -> None:
    response = cast.client_for(cast.commune_officer).post(
        reverse("campaign_unit:progress_import", kwargs={"pk": approved.pk}),
        {"file": SimpleUploadedFile("tien-do.xlsx", b"ma muc;gia tri\nT1;3\n")},
    )
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


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
