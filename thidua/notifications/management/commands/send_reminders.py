"""``thidua send_reminders [--date YYYY-MM-DD]``: send the day's deadline reminders.

The same code as the ``send_daily_reminders`` task; run it once a day from cron when no
``thidua worker`` runs the schedule.  Running it again the same day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.notifications import reminders
from thidua.notifications.models import Kind


class Command(BaseCommand):
    help = "Send the day's deadline reminders (at most once per reminder and day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD); default today")
        parser.add_argument("--language", default="vi", help="Language of the messages (vi, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._run(options.get("date"))

    def _run(self, raw_day: str | None) -> None:
        day = None
        if raw_day:
            try:
                day = dt.date.fromisoformat(raw_day)
            except ValueError as exc:
                raise CommandError(
                    _("--date must be a date written YYYY-MM-DD, not “%(value)s”.")
                    % {"value": raw_day}
                ) from exc
        summary = reminders.run(day)
        sent = ", ".join(
            f"{Kind(kind).label}: {n}" for kind, n in sorted(summary.sent.items())
        ) or pgettext("reminders sent", "none")
        self.stdout.write(
            _(
                "Reminders for %(day)s: sent %(sent)s; already sent today %(skipped)s; "
                "failed %(failed)s."
            )
            % {
                "day": f"{summary.day:%d/%m/%Y}",
                "sent": sent,
                "skipped": summary.skipped,
                "failed": summary.failed,
            }
        )
        if summary.failed:
            raise CommandError(_("%(n)s reminders failed; see the log.") % {"n": summary.failed})
