"""RSS 2.0 and Atom 1.0 feeds of published news, all categories or one
(django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from thidua.portal import selectors
from thidua.portal.models import Article, Category

FEED_ITEMS = 30


class NewsFeed(Feed):
    def get_object(self, request: HttpRequest, slug: str | None = None) -> Category | None:
        return get_object_or_404(Category, slug=slug) if slug else None

    def title(self, obj: Category | None) -> str:
        return obj.name if obj else str(_("Emulation and commendation news"))

    def link(self, obj: Category | None) -> str:
        return obj.get_absolute_url() if obj else reverse("portal:news")

    def description(self, obj: Category | None) -> str:
        return (obj.description if obj else "") or str(_("News of emulation campaigns"))

    def items(self, obj: Category | None) -> list[Article]:
        qs = selectors.published_articles()
        if obj is not None:
            qs = qs.filter(category=obj)
        return list(qs[:FEED_ITEMS])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> dt.datetime | None:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.byline

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name]

    def item_guid(self, item: Article) -> Any:
        return None


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category | None) -> str:
        return self.description(obj)
