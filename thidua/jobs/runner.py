"""Running a job: the life cycle around the task's own work.

A job task is declared with ``@job_task(...)`` on a function ``body(ctx, **args)``; it
becomes a ``django.tasks`` task taking ``job_id`` plus the same keyword arguments, which
``thidua.jobs.services.start_job`` enqueues.  The wrapper:

1. marks the job running (only if it is still waiting: a job already failed by the lost-worker
   sweep, or run by another worker, is not run twice);
2. calls the body with a ``JobContext`` (``report`` progress, ``save_result`` a file);
3. marks it done with its summary, or failed with a message in Vietnamese.  A ``JobFailure``
   carries a message meant for the user; any other exception is logged with its traceback
   and the user reads a generic message with the job's id.

The body keeps its own writes all-or-nothing (the import services are one transaction each);
the wrapper writes the job's state outside that transaction.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.jobs import live, progress
from thidua.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

# Set by ``thidua worker`` for the process it runs in; the jobs it starts carry it, so that a
# job whose worker stopped beating can be found.
CURRENT_WORKER_ID = ""
# Module paths of the job tasks that may simply be queued again when their worker died.
REQUEUE_IF_LOST: set[str] = set()


class JobFailure(Exception):
    """An expected failure, with a message for the user (already translated)."""


@dataclass
class JobOutcome:
    summary: str = ""
    failed: bool = False  # the work ended with user-facing errors (e.g. bad rows)


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.total: int | None = job.progress_total
        self.done = 0

    def report(self, done: int, total: int | None = None, message: str = "") -> None:
        if total is not None:
            self.total = total
        self.done = done
        progress.report(self.job.pk, done, self.total, message)

    def save_result(self, content: bytes, name: str) -> None:
        """Attach a file the user downloads from the job's page (written at once, outside
        any transaction of the body)."""
        self.job.result_file.save(name, ContentFile(content), save=False)
        self.job.result_name = name
        Job.objects.filter(pk=self.job.pk).update(
            result_file=self.job.result_file.name, result_name=name
        )


def unexpected_error_message(job_id: object) -> str:
    return _(
        "An unexpected error stopped the job; nothing was saved. Try again later; if it "
        "happens again, give the administrator the job code %(code)s."
    ) % {"code": str(job_id)[:8]}


def lost_worker_message() -> str:
    return _(
        "The job was interrupted because the process running it stopped unexpectedly; "
        "nothing was saved. Run it again."
    )


def _begin(job_id: str) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        started_at=now,
        heartbeat=now,
        worker_id=CURRENT_WORKER_ID,
        error="",
    )
    if not claimed:
        logger.warning("Job %s is not waiting any more; not run again", job_id)
        return None
    job = Job.objects.select_related("owner", "unit").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    return job


def _finish(job: Job, ctx: JobContext, *, state: str, summary: str = "", error: str = "") -> None:
    now = timezone.now()
    total = ctx.total
    done = ctx.done
    if state == JobState.SUCCEEDED and total is not None:
        done = total
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=state,
        finished_at=now,
        heartbeat=now,
        progress_done=done,
        progress_total=total,
        progress_message="",
        result_summary=summary,
        error=error,
    )
    try:
        live.store().drop_progress(str(job.pk))
    except Exception:
        logger.warning("Could not clear live progress of job %s", job.pk, exc_info=True)
    progress.forget(job.pk)
    if job.input_file:
        job.input_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(input_file="")


def execute(job_id: str, body: Callable[..., JobOutcome | None], kwargs: dict[str, Any]) -> str:
    close_old_connections()
    job = _begin(job_id)
    if job is None:
        return "skipped"
    ctx = JobContext(job)
    with translation.override("vi"):
        try:
            outcome = body(ctx, **kwargs) or JobOutcome()
        except JobFailure as exc:
            _finish(job, ctx, state=JobState.FAILED, error=str(exc))
            return "failed"
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _finish(job, ctx, state=JobState.FAILED, error=unexpected_error_message(job.pk))
            raise
        state = JobState.FAILED if outcome.failed else JobState.SUCCEEDED
        _finish(
            job,
            ctx,
            state=state,
            summary=outcome.summary if not outcome.failed else "",
            error=outcome.summary if outcome.failed else "",
        )
        return str(state)


def job_task(
    *, requeue_if_lost: bool = False, queue_name: str = "default"
) -> Callable[[Callable[..., JobOutcome | None]], Any]:
    """Declare a job task.  ``requeue_if_lost``: the work is idempotent (it writes nothing but
    its result file), so a job whose worker died is queued again instead of failed."""

    def decorate(body: Callable[..., JobOutcome | None]) -> Any:
        @functools.wraps(body)
        def run(job_id: str, **kwargs: Any) -> str:
            return execute(job_id, body, kwargs)

        run.__annotations__ = {"job_id": str, "return": str}
        made = task(queue_name=queue_name)(run)
        if requeue_if_lost:
            REQUEUE_IF_LOST.add(made.module_path)
        return made

    return decorate
