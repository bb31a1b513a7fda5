"""``thidua demo``: load the Bạc Liêu 2020 demo province and print the demo accounts.

Idempotent: a second run creates nothing.  The demo password is ``ThiDua@2020`` unless the
environment variable ``THIDUA_DEMO_PASSWORD`` says otherwise.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.org.demo.loader import DEFAULT_PEOPLE, DemoReport, load_demo


class Command(BaseCommand):
    help = "Load the demo province (Bạc Liêu 2020) and create one demo account per role."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            metavar="N",
            help=f"number of synthetic people to create (default {DEFAULT_PEOPLE})",
        )
        group.add_argument(
            "--no-people",
            action="store_true",
            help="skip the synthetic people (fast load)",
        )
        parser.add_argument(
            "--no-campaign",
            action="store_true",
            help="skip the 2020 demo campaign (thidua/campaigns/demo.py)",
        )
        parser.add_argument(
            "--no-awards",
            action="store_true",
            help="skip the 2020 commendation year (thidua/awards/demo.py; needs the campaign)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        count = 0 if options["no_people"] else options["people"]
        if count < 0:
            raise CommandError(
                _("The number of people cannot be negative (--people %(n)s).") % {"n": count}
            )
        started = time.monotonic()
        try:
            report = load_demo(people=count)
        except ValidationError as exc:
            raise CommandError(
                _("The demo could not be loaded: %(errors)s") % {"errors": " ".join(exc.messages)}
            ) from exc
        elapsed = time.monotonic() - started
        if report.changed:
            self.stdout.write(
                _(
                    "Demo loaded in %(s).1f s: %(units)d units, %(successions)d "
                    "reorganisations, %(people)d people, %(accounts)d accounts created."
                )
                % {
                    "s": elapsed,
                    "units": report.units_created,
                    "successions": report.successions_created,
                    "people": report.people_created,
                    "accounts": report.accounts_created,
                }
            )
        else:
            self.stdout.write(_("The demo is already loaded: nothing was changed."))
        self.stdout.write("")
        self.stdout.write(self._table(report))
        if any(not row.created for row in report.accounts):
            self.stdout.write("")
            self.stdout.write(
                _("Accounts that existed before this run keep the password they had.")
            )
        if not options["no_campaign"]:
            from thidua.campaigns.demo import run_from_command

            run_from_command(self.stdout)
            if not options["no_awards"]:
                from thidua.awards.demo import run_from_command as load_awards

                load_awards(self.stdout)

                from thidua.honors.demo import run_from_command as load_honors

                load_honors(self.stdout)

                from thidua.reports.demo import run_from_command as load_report_rows

                load_report_rows(self.stdout)

                from thidua.portal.demo import run_from_command as load_portal

                load_portal(self.stdout)

                from thidua.notifications.demo import run_from_command as load_notifications

                load_notifications(self.stdout)

    def _table(self, report: DemoReport) -> str:
        header = [_("Username"), _("Password"), _("Role"), _("Unit")]
        rows = [
            [
                row.username,
                row.password,
                row.role_label,
                row.unit.name if row.unit else _("(whole system)"),
            ]
            for row in report.accounts
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(header), rule, *(line(r) for r in rows)])
