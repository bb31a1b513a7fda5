"""``/sitemap.xml``: published articles, categories, public campaigns, polls, the portal's
fixed pages, and the honors part's sitemaps (``thidua.honors.sitemaps.SITEMAPS``) when it
is installed."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from thidua.campaigns.models import Campaign
from thidua.portal import selectors
from thidua.portal.models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self) -> Any:
        return Article.published.only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return Category.objects.order_by("position", "name")


class CampaignSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return selectors.public_campaigns().select_related(None).only("pk")

    def location(self, item: Campaign) -> str:
        return reverse("campaign_dash:public", args=[item.pk])


class PollSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return (
            selectors.visible_polls().select_related(None).only("pk").order_by("-opens_at", "-id")
        )


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["org:home", "portal:news", "portal:campaigns", "portal:polls"]

    def location(self, item: str) -> str:
        return reverse(item)


def all_sitemaps() -> dict[str, Any]:
    maps: dict[str, Any] = {
        "pages": StaticSitemap,
        "news": ArticleSitemap,
        "categories": CategorySitemap,
        "campaigns": CampaignSitemap,
        "polls": PollSitemap,
    }
    try:
        honors = importlib.import_module("thidua.honors.sitemaps")
    except ImportError:
        return maps
    maps.update(getattr(honors, "SITEMAPS", {}))
    return maps
