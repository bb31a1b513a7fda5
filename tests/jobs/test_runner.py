"""The life cycle of a job run by the database worker: success with a file, an expected
failure with its Vietnamese message, an unexpected one (traceback in the log only), and no
partial rows either way."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import Cast
from tests.jobs import tasks_for_tests
from tests.jobs.helpers import run_queued_tasks
from thidua.jobs.models import Job, JobState
from thidua.jobs.services import start_job
from thidua.org.models import Person

pytestmark = pytest.mark.django_db


def test_a_job_runs_to_done_with_its_result_file(cast: Cast) -> None:
    job = start_job(
        user=cast.officer,
        kind="test.numbers",
        title="Dãy số",
        task=tasks_for_tests.numbers_file,
        args={"count": 5},
    )
    assert job.task_id and job.unit == cast.district
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.result_summary == "5 số"
    assert (job.progress_done, job.progress_total) == (5, 5)
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert job.worker_id == "test-worker" and job.attempts == 1
    assert job.result_file.read().decode().splitlines() == ["0", "1", "2", "3", "4"]


def test_an_expected_failure_keeps_its_vietnamese_message_and_writes_nothing(cast: Cast) -> None:
    job = start_job(
        user=cast.officer,
        kind="test.fail",
        title="Thử lỗi",
        task=tasks_for_tests.fails_with_a_message,
        args={"unit_code": "BL-HD"},
    )
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Dòng 4, cột B (Họ và tên): thiếu họ tên; không có gì được lưu."
    assert not Person.objects.exists()


def test_an_unexpected_error_is_logged_and_the_user_reads_a_plain_message(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    job = start_job(
        user=cast.officer,
        kind="test.crash",
        title="Thử lỗi lạ",
        task=tasks_for_tests.crashes,
        args={"unit_code": "BL-HD"},
    )
    with caplog.at_level(logging.ERROR):
        run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Công việc bị dừng do một lỗi không lường trước")
    assert str(job.pk)[:8] in job.error
    assert "Traceback" not in job.error and "RuntimeError" not in job.error
    assert "a bug, with a traceback" in caplog.text  # the traceback is in the log
    assert not Person.objects.exists()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_a_job_already_finished_is_not_run_again(cast: Cast) -> None:
    job = start_job(
        user=cast.officer,
        kind="test.numbers",
        title="Dãy số",
        task=tasks_for_tests.numbers_file,
        args={"count": 2},
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error="đã huỷ")
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == "đã huỷ" and job.attempts == 0
