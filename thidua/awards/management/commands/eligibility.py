"""``thidua eligibility FILE``: the verdict of the rules engine for one subject's facts.

FILE holds one JSON object (``-`` reads standard input); the verdict is printed as indented
UTF-8 JSON. Exit status 0 for any verdict, eligible or not; 2 for malformed input (bad JSON,
missing or invalid fields, unknown award), with the problems listed on standard error.
All the logic lives in the pure engine (``thidua.awards.rules``).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.awards.rules import FactsError, Settings, SettingsError, evaluate_data

EXIT_INPUT = 2


def _input_error(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_INPUT)


class Command(BaseCommand):
    help = (
        "Evaluate one subject's facts (JSON file, or - for standard input) against the award "
        "rules and print the verdict with its reasons as JSON."
    )
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # pure computation: no database, no models

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file with the facts, or - for standard input")
        parser.add_argument(
            "--settings-file",
            dest="settings_file",
            help="JSON object overriding the jurisdiction settings (see docs/rules.md)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._load(options["file"], options.get("stdin"), what=_("facts"))
        settings = Settings()
        if options.get("settings_file"):
            overrides = self._load(options["settings_file"], None, what=_("settings"))
            if not isinstance(overrides, dict):
                raise _input_error(_("The settings file must hold one JSON object {…}."))
            try:
                settings = Settings.from_mapping(overrides)
            except SettingsError as exc:
                raise _input_error(_("Invalid settings: %(error)s") % {"error": exc}) from exc
        try:
            verdict = evaluate_data(data, settings)
        except FactsError as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems)
            raise _input_error(_("Invalid facts:") + "\n" + lines) from exc
        text = json.dumps(verdict, ensure_ascii=False, indent=2)
        out = getattr(self.stdout, "_out", None)
        if out is sys.stdout and isinstance(out, io.TextIOWrapper):
            out.reconfigure(encoding="utf-8")  # Vietnamese text, whatever the console's locale
        self.stdout.write(text)

    def _load(self, name: str, stdin: Any, *, what: str) -> Any:
        shown = _("standard input") if name == "-" else name
        try:
            if name == "-":
                stream = stdin if stdin is not None else sys.stdin
                raw = stream.read()
                text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
                if text.startswith("\ufeff"):
                    text = text[1:]
            else:
                text = Path(name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise _input_error(
                _("Cannot read the %(what)s file %(name)s: %(error)s")
                % {"what": what, "name": shown, "error": exc}
            ) from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _input_error(
                _(
                    "The %(what)s in %(name)s are not valid JSON (line %(line)s, column %(col)s): "
                    "%(error)s"
                )
                % {
                    "what": what,
                    "name": shown,
                    "line": exc.lineno,
                    "col": exc.colno,
                    "error": exc.msg,
                }
            ) from exc
