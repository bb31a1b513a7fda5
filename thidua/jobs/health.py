"""``check() -> (ok, detail)`` for ``/healthz``: is the job queue reachable, and is work
being done?

Not healthy when the queue cannot be reached (database table or Redis), or when a job has
been waiting longer than ``THIDUA_JOBS_STALE_QUEUE`` seconds while no worker has beaten
within ``THIDUA_JOBS_HEARTBEAT_TIMEOUT`` (work piles up with nobody to do it).  No worker and
nothing waiting is healthy: app servers still serve, and the detail says so.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import default_task_backend
from django.utils import timezone

from thidua.jobs import live
from thidua.jobs.models import Job, JobState


def _queue_reachable() -> None:
    ping = getattr(default_task_backend, "ping", None)
    if ping is not None:
        ping()  # Redis
        return
    from django.apps import apps

    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.ready().exists()


def check() -> tuple[bool, str]:
    now = timezone.now()
    try:
        _queue_reachable()
    except Exception as exc:
        return False, f"queue unreachable ({type(exc).__name__})"
    try:
        beats = live.store().beats()
    except Exception as exc:
        return False, f"heartbeats unreadable ({type(exc).__name__})"
    newest = max(beats.values(), default=None)
    age = None if newest is None else max(0.0, (now - newest).total_seconds())
    oldest_waiting = Job.objects.filter(state=JobState.QUEUED).order_by("created_at").first()
    waited = None if oldest_waiting is None else (now - oldest_waiting.created_at).total_seconds()
    worker_alive = age is not None and age <= settings.THIDUA_JOBS_HEARTBEAT_TIMEOUT
    worker_text = "no worker seen" if age is None else f"worker beat {age:.0f} s ago"
    waiting_text = "nothing waiting" if waited is None else f"oldest waiting {waited:.0f} s"
    detail = f"{worker_text}; {waiting_text}"
    if not worker_alive and waited is not None and waited > settings.THIDUA_JOBS_STALE_QUEUE:
        return False, "jobs waiting and no live worker: " + detail
    return True, detail


def worker_age(now: dt.datetime | None = None) -> float | None:
    now = now or timezone.now()
    newest = max(live.store().beats().values(), default=None)
    return None if newest is None else (now - newest).total_seconds()
