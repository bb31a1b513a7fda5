"""Jobs whose worker died: failed with a clear message, or queued again when idempotent;
never left running.  The daily schedule: once a day across workers.  The health check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Cast
from tests.jobs import tasks_for_tests
from tests.jobs.helpers import run_queued_tasks
from thidua.jobs import health, live
from thidua.jobs.models import Job, JobState, ScheduleRun
from thidua.jobs.services import recover_lost_jobs, run_schedule, start_job

pytestmark = pytest.mark.django_db

LOST = (
    "Công việc bị gián đoạn do tiến trình xử lý dừng đột ngột; không có dữ liệu nào được ghi. "
    "Hãy chạy lại."
)


def _running(cast: Cast, task: Any, args: dict[str, Any], worker: str) -> Job:
    job = start_job(user=cast.office, kind="test", title="Việc", task=task, args=args)
    started = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker_id=worker, started_at=started, attempts=1
    )
    job.refresh_from_db()
    return job


def test_a_job_of_a_dead_worker_is_failed_with_a_clear_message(cast: Cast) -> None:
    job = _running(cast, tasks_for_tests.fails_with_a_message, {"unit_code": "BL"}, "dead")
    live.store().beat("dead")
    assert recover_lost_jobs() == []  # its worker beat just now: merely long, left alone
    later = timezone.now() + dt.timedelta(seconds=61)
    assert [j.pk for j in recover_lost_jobs(later)] == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == LOST and job.finished_at


def test_a_job_of_a_worker_never_seen_is_failed(cast: Cast) -> None:
    job = _running(cast, tasks_for_tests.fails_with_a_message, {"unit_code": "BL"}, "ghost")
    recover_lost_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == LOST


def test_an_idempotent_job_is_queued_again_and_completes(cast: Cast) -> None:
    job = _running(cast, tasks_for_tests.numbers_file, {"count": 3}, "dead")
    first_task = job.task_id
    recover_lost_jobs()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.task_id != first_task
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=first_task).update(status="RUNNING", worker_ids=["dead"])
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.attempts == 2
    assert job.result_file.read() == b"0\n1\n2"


def test_an_idempotent_job_lost_too_often_is_failed(cast: Cast) -> None:
    job = _running(cast, tasks_for_tests.numbers_file, {"count": 3}, "dead")
    Job.objects.filter(pk=job.pk).update(attempts=3)
    recover_lost_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == LOST


def test_the_queue_row_of_a_dead_worker_is_failed_too(cast: Cast) -> None:
    from django_tasks_db.models import DBTaskResult

    job = _running(cast, tasks_for_tests.fails_with_a_message, {"unit_code": "BL"}, "dead")
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", worker_ids=["dead"], started_at=timezone.now() - dt.timedelta(hours=1)
    )
    recover_lost_jobs()
    row = DBTaskResult.objects.get(id=job.task_id)
    assert row.status == "FAILED" and "WorkerLost" in row.exception_class_path


def test_the_schedule_runs_once_a_day_after_its_time(settings: Any) -> None:
    settings.THIDUA_SCHEDULE = {
        "sample": {"task": "tests.jobs.test_recovery.scheduled_sample", "at": "07:00"}
    }
    early = timezone.make_aware(dt.datetime(2026, 3, 2, 6, 59))
    assert run_schedule(early) == []
    at_seven = timezone.make_aware(dt.datetime(2026, 3, 2, 7, 0))
    assert run_schedule(at_seven) == ["sample"]
    assert run_schedule(at_seven + dt.timedelta(hours=3)) == []  # a second worker, same day
    assert run_schedule(at_seven + dt.timedelta(days=1)) == ["sample"]
    assert list(ScheduleRun.objects.values_list("day", flat=True).order_by("day")) == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 3),
    ]
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path=__name__ + ".scheduled_sample").count() == 2


def test_the_health_check_names_a_queue_without_workers(cast: Cast, settings: Any) -> None:
    ok, detail = health.check()
    assert ok and "no worker seen" in detail
    job = start_job(
        user=cast.office, kind="t", title="t", task=tasks_for_tests.numbers_file, args={"count": 1}
    )
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
    ok, detail = health.check()
    assert not ok and "no live worker" in detail
    live.store().beat("w1")
    ok, detail = health.check()
    assert ok and "worker beat 0 s ago" in detail


from django.tasks import task  # noqa: E402


@task
def scheduled_sample() -> str:
    return "done"
