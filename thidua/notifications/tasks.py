"""Background tasks (Django's ``django.tasks``): the e-mail copies of notifications and the
daily deadline reminders.

With the default backend a task runs at once in the calling process; with a queue backend
(``TASKS`` in settings) the worker runs it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task

from thidua.notifications import emails, reminders


@task
def send_emails(*, subject: str, text: str, link: str, recipients: list[list[str]]) -> int:
    """E-mail one notification to each ``[address, name]``; returns how many were sent."""
    return emails.send(subject=subject, text=text, link=link, recipients=recipients)


@task
def send_daily_reminders(day: str | None = None) -> dict[str, Any]:
    """Today's deadline reminders (``day``: an ISO date, for a catch-up run).  Idempotent:
    a reminder already sent that day is skipped."""
    summary = reminders.run(dt.date.fromisoformat(day) if day else None)
    return summary.as_dict()
