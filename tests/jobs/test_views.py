"""Who sees which job: the owner; the office and administrators for their subtree; nobody
else (404).  The list keeps a constant number of queries."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tests.conftest import Cast
from tests.jobs import tasks_for_tests
from thidua.jobs import live
from thidua.jobs.models import Job, JobState
from thidua.jobs.services import start_job
from thidua.org.models import User

pytestmark = pytest.mark.django_db


def _job(user: User, title: str = "Dãy số") -> Job:
    job = start_job(
        user=user,
        kind="test.numbers",
        title=title,
        task=tasks_for_tests.numbers_file,
        args={"count": 3},
    )
    job.result_file.save("so.txt", ContentFile(b"1\n2\n3"), save=False)
    job.result_name = "so.txt"
    job.state = JobState.SUCCEEDED
    job.save()
    return job


def _urls(job: Job) -> list[str]:
    return [f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/", f"/jobs/{job.pk}/download/"]


def test_the_owner_sees_the_job_page_progress_and_download(cast: Cast) -> None:
    job = _job(cast.commune_officer)
    client = cast.client_for(cast.commune_officer)
    for url in _urls(job):
        assert client.get(url).status_code == 200, url
    assert "Dãy số" in client.get("/jobs/").content.decode()


@pytest.mark.parametrize("who", ["office", "admin"])
def test_the_office_and_admins_see_jobs_of_their_subtree(cast: Cast, who: str) -> None:
    job = _job(cast.commune_officer)
    client = cast.client_for(getattr(cast, who))
    for url in _urls(job):
        assert client.get(url).status_code == 200, url
    assert "Dãy số" not in client.get("/jobs/").content.decode()  # "mine" by default
    assert "Dãy số" in client.get("/jobs/?all=1").content.decode()


@pytest.mark.parametrize("who", ["officer", "viewer", "council", "leader", "outsider"])
def test_others_get_404(cast: Cast, who: str) -> None:
    """An officer of the parent district is not the office: a colleague's job is private."""
    job = _job(cast.commune_officer)
    client = cast.client_for(getattr(cast, who))
    for url in _urls(job):
        assert client.get(url).status_code == 404, (who, url)
    assert "Dãy số" not in client.get("/jobs/?all=1").content.decode()


def test_the_office_of_another_province_gets_404(cast: Cast) -> None:
    from tests.factories import UserFactory
    from thidua.org.models import Role

    other_office = UserFactory.create(role=Role.OFFICE, unit=cast.other_province)
    job = _job(cast.commune_officer)
    client = cast.client_for(other_office)
    for url in _urls(job):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    job = _job(cast.officer)
    for url in ["/jobs/", *_urls(job)]:
        response = cast.client_for(None).get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_malformed_or_unknown_id_is_404(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    assert client.get("/jobs/not-a-uuid/").status_code == 404
    assert client.get("/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_running_job_shows_live_progress_and_polls(cast: Cast) -> None:
    """Transactional: on PostgreSQL the progress is written through another connection,
    which must see the committed job row."""
    job = _job(cast.officer)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress_total=3000)
    live.store().put_progress(str(job.pk), 1200, 3000, "dòng đã kiểm tra và ghi")
    client = cast.client_for(cast.officer)
    fragment = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="1200"' in fragment and 'max="3000"' in fragment
    assert "1200 / 3000 (40%)" in fragment, fragment
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_the_list_keeps_a_constant_number_of_queries(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    client = cast.client_for(cast.office)
    _job(cast.office)
    with django_assert_max_num_queries(8) as small:  # type: ignore[operator]
        assert client.get("/jobs/?all=1").status_code == 200
    for n in range(25):
        _job(cast.commune_officer if n % 2 else cast.office, title=f"Việc {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):  # type: ignore[operator]
        assert client.get("/jobs/?all=1").status_code == 200


def test_the_office_checks_everyone_under_a_unit_and_downloads_the_workbook(cast: Cast) -> None:
    import io

    from openpyxl import load_workbook

    from tests.factories import PersonFactory
    from tests.jobs.helpers import job_page, run_queued_tasks
    from thidua.awards import services

    eligible = PersonFactory.create(code="EL-1", full_name="Lê Thị Đạt", unit=cast.commune)
    services.rating_record(actor=cast.office, person=eligible, year=2020, rating="HTT")
    PersonFactory.create(code="EL-2", full_name="Phạm Văn Chưa", unit=cast.district)
    PersonFactory.create(code="EL-3", full_name="Ngoài Tỉnh", unit=cast.other_province)
    client = cast.client_for(cast.office)
    form = client.get("/jobs/new/eligibility/?year=2020")
    assert form.status_code == 200 and 'value="LDTT"' in form.content.decode()
    data = {"unit": "BL", "award": "LDTT", "year": "2020", "only_eligible": ""}
    job_page(client, client.post("/jobs/new/eligibility/", data))
    run_queued_tasks()
    job = Job.objects.get(kind="awards.eligibility")
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result_summary == "Đã kiểm tra 2 người, 1 người đủ điều kiện."
    assert (job.progress_done, job.progress_total) == (2, 2)
    download = client.get(f"/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(download.getvalue())).active
    assert sheet is not None
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    assert set(rows) == {"EL-1", "EL-2"}  # nobody from the other province
    assert rows["EL-1"][1] == "Lê Thị Đạt" and rows["EL-1"][3] == "Có"
    assert rows["EL-2"][3] == "Không" and rows["EL-2"][4]  # the verdict in one sentence


@pytest.mark.parametrize("who", ["outsider", "commune_officer"])
def test_an_eligibility_job_outside_the_scope_is_refused(cast: Cast, who: str) -> None:
    client = cast.client_for(getattr(cast, who))
    data = {"unit": "BL", "award": "LDTT", "year": "2020"}
    assert client.post("/jobs/new/eligibility/", data).status_code == 404
    assert not Job.objects.exists()
    assert client.get("/jobs/new/eligibility/?year=99999").status_code == 200  # clamped


def test_the_certificates_of_a_decision_come_as_a_zip_of_one_pdf_each(cast: Cast) -> None:
    import io
    import zipfile

    from pypdf import PdfReader

    from tests.awards_decisions.conftest import DAY, draft, ldtt
    from tests.jobs.helpers import job_page, run_queued_tasks
    from thidua.awards import services

    names = ("Đoàn Thị Bằng", "Hồ Văn Khen")
    nominations = [ldtt(cast, f"Z{i}", name) for i, name in enumerate(names)]
    decision = services.decision_issue(
        actor=cast.leader, decision=draft(cast, nominations), date=DAY, number=321
    )
    client = cast.client_for(cast.office)
    page = client.get("/jobs/new/certificates/").content.decode()
    assert f'value="{decision.pk}"' in page
    job_page(client, client.post("/jobs/new/certificates/", {"decision": decision.pk}))
    run_queued_tasks()
    job = Job.objects.get(kind="awards.certificates")
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result_name == "Bang-QD-321-2020.zip"
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/jobs/{job.pk}/download/").getvalue()))
    files = {f.split("-", 5)[-1]: f for f in archive.namelist()}  # by awardee, without number
    assert set(files) == {"doan-thi-bang.pdf", "ho-van-khen.pdf"}
    assert all(f.startswith("Bang-QD-321-2020-00") for f in files.values())
    for name, key in zip(names, ["doan-thi-bang.pdf", "ho-van-khen.pdf"], strict=True):
        reader = PdfReader(io.BytesIO(archive.read(files[key])))
        assert len(reader.pages) == 1
        assert name in " ".join((reader.pages[0].extract_text() or "").split())
    # outside the scope: the decision is neither offered nor accepted
    outsider = cast.client_for(cast.outsider)
    assert f'value="{decision.pk}"' not in outsider.get("/jobs/new/certificates/").content.decode()
    assert outsider.post("/jobs/new/certificates/", {"decision": decision.pk}).status_code == 404
