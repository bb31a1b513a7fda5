from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, UNIT_HEADER, XlsxMaker, person_row, unit_row
from tests.jobs.helpers import job_page, run_queued_tasks
from thidua.jobs.models import Job, JobState
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)


@pytest.mark.parametrize(
    "url",
    [
        "/imports/",
        "/imports/units/",
        "/imports/people/",
        "/imports/templates/units.xlsx",
        "/imports/templates/people.xlsx",
    ],
)
def test_anonymous_users_are_sent_to_login(url: str, cast: Cast) -> None:
    response = cast.client_for(None).get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["viewer", "council", "leader"])
def test_readers_may_not_import_anything(cast: Cast, who: str, make_xlsx: XlsxMaker) -> None:
    client = cast.client_for(getattr(cast, who))
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/templates/people.xlsx").status_code == 403
    path = make_xlsx([person_row("CB1", "Người Một")], header=PEOPLE_HEADER)
    assert client.post("/imports/people/", {"file": upload(path)}).status_code == 403
    assert not Person.objects.exists()


def test_only_the_office_and_admins_may_import_units(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx([unit_row("BL-HD-X9", "Xã mới", "Xã", "BL-HD")], header=UNIT_HEADER)
    officer = cast.client_for(cast.officer)
    assert officer.post("/imports/units/", {"file": upload(path)}).status_code == 403
    assert officer.get("/imports/templates/units.xlsx").status_code == 403
    page = officer.get("/imports/")
    assert page.status_code == 200 and b"/imports/units/" not in page.content
    assert not Unit.objects.filter(code="BL-HD-X9").exists()
    office = cast.client_for(cast.office)
    job_page(office, office.post("/imports/units/", {"file": upload(path)}))
    run_queued_tasks()
    assert Unit.objects.filter(code="BL-HD-X9").exists()


def test_the_office_imports_people_and_sees_the_summary(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [person_row("CB1", "Người Một"), person_row("CB2", "Người Hai")], header=PEOPLE_HEADER
    )
    client = cast.client_for(cast.office)
    page = client.get("/imports/")
    assert page.status_code == 200 and b"/imports/units/" in page.content
    response = job_page(client, client.post("/imports/people/", {"file": upload(path)}))
    assert response.status_code == 200
    run_queued_tasks()
    job = Job.objects.get()
    assert "2 dòng: tạo mới 2" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert Person.objects.count() == 2


def test_an_outsider_cannot_import_people_into_another_province(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx([person_row("CB1", "Người Một", unit="BL-HD")], header=PEOPLE_HEADER)
    client = cast.client_for(cast.outsider)
    job_page(client, client.post("/imports/people/", {"file": upload(path)}))
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "nằm ngoài" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert not Person.objects.exists()


def test_bad_rows_are_shown_and_can_be_downloaded(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [person_row("CB1", "Người Một"), person_row("CB2", "Người Hai", gender="X")],
        header=PEOPLE_HEADER,
    )
    client = cast.client_for(cast.officer)
    job_page(client, client.post("/imports/people/", {"file": upload(path)}))
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    body = html.unescape(client.get(f"/jobs/{job.pk}/").content.decode())
    assert "C (Giới tính)" in body and "'X' không phải Nam hoặc Nữ" in body
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(download.getvalue())).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == ("Data", 3, "C")
    # another account (not the office) cannot fetch them
    assert cast.client_for(cast.viewer).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert not Person.objects.exists()


def test_a_non_excel_upload_gets_a_clear_error(cast: Cast) -> None:
    junk = SimpleUploadedFile("danh-sach.xlsx", b"code;name\nCB1;Mai\n", content_type=XLSX)
    client = cast.client_for(cast.officer)
    response = client.post("/imports/people/", {"file": junk})
    # Refused on the page itself: no job queued, no file kept.
    assert response.status_code == 400
    assert "không phải là sổ tính Excel" in response.content.decode()
    assert not Job.objects.exists()


def test_a_post_without_a_file_shows_the_form_again(cast: Cast) -> None:
    response = cast.client_for(cast.officer).post("/imports/people/", {})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("what", "sheet", "header"),
    [("units", "Đơn vị", UNIT_HEADER), ("people", "Cán bộ", PEOPLE_HEADER)],
)
def test_templates_open_in_openpyxl_with_the_right_headers(
    cast: Cast, what: str, sheet: str, header: list[str], tmp_path: Path
) -> None:
    response = cast.client_for(cast.office).get(f"/imports/templates/{what}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert "Hướng dẫn" in wb.sheetnames
    ws = wb[sheet]
    assert [c.value for c in ws[1]] == header
    assert all(c.font.bold for c in ws[1])
    assert ws.data_validations.dataValidation, "dropdowns for the choice columns"
    # the template with its example row is itself a valid import
    path = tmp_path / f"{what}.xlsx"
    path.write_bytes(response.content)
    client = cast.client_for(cast.office)
    with path.open("rb") as handle:
        job_page(client, client.post(f"/imports/{what}/", {"file": handle, "dry_run": "on"}))
    run_queued_tasks()
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED, job.error
    assert "Chạy thử" in job.result_summary and "1 dòng" in job.result_summary
