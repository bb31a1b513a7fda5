"""Reads for jobs, scoped: a user sees their own jobs; the emulation office and
administrators also see the jobs of accounts in their subtree.  Anything else is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.jobs import live
from thidua.jobs.models import Job, JobState
from thidua.org.models import Role
from thidua.org.permissions import scope_for


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    mine = Q(owner=user)
    if user.is_superuser or user.role in {Role.ADMIN, Role.OFFICE}:
        scope = scope_for(user)
        if scope.everything:
            mine = Q()
        elif not scope.is_empty:
            mine |= scope.q("unit__path")
    return Job.objects.filter(mine).select_related("owner")


def access_job(user: Any, job_id: Any) -> Job:
    job = jobs_visible_to(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return with_live_progress([job])[0]


def with_live_progress(jobs: list[Job]) -> list[Job]:
    """Overlay the progress written outside the task's transaction (SQLite side file)."""
    running = [str(j.pk) for j in jobs if j.state == JobState.RUNNING]
    if running:
        found = live.store().get_progress(running)
        for job in jobs:
            seen = found.get(str(job.pk))
            if seen is not None:
                job.progress_done = seen.done
                job.progress_total = seen.total
                job.progress_message = seen.message
                job.heartbeat = seen.at
    return jobs


def recent_jobs(
    user: Any, kinds: list[str], *, return_url: str | None = None, limit: int = 5
) -> list[Job]:
    """The account's own last jobs of these kinds (those started from ``return_url`` when
    given; a kind may end in ``*`` for a prefix), with their live progress: the page that
    starts a job lists them with their bars (``jobs/_recent.html``).  One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    match = Q()
    for kind in kinds:
        match |= Q(kind__startswith=kind[:-1]) if kind.endswith("*") else Q(kind=kind)
    jobs = Job.objects.filter(match, owner=user)
    if return_url is not None:
        jobs = jobs.filter(return_url=return_url)
    return with_live_progress(list(jobs.order_by("-created_at")[:limit]))
