"""``thidua worker`` as a real process: it runs a job and stops on SIGTERM; killed with
SIGKILL in the middle of a large import, it leaves nothing half-written, and the job is
failed with a clear message by the next worker (never left "running")."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, person_row
from tests.jobs import tasks_for_tests
from tests.jobs.processes import SharedDatabase, stop, wait_for
from thidua.jobs import live
from thidua.jobs.models import Job, JobState
from thidua.jobs.services import start_job
from thidua.org.models import Person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

LOST = (
    "Công việc bị gián đoạn do tiến trình xử lý dừng đột ngột; không có dữ liệu nào được ghi. "
    "Hãy chạy lại."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def people_file(path: Path, rows: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cán bộ")
    sheet.append(PEOPLE_HEADER)
    for n in range(rows):
        sheet.append(person_row(f"KILL-{n:06d}", f"Nguyễn Văn Thử {n}"))
    workbook.save(path)
    return path


def job_row(shared: SharedDatabase, job: Job) -> tuple[str, str]:
    key = job.pk.hex if shared.sqlite else job.pk
    rows = shared.query("SELECT state, error FROM jobs_job WHERE id = %s", [key])
    return rows[0]


def test_the_worker_runs_a_job_and_stops_cleanly_on_sigterm(cast: Cast, tmp_path: Path) -> None:
    job = start_job(
        user=cast.office,
        kind="test.numbers",
        title="Dãy số",
        task=tasks_for_tests.numbers_file,
        args={"count": 4},
    )
    shared = SharedDatabase(tmp_path)
    shared.push()
    worker = shared.start("worker", "--interval", "0.2", "--beat", "0.5", "--no-schedule")
    try:
        wait_for(lambda: job_row(shared, job)[0] == "succeeded", 60, "the job to succeed")
        assert live.store().beats(), "the worker beats while it runs"
    finally:
        stop(worker, signal.SIGTERM)
    assert worker.returncode == 0
    assert not live.store().beats(), "a worker that stops removes its heartbeat"
    shared.pull()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result_file.read() == b"0\n1\n2\n3"


def test_killing_the_worker_mid_import_writes_nothing_and_the_job_ends_failed(
    cast: Cast, tmp_path: Path
) -> None:
    rows = 15_000
    path = people_file(tmp_path / "lon.xlsx", rows)
    client = cast.client_for(cast.office)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)
    response = client.post("/imports/people/", {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    shared = SharedDatabase(tmp_path)
    shared.push()
    worker = shared.start(
        "worker", "--interval", "0.2", "--beat", "0.5", "--sweep", "1", "--no-schedule"
    )
    try:
        # Progress is visible while the import's transaction is still open (and holds
        # SQLite's write lock): that is what the progress bar reads.
        def mid_import() -> bool:
            if shared.sqlite:
                seen = live.store().get_progress([str(job.pk)]).get(str(job.pk))
                return seen is not None and 2_000 <= seen.done < rows
            job.refresh_from_db()
            return 2_000 <= job.progress_done < rows

        wait_for(mid_import, 120, "the import to be under way")
    finally:
        stop(worker, signal.SIGKILL)
    assert worker.returncode == -signal.SIGKILL
    assert job_row(shared, job)[0] == "running"  # what the dead worker left behind
    count = shared.query("SELECT COUNT(*) FROM org_person WHERE code LIKE %s", ["KILL-%"])
    assert count == [(0,)], "nothing half-written"

    # The next worker (heartbeat timeout 2 s) fails the job with a clear message.
    started = time.monotonic()
    second = shared.start(
        "worker",
        "--interval",
        "0.2",
        "--beat",
        "0.5",
        "--sweep",
        "1",
        "--no-schedule",
        THIDUA_JOBS_HEARTBEAT_TIMEOUT="2",
    )
    try:
        wait_for(lambda: job_row(shared, job)[0] == "failed", 60, "the lost job to be failed")
    finally:
        stop(second)
    assert time.monotonic() - started < 60
    shared.pull()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == LOST
    assert not Person.objects.filter(code__startswith="KILL-").exists()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
