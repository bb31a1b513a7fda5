"""The report pack as a background job, run by the real database worker."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from docx import Document

from tests.jobs.helpers import run_queued_tasks
from tests.reports.conftest import Data
from thidua.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db

URL = "/reports/pack/"


def test_an_office_gets_its_pack_from_a_background_job(data: Data) -> None:
    client = data.cast.client_for(data.cast.office)
    response = client.post(f"{URL}?year_from=2020")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job = Job.objects.get()
    assert job.owner == data.cast.office and job.state == JobState.QUEUED
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result_name == "bao-cao-BL-2020.zip"
    assert "9" in job.result_summary
    with job.result_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        assert sorted(zf.namelist()) == ["bao-cao-BL-2020.docx", "bao-cao-BL-2020.xlsx"]
        wb = openpyxl.load_workbook(io.BytesIO(zf.read("bao-cao-BL-2020.xlsx")))
        assert "Theo hình thức" in wb.sheetnames
        doc = Document(io.BytesIO(zf.read("bao-cao-BL-2020.docx")))
        assert any("Tổng số 9 lượt khen thưởng" in p.text for p in doc.paragraphs)
    page = client.get(response["Location"])
    assert page.status_code == 200


def test_the_pack_is_refused_like_the_reports(data: Data) -> None:
    assert data.cast.client_for(data.cast.council).post(URL).status_code == 403
    outsider = data.cast.client_for(data.cast.outsider)
    assert outsider.post(f"{URL}?unit=BL-HD").status_code == 404
    assert data.cast.client_for(data.cast.office).get(URL).status_code == 405
    assert data.cast.client_for(None).post(URL).status_code == 302
    assert not Job.objects.exists()
