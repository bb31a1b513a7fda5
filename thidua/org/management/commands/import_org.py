"""Import units or people from an Excel file:  thidua import_org units|people FILE [--dry-run]

Prints a Vietnamese summary, or the list of every bad row and exits with status 1 (nothing
is saved then).  Without ``--user`` the import runs as the system (no scope limit); with
``--user USERNAME`` it is limited to what that account may change, as in the web page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.org.importers import import_people, import_units
from thidua.org.models import User


class Command(BaseCommand):
    help = "Import units or people from an .xlsx file (nothing is saved if any row is wrong)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["units", "people"])
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )
        parser.add_argument("--user", help="Import as this account (limits it to its units).")
        parser.add_argument("--language", default="vi", help="Language of the report (vi, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(_("No active account %(u)s.") % {"u": options["user"]})
        run = import_units if options["what"] == "units" else import_people
        result = run(actor=actor, source=path, file_name=path.name, dry_run=options["dry_run"])
        if result.ok:
            self.stdout.write(result.summary())
            return
        for error in result.errors.sorted():
            prefix = f"[{error.sheet}] " if error.sheet else ""
            self.stderr.write(f"{prefix}{error}")
        if result.errors.more:
            self.stderr.write(_("… and %(n)s more errors.") % {"n": result.errors.more})
        raise CommandError(result.summary(), returncode=1)
