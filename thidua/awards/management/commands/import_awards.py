"""Import commendation records from Excel:
``thidua import_awards ratings|discipline|initiatives|commendations FILE [--dry-run]``.

``--template OUT.xlsx`` writes an empty import file for the kind instead.  Prints a
Vietnamese summary, or every bad row (row, column, reason) and exits with status 1, nothing
saved.  Without ``--user`` the import runs as the system (no scope limit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.awards.importers import KINDS, import_records, template
from thidua.org.models import User


class Command(BaseCommand):
    help = "Import task ratings, discipline, initiatives or historical commendations (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check, but save nothing.")
        parser.add_argument(
            "--template", action="store_true", help="Write an empty import file to FILE."
        )
        parser.add_argument("--user", help="Import as this account (limits it to its units).")
        parser.add_argument("--language", default="vi", help="Language of the report (vi, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if options["template"]:
            path.write_bytes(template(options["kind"]))
            self.stdout.write(_("Template written to %(path)s") % {"path": path})
            return
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(_("No active account %(u)s.") % {"u": options["user"]})
        result = import_records(
            kind=options["kind"],
            actor=actor,
            source=path,
            file_name=path.name,
            dry_run=options["dry_run"],
        )
        if result.ok:
            self.stdout.write(result.summary())
            return
        for error in result.errors.sorted():
            prefix = f"[{error.sheet}] " if error.sheet else ""
            self.stderr.write(f"{prefix}{error}")
        raise CommandError(result.summary(), returncode=1)
