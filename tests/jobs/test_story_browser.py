"""Issue 6's story in headless Chromium: the provincial office imports a large people file
(5,000 rows written with openpyxl) from the import page; the job's page shows its progress
bar waiting, then moving to done, polled by HTMX; the office downloads the import's result
workbook and finds the job under "Công việc của tôi".  The server is ``live_server``; the
worker is the database worker (the one ``thidua worker`` runs) in a thread with its own
database connection.  Screenshots go to /tmp/thidua_jobs_story_*.png."""

from __future__ import annotations

import io
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from openpyxl import Workbook, load_workbook

from tests.browser import DESKTOP, signed_in
from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, person_row
from thidua.jobs import live, progress, runner
from thidua.jobs.models import Job, JobState
from thidua.org.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2020"
ROWS = 5_000
SHOTS = "/tmp/thidua_jobs_story_{}.png"


class WorkerThread(threading.Thread):
    """The database worker of ``thidua worker``, with its heartbeat, in a thread."""

    def __init__(self) -> None:
        super().__init__(name="jobs-story-worker", daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["default"],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="story-worker",
            excluded_queue_names=[],
        )
        self.error: BaseException | None = None

    def run(self) -> None:
        runner.CURRENT_WORKER_ID = "story-worker"
        try:
            live.store().beat("story-worker")
            self.worker.run()
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.worker.running = False
        self.join(timeout=30)


def people_file(path: Path) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cán bộ")
    sheet.append(PEOPLE_HEADER)
    units = ["BL-HD", "BL-HD-NTLA", "BL-SNV"]
    for n in range(ROWS):
        sheet.append(person_row(f"LN-{n:05d}", f"Trần Thị Lớn {n}", unit=units[n % 3]))
    workbook.save(path)
    return path


def bar(page: Any) -> tuple[str, str, str]:
    box = page.locator(".job-progress").first
    progress = box.locator("progress")
    return (
        box.get_attribute("data-state") or "",
        progress.get_attribute("value") or "",
        progress.get_attribute("max") or "",
    )


def test_a_large_import_shows_its_progress_to_done_and_its_result_downloads(
    browser: Any,
    live_server: Any,
    migrated_data: None,
    cast: Cast,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The import reports after each batch of 1,000 rows; a pause after each report keeps
    # the bar between 0 and 100 long enough for a 1-second poll to see it, whatever the
    # machine's speed (the figures shown are the real ones).
    report = progress.report

    def report_then_pause(*args: Any, **kwargs: Any) -> None:
        report(*args, **kwargs)
        time.sleep(0.6)

    monkeypatch.setattr(progress, "report", report_then_pause)
    cast.office.set_password(PASSWORD)
    cast.office.save()
    path = people_file(tmp_path / "can-bo-toan-tinh.xlsx")
    base = live_server.url

    context, page = signed_in(browser, base, "office", DESKTOP, password=PASSWORD, timeout=20_000)

    # 1. The import page: choose the file, start the import.
    page.click("#site-nav >> text=Nhập dữ liệu")
    page.wait_for_url(f"{base}/imports/")
    page.set_input_files("#people_file", str(path))
    page.click("form[action='/imports/people/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]{36}/$"))
    assert "Nhập cán bộ từ can-bo-toan-tinh.xlsx" in page.locator("h1").inner_text()

    # 2. No worker yet: the job waits, and its page says so.
    assert bar(page)[0] == "queued"
    assert "Đang chờ" in page.locator(".job-progress .job-state").inner_text()
    page.screenshot(path=SHOTS.format("1_waiting"), full_page=True)

    # 3. A worker starts; the bar, polled by HTMX, moves to done.
    worker = WorkerThread()
    worker.start()
    seen: list[tuple[str, str, str]] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            now = bar(page)
            if not seen or seen[-1] != now:
                seen.append(now)
                if now[0] == "running" and now[1] not in {"", "0"}:
                    page.screenshot(path=SHOTS.format("2_running"), full_page=True)
            if now[0] in {"succeeded", "failed"}:
                break
            time.sleep(0.1)
    finally:
        worker.stop()
    assert worker.error is None, worker.error
    assert seen[0][0] == "queued" and seen[-1] == ("succeeded", "100", "100"), seen
    moving = [s for s in seen if s[0] == "running" and 0 < int(s[1] or 0) < int(s[2] or 0)]
    assert moving, f"the bar was never seen between 0 and 100: {seen}"
    assert moving[-1][2] == str(ROWS)
    summary = page.locator(".job-summary").inner_text()
    assert f"Đã đọc {ROWS} dòng: tạo mới {ROWS}" in summary
    page.screenshot(path=SHOTS.format("3_done"), full_page=True)

    # 4. The result workbook downloads.
    with page.expect_download() as download_info:
        page.click(".job-download")
    download = download_info.value
    assert download.suggested_filename == "ket-qua-nhap.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet is not None
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Tạo mới"] == ROWS and values["Tệp"] == "can-bo-toan-tinh.xlsx"

    # 5. "Công việc của tôi" lists it, done, with its download.
    page.click("#site-nav >> text=Công việc của tôi")
    page.wait_for_url(f"{base}/jobs/")
    row = page.locator("tr", has_text="can-bo-toan-tinh.xlsx")
    assert "Hoàn thành" in row.inner_text()
    assert row.locator("a", has_text="ket-qua-nhap.xlsx").count() == 1
    context.close()

    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED and job.progress_done == ROWS
    assert Person.objects.filter(code__startswith="LN-").count() == ROWS
