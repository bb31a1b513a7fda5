"""``thidua send_reminders [--date YYYY-MM-DD]``: send the day's deadline reminders.

The same code as the ``send_daily_reminders`` task; run it once a day from cron when no
``thidua worker`` runs the schedule.  Running it again the same day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.notifications import reminders


class Command(BaseCommand):
    help = "Send the day's deadline reminders (at most once per reminder and day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date must be a date written YYYY-MM-DD, not {options['date']!r}"
                ) from exc
        summary = reminders.run(day)
        sent = ", ".join(f"{kind} {n}" for kind, n in sorted(summary.sent.items())) or "none"
        self.stdout.write(
            f"Reminders for {summary.day.isoformat()}: sent {sent}; "
            f"already sent today {summary.skipped}; failed {summary.failed}."
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} reminders failed; see the log.")
