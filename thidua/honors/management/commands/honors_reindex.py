"""``thidua honors_reindex``: rebuild the public search rows of the issued decisions (they are
kept up to date as decisions are issued; this is for data loaded around the services)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thidua.honors.decision_index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the public search rows of the issued commendation decisions."

    def handle(self, *args: Any, **options: Any) -> None:
        n = reindex_all()
        self.stdout.write(_("%(n)s decisions indexed.") % {"n": n})
