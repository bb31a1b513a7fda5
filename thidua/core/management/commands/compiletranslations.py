"""Compile every .po catalogue under thidua/locale into .mo files.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt`` program, which office PCs
(and Windows) rarely have; polib does the same job in pure Python.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        if options.get("verbosity", 1):
            self.stdout.write(f"Compiled {count} catalogue(s).")
