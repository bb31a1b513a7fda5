"""Writes for jobs: start one, recover the ones whose worker died, run the daily schedule."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.tasks import Task, default_task_backend
from django.utils import timezone
from django.utils.module_loading import import_string

from thidua.jobs import live
from thidua.jobs.models import Job, JobState, ScheduleRun
from thidua.jobs.runner import REQUEUE_IF_LOST, lost_worker_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a job lost with its worker this many times is failed, even if idempotent


def start_job(
    *,
    user: Any,
    kind: str,
    title: str,
    task: Task,
    args: dict[str, Any],
    total: int | None = None,
    input_file: File | None = None,
    return_url: str = "",
    unit: Any = None,
) -> Job:
    """Create a job row and queue its task (``task`` made with ``runner.job_task``).  On the
    database queue the task row is written in the same transaction as the job row (both or
    neither); on another queue (Redis) the task is queued once the transaction commits, so a
    worker never looks for a job row it cannot see yet."""
    owner = user if getattr(user, "is_authenticated", False) else None
    job = Job(
        owner=owner,
        unit=unit if unit is not None else getattr(owner, "unit", None),
        kind=kind,
        title=title[:255],
        progress_total=total,
        task_path=task.module_path,
        args=args,
        requeue_if_lost=task.module_path in REQUEUE_IF_LOST,
        return_url=return_url[:500],
    )
    if input_file is not None:
        job.input_file.save(input_file.name or "upload.bin", input_file, save=False)
    job.save()

    if _same_database_queue(task):
        _enqueue(job, task)
    else:
        transaction.on_commit(lambda: _enqueue(job, task))
    return job


def _same_database_queue(task: Task) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def _enqueue(job: Job, task: Task) -> None:
    try:
        result = task.enqueue(job_id=str(job.pk), **job.args)
    except Exception:
        logger.exception("Could not queue job %s", job.pk)
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error=_queue_down_message(),
        )
        return
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)


def _queue_down_message() -> str:
    from django.utils.translation import gettext as _

    return _("The job queue cannot be reached; nothing was done. Try again in a few minutes.")


def heartbeat_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.THIDUA_JOBS_HEARTBEAT_TIMEOUT)


def alive_workers(now: dt.datetime | None = None) -> set[str]:
    return _workers(now or timezone.now())[0]


def _workers(now: dt.datetime) -> tuple[set[str], set[str]]:
    """(alive, known dead): workers that beat within the timeout, and those whose last beat
    is older (a worker that stops cleanly removes its beat; one that was killed leaves it)."""
    limit = now - heartbeat_timeout()
    beats = live.store().beats()
    alive = {worker for worker, seen in beats.items() if seen >= limit}
    return alive, set(beats) - alive


def recover_lost_jobs(now: dt.datetime | None = None) -> list[Job]:
    """Jobs marked running whose worker has not beaten for ``THIDUA_JOBS_HEARTBEAT_TIMEOUT``
    seconds: queued again if their task is idempotent (and they were not lost too often),
    failed with a clear message otherwise.  Their task rows in the database queue are failed
    too, so nothing stays "running" forever."""
    now = now or timezone.now()
    alive, dead = _workers(now)
    limit = now - heartbeat_timeout()
    _fail_lost_task_rows(alive, dead, limit)  # first: a failed job implies a failed queue row
    lost: list[Job] = []
    for job in Job.objects.filter(state=JobState.RUNNING).exclude(worker_id__in=alive):
        last_sign = job.heartbeat or job.started_at or job.created_at
        if job.worker_id not in dead and last_sign >= limit:
            continue  # a worker not seen yet (or no worker at all), and recently alive
        lost.append(job)
        if job.requeue_if_lost and job.attempts < MAX_ATTEMPTS:
            changed = Job.objects.filter(
                pk=job.pk, state=JobState.RUNNING, worker_id=job.worker_id
            ).update(state=JobState.QUEUED, worker_id="", started_at=None, progress_message="")
            if changed:
                logger.warning("Job %s lost its worker %s; queued again", job.pk, job.worker_id)
                _enqueue(job, import_string(job.task_path))
        else:
            changed = Job.objects.filter(
                pk=job.pk, state=JobState.RUNNING, worker_id=job.worker_id
            ).update(state=JobState.FAILED, finished_at=now, error=lost_worker_message())
            if changed:
                logger.warning("Job %s lost its worker %s; marked failed", job.pk, job.worker_id)
                if job.input_file:
                    job.input_file.delete(save=False)
                    Job.objects.filter(pk=job.pk).update(input_file="")
    return lost


def _fail_lost_task_rows(alive: set[str], dead: set[str], limit: dt.datetime) -> None:
    """The database queue's own rows: ``db_worker`` never revisits a row left RUNNING."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.running():
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker in alive or (worker not in dead and row.started_at and row.started_at >= limit):
            continue
        row.set_failed(WorkerLost(f"worker {worker or '?'} stopped while running this task"))
    backend = default_task_backend
    recover = getattr(backend, "recover_lost", None)
    if recover is not None:
        recover(alive=alive, dead=dead)


class WorkerLost(Exception):
    """Recorded on a queue row whose worker stopped beating while it ran."""


def _parse_at(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def run_schedule(now: dt.datetime | None = None) -> list[str]:
    """Queue each ``THIDUA_SCHEDULE`` entry whose time of day has come and that has not run
    today (local time).  The unique (name, day) row makes it once a day across workers: the
    row and the queued task are written in one transaction (on the database queue), so either
    both exist or neither."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    started: list[str] = []
    for name, entry in settings.THIDUA_SCHEDULE.items():
        if local.time() < _parse_at(entry.get("at", "00:00")):
            continue
        if ScheduleRun.objects.filter(name=name, day=local.date()).exists():
            continue
        scheduled = import_string(entry["task"])
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(name=name, day=local.date())
                result = scheduled.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker took it
        logger.info("Scheduled %s queued for %s", name, local.date())
        started.append(name)
    return started
