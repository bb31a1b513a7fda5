"""Sitemaps of the honor board and the published decisions, read by the portal's
``/sitemap.xml`` (``SITEMAPS``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from thidua.awards.models import Decision
from thidua.honors import selectors
from thidua.honors.models import Profile


class ProfileSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self) -> Any:
        return (
            selectors.published_profiles()
            .only("slug", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item: Profile) -> dt.datetime:
        return item.updated_at


class DecisionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self) -> Any:
        return selectors.published_decisions().only("pk").order_by("-date", "-id")

    def location(self, item: Decision) -> str:
        return reverse("honors:decision", args=[item.pk])


class HonorsPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self) -> list[str]:
        return ["honors:index", "honors:decisions"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, Any] = {
    "honors-pages": HonorsPagesSitemap,
    "honors": ProfileSitemap,
    "decisions": DecisionSitemap,
}
