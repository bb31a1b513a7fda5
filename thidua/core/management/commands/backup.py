"""thidua backup [--output FILE] [--keep N]: one archive of the database and the uploaded files,
taken while the system runs (see thidua/core/backup.py and docs/production.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = "Write one .tar.gz archive of the database and the uploaded files (MEDIA_ROOT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: var/backups/thidua-<database>-<date>.tar.gz).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="After writing, keep only the N newest thidua-*.tar.gz in the same folder.",
        )
        parser.add_argument("--language", default="vi", help="Language of the messages (vi, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            try:
                path, manifest = create_backup(options["output"])
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            media = manifest["media"]
            self.stdout.write(
                _(
                    "Backup written: %(path)s (%(size)s bytes; database %(vendor)s, "
                    "%(files)s uploaded files, %(migrations)s migrations)."
                )
                % {
                    "path": path,
                    "size": path.stat().st_size,
                    "vendor": manifest["database"]["vendor"],
                    "files": len(media["files"]),
                    "migrations": len(manifest["migrations"]),
                }
            )
            if media["storage"] != "filesystem":
                self.stdout.write(
                    _(
                        "Uploaded files are on object storage (STORAGE=%(storage)s) and are not "
                        "in this archive: back up the bucket with the storage's own tools."
                    )
                    % {"storage": media["storage"]}
                )
            if options["keep"] > 0:
                for old in prune(path.parent, options["keep"]):
                    self.stdout.write(_("Old backup deleted: %(path)s") % {"path": old})
