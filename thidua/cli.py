"""The ``thidua`` console command: Django's management commands with the right settings.

thidua migrate        thidua runserver        thidua demo        thidua token create USER
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "thidua"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
