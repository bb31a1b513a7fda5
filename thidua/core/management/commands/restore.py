"""thidua restore FILE [--yes] [--check]: bring back an archive written by ``thidua backup``.

Everything is read and checked first (manifest, database vendor, migrations, checksums);
nothing changes unless all of it is right.  Stop the app servers and the worker first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a thidua backup archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: replace the current data."
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the archive; change nothing."
        )
        parser.add_argument("--language", default="vi", help="Language of the messages (vi, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        check_only = options["check"]
        if not check_only and not options["yes"]:
            database = connection.settings_dict["NAME"]
            question = _(
                "This replaces ALL data of database %(db)s and the uploaded files with the "
                "archive's. Type yes to go on: "
            ) % {"db": database}
            if not sys.stdin.isatty():
                raise CommandError(_("Not confirmed: add --yes to restore without a question."))
            if input(question).strip().lower() not in {"yes", "có", "co"}:
                raise CommandError(_("Restore cancelled; nothing was changed."))
        try:
            result = restore_backup(path, check_only=check_only)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        values = {
            "path": path,
            "date": manifest["created_at"],
            "vendor": manifest["database"]["vendor"],
            "files": result.files,
        }
        if check_only:
            self.stdout.write(
                _(
                    "The archive %(path)s is complete and readable here (made %(date)s, database "
                    "%(vendor)s, %(files)s uploaded files). Nothing was changed."
                )
                % values
            )
            return
        self.stdout.write(
            _(
                "Restored from %(path)s (made %(date)s): database %(vendor)s and %(files)s "
                "uploaded files."
            )
            % values
        )
        if result.missing_migrations:
            self.stdout.write(
                _(
                    "The archive is from an older version: run thidua migrate now "
                    "(%(count)s migrations to apply)."
                )
                % {"count": len(result.missing_migrations)}
            )
