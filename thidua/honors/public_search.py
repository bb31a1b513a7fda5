"""Hits of the honor board and of the published decisions for the portal's search page.

``search(folded_query, limit)`` is called by ``thidua.portal.search`` with a query already
folded (``thidua.core.text.fold``); it runs one query for published profiles
(``Profile.search_folded``) and one for issued commendation decisions
(``DecisionEntry.search_folded``).  Every word of the query must appear.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.honors import selectors
from thidua.portal.search import PublicHit


def search(folded_query: str, limit: int) -> list[PublicHit]:
    words = folded_query.split()[:8]
    if not words:
        return []
    hits: list[PublicHit] = []
    profiles = selectors.published_profiles().select_related("unit", "person")
    for word in words:
        profiles = profiles.filter(search_folded__contains=word)
    for p in profiles.order_by("-published_at", "-id")[:limit]:
        hits.append(
            PublicHit(
                kind_label=str(_("Exemplary model")),
                title=p.title,
                url=p.get_absolute_url(),
                summary=(p.summary or p.subject_name)[:300],
                date=timezone.localdate(p.published_at) if p.published_at else None,
            )
        )
    decisions = selectors.published_decisions()
    for word in words:
        decisions = decisions.filter(public_entry__search_folded__contains=word)
    for d in decisions.order_by("-date", "-number", "-id")[:limit]:
        hits.append(
            PublicHit(
                kind_label=str(_("Commendation decision")),
                title=_("Decision No. %(ref)s") % {"ref": d.reference},
                url=reverse("honors:decision", args=[d.pk]),
                summary=f"{d.authority_name}: {d.title}"[:300],
                date=d.date,
            )
        )
    return hits
