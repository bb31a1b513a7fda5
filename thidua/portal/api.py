"""Read endpoints of the public portal, mounted under /api/v1/portal/: published news and
polls with their results.  They serve what the public pages show, so they need no token
(``auth=None``).  Unpublished articles and polls not yet open answer 404 like unknown ids; a
poll's results are given only when the public may see them (after it closes, or at once for
polls that show results after voting — a reader of the API has not voted, so those show
them only once closed too).  No commenter's e-mail ever appears.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from thidua.api.params import Offset, limit
from thidua.api.schemas import ErrorOut, ValidationErrorOut
from thidua.core.text import fold
from thidua.portal import polls as poll_service
from thidua.portal import selectors
from thidua.portal.comments import approved_for
from thidua.portal.models import Article, ArticleImage, Poll, ResultsVisibility

router = Router(auth=None, tags=["portal"])

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
READ_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}
Limit = limit(DEFAULT_LIMIT, MAX_LIMIT)
CategoryFilter = Query("", max_length=200, description="Only this category (its slug).")
CampaignFilter = Query(None, description="Only articles linked to this campaign (id).")
SearchFilter = Query("", max_length=200, description="Words to find, diacritics ignored.")


class ImageOut(Schema):
    url: str
    srcset: str
    width: int
    height: int
    caption: str
    credit: str
    alt: str


class ArticleOut(Schema):
    slug: str
    url: str
    title: str
    lead: str
    category: str
    category_slug: str
    byline: str
    unit_code: str
    published_at: dt.datetime | None
    cover: ImageOut | None


class CommentOut(Schema):
    name: str
    body: str
    created_at: dt.datetime


class ArticleDetailOut(ArticleOut):
    body_html: str
    images: list[ImageOut]
    campaign_ids: list[int]
    comments: list[CommentOut]


class ArticlePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ArticleOut]


class OptionOut(Schema):
    id: int
    label: str


class PollResultOut(Schema):
    option_id: int
    label: str
    votes: int
    percent: float


class PollOut(Schema):
    id: int
    url: str
    question: str
    description: str
    multiple: bool
    max_choices: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    open: bool
    login_required: bool
    results_shown: ResultsVisibility
    options: list[OptionOut]


class PollPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PollOut]


class PollResultsOut(Schema):
    poll_id: int
    voters: int
    closed: bool
    results: list[PollResultOut]


def _image(image: ArticleImage | None) -> ImageOut | None:
    if image is None:
        return None
    return ImageOut(
        url=image.url(1024),
        srcset=image.srcset(),
        width=image.width,
        height=image.height,
        caption=image.caption,
        credit=image.credit,
        alt=image.alt,
    )


def _article(a: Article) -> dict[str, Any]:
    images = getattr(a, "image_list", [])
    return {
        "slug": a.slug,
        "url": a.get_absolute_url(),
        "title": a.title,
        "lead": a.lead,
        "category": a.category.name,
        "category_slug": a.category.slug,
        "byline": a.byline,
        "unit_code": a.unit.code,
        "published_at": a.published_at,
        "cover": _image(images[0] if images else None),
    }


@router.get("/portal/news", response={200: ArticlePage, **READ_ERRORS}, summary="Published news")
def news_list(
    request: HttpRequest,
    category: str = CategoryFilter,
    campaign: int | None = CampaignFilter,
    q: str = SearchFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> ArticlePage:
    qs = selectors.published_articles()
    if category:
        qs = qs.filter(category__slug=category)
    if campaign:
        qs = qs.filter(campaigns=campaign)
    for word in fold(q).split()[:8]:
        qs = qs.filter(search_folded__contains=word)
    items = [ArticleOut(**_article(a)) for a in qs[offset : offset + limit]]
    return ArticlePage(count=qs.count(), limit=limit, offset=offset, items=items)


@router.get(
    "/portal/news/{slug}",
    response={200: ArticleDetailOut, **READ_ERRORS},
    summary="A published article",
)
def news_detail(request: HttpRequest, slug: str) -> ArticleDetailOut:
    article = selectors.article_by_slug(slug)
    return ArticleDetailOut(
        **_article(article),
        body_html=article.body,
        images=[img for img in (_image(i) for i in article.image_list) if img is not None],  # type: ignore[attr-defined]
        campaign_ids=[c.pk for c in article.public_campaigns],  # type: ignore[attr-defined]
        comments=[
            CommentOut(name=c.name, body=c.body, created_at=c.created_at)
            for c in approved_for(article)
        ],
    )


def _poll(p: Poll) -> PollOut:
    return PollOut(
        id=p.pk,
        url=p.get_absolute_url(),
        question=p.question,
        description=p.description,
        multiple=p.multiple,
        max_choices=p.max_choices,
        opens_at=p.opens_at,
        closes_at=p.ends_at(),
        open=p.is_open(),
        login_required=p.login_required,
        results_shown=ResultsVisibility(p.results),
        options=[OptionOut(id=o.pk, label=o.label) for o in p.options.all()],
    )


@router.get("/portal/polls", response={200: PollPage, **READ_ERRORS}, summary="Opinion polls")
def poll_list(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> PollPage:
    qs = selectors.visible_polls().prefetch_related("options").order_by("-opens_at", "-id")
    return PollPage(
        count=qs.count(),
        limit=limit,
        offset=offset,
        items=[_poll(p) for p in qs[offset : offset + limit]],
    )


@router.get("/portal/polls/{poll_id}", response={200: PollOut, **READ_ERRORS}, summary="A poll")
def poll_detail(request: HttpRequest, poll_id: int) -> PollOut:
    return _poll(selectors.poll_by_pk(poll_id))


@router.get(
    "/portal/polls/{poll_id}/results",
    response={200: PollResultsOut, **READ_ERRORS},
    summary="A poll's results, once the public may see them",
)
def poll_results(request: HttpRequest, poll_id: int) -> PollResultsOut:
    poll = selectors.poll_by_pk(poll_id)
    if not poll_service.results_visible(poll, voted=False):
        raise Http404
    options = list(poll.options.all())
    return PollResultsOut(
        poll_id=poll.pk,
        voters=poll.voters,
        closed=poll.is_over(),
        results=[
            PollResultOut(
                option_id=s.option.pk, label=s.option.label, votes=s.option.votes, percent=s.percent
            )
            for s in poll_service.shares(poll, options)
        ],
    )
