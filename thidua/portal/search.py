"""Search of the public portal, ignoring diacritics.

Each source keeps a folded search column (``thidua.core.text.fold`` of its text), so a query
is one ``LIKE '%…%'`` per source, whatever the amount of data: articles
(``Article.search_folded``), public campaigns (``Campaign.name_folded``), polls, and — when
the honors part is installed — its own hits through
``thidua.honors.public_search.search(folded_query, limit)``, which returns ``PublicHit``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.text import fold
from thidua.portal import selectors

MIN_QUERY = 2
PER_SOURCE = 20


@dataclass(frozen=True)
class PublicHit:
    kind_label: str
    title: str
    url: str
    summary: str
    date: dt.date | None


def _honors_search() -> Any:
    try:
        module = importlib.import_module("thidua.honors.public_search")
    except ImportError:
        return None
    return getattr(module, "search", None)


def search(query: str, *, limit: int = PER_SOURCE) -> list[PublicHit]:
    folded = fold(query)
    if len(folded) < MIN_QUERY:
        return []
    hits: list[PublicHit] = []
    for article in selectors.published_articles().filter(search_folded__contains=folded)[:limit]:
        hits.append(
            PublicHit(
                kind_label=str(_("News")),
                title=article.title,
                url=article.get_absolute_url(),
                summary=article.lead[:300],
                date=timezone.localdate(article.published_at) if article.published_at else None,
            )
        )
    for campaign in selectors.public_campaigns().filter(name_folded__contains=folded)[:limit]:
        hits.append(
            PublicHit(
                kind_label=str(_("Emulation campaign")),
                title=campaign.name,
                url=reverse("campaign_dash:public", args=[campaign.pk]),
                summary=campaign.issuing_unit.name,
                date=campaign.start_date,
            )
        )
    for poll in selectors.visible_polls().filter(search_folded__contains=folded)[:limit]:
        hits.append(
            PublicHit(
                kind_label=str(_("Opinion poll")),
                title=poll.question,
                url=poll.get_absolute_url(),
                summary=poll.description[:300],
                date=timezone.localdate(poll.opens_at),
            )
        )
    honors = _honors_search()
    if honors is not None:
        hits.extend(honors(folded, limit))
    return hits
