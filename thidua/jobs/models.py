"""Background jobs as users see them.

A ``Job`` is the user-facing record of one piece of long work (an import, an export, a batch
of documents): who started it, for which unit, what it is, where it stands and how it ended.
The task queue (``django.tasks``: the database backend by default, Redis in production) only
carries "run this function with these arguments"; everything a user reads comes from here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job state", "Waiting")
    RUNNING = "running", pgettext_lazy("job state", "Running")
    SUCCEEDED = "succeeded", pgettext_lazy("job state", "Done")
    FAILED = "failed", pgettext_lazy("job state", "Failed")


FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED})


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    progress_message = models.CharField(_("progress message"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Which task runs it: the queue's result id, the task's dotted path and its arguments
    # (kept so that a job lost with its worker can be queued again).
    task_id = models.CharField(max_length=64, blank=True)
    task_path = models.CharField(max_length=255, blank=True)
    args = models.JSONField(default=dict, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requeue_if_lost = models.BooleanField(default=False)
    # User-readable outcome, in the user's language (Vietnamese).  Tracebacks go to the log.
    error = models.TextField(_("error"), blank=True)
    result_summary = models.TextField(_("result"), blank=True)
    # Row errors of an import (sheet, row, column, column title, reason), the first ones only;
    # the full list is in the result file.
    details = models.JSONField(default=list, blank=True)
    details_more = models.PositiveIntegerField(default=0)
    result_file = models.FileField(_("result file"), upload_to="jobs/results/%Y/%m/", blank=True)
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    input_file = models.FileField(upload_to="jobs/inputs/%Y/%m/", blank=True)
    return_url = models.CharField(_("started from"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="jobs_owner_created_idx"),
            models.Index(fields=["state"], name="jobs_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return 100 if self.state == JobState.SUCCEEDED else None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or self.heartbeat or self.started_at
        return max(0.0, (end - self.started_at).total_seconds())


class WorkerBeat(models.Model):
    """Last sign of life of each running ``thidua worker`` (PostgreSQL; on SQLite the beats
    live in the side file of ``thidua.jobs.live``, see there why)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class ScheduleRun(models.Model):
    """One row per scheduled entry and day: the unique constraint makes "at most once a day
    across every worker" a database guarantee."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="jobs_schedule_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
