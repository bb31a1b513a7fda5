"""Reads of the public portal: only published articles, public campaigns and visible polls.
Every list runs a fixed number of queries (related rows through select_related/prefetch)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.campaigns.models import Campaign, CampaignState
from thidua.portal.models import Article, ArticleImage, Category, Poll

HOME_NEWS = 6
RELATED = 4
PUBLIC_CAMPAIGN_STATES = (
    CampaignState.LAUNCHED,
    CampaignState.INTERIM_REVIEW,
    CampaignState.FINAL_REVIEW,
    CampaignState.CLOSED,
)
RUNNING_CAMPAIGN_STATES = PUBLIC_CAMPAIGN_STATES[:3]


def _images() -> Prefetch[Any]:
    return Prefetch(
        "images", queryset=ArticleImage.objects.order_by("position", "id"), to_attr="image_list"
    )


def published_articles() -> QuerySet[Article]:
    return (
        Article.published.select_related("category", "unit")
        .prefetch_related(_images())
        .order_by("-published_at", "-id")
    )


def article_by_slug(slug: str) -> Article:
    article = (
        published_articles()
        .prefetch_related(
            Prefetch(
                "campaigns",
                queryset=Campaign.objects.filter(state__in=PUBLIC_CAMPAIGN_STATES).order_by("-id"),
                to_attr="public_campaigns",
            ),
            "units",
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise Http404
    return article


def related_articles(article: Article) -> list[Article]:
    """Articles sharing a campaign with ``article``, then of its category, newest first."""
    campaign_ids = [c.pk for c in getattr(article, "public_campaigns", [])]
    q = Q(category_id=article.category_id)
    if campaign_ids:
        q |= Q(campaigns__in=campaign_ids)
    return list(published_articles().filter(q).exclude(pk=article.pk).distinct()[:RELATED])


def categories() -> list[Category]:
    return list(Category.objects.order_by("position", "name"))


def public_campaigns(*, running_only: bool = False) -> QuerySet[Campaign]:
    states = RUNNING_CAMPAIGN_STATES if running_only else PUBLIC_CAMPAIGN_STATES
    return (
        Campaign.objects.filter(state__in=states)
        .select_related("issuing_unit")
        .order_by("-start_date", "-id")
    )


def visible_polls() -> QuerySet[Poll]:
    return Poll.objects.filter(opens_at__lte=timezone.now()).select_related("campaign")


def open_polls() -> QuerySet[Poll]:
    now = timezone.now()
    return (
        visible_polls()
        .filter(closes_at__gt=now)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=now))
        .order_by("closes_at", "id")
    )


def poll_by_pk(pk: int) -> Poll:
    poll = visible_polls().prefetch_related("options").filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll
