"""Public pages of the portal (no login): home, news, article, campaigns, polls, search, and
the comment and abuse-report forms.  They read without JavaScript; forms are plain HTML."""

from __future__ import annotations

import importlib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.portal import comments as comment_service
from thidua.portal import polls as poll_service
from thidua.portal import search as search_service
from thidua.portal import selectors
from thidua.portal.models import ArticleImage, Category, Comment, CommentStatus

NEWS_PER_PAGE = 12
POLLS_PER_PAGE = 20
HONORS_ON_HOME = 4


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


# -- forms --------------------------------------------------------------------------------


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=comment_service.NAME_MAX)
    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional, never shown)"), required=False, max_length=254
    )
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=comment_service.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Honeypot: hidden from people (off-screen, skipped by keyboard), filled by robots.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


# -- home, news ---------------------------------------------------------------------------


def _honors_block() -> list[dict[str, str]] | None:
    """The newest exemplary models of the honor board (``thidua.honors.selectors.board``)
    when that part is installed, else None (the block is hidden).  One query."""
    try:
        module = importlib.import_module("thidua.honors.selectors")
    except ImportError:
        return None
    board = getattr(module, "board", None)
    if board is None:
        return None
    return [
        {"title": p.title, "url": p.get_absolute_url(), "summary": p.summary}
        for p in board()[:HONORS_ON_HOME]
    ]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    news = list(selectors.published_articles()[: selectors.HOME_NEWS])
    return render(
        request,
        "portal/home.html",
        {
            "lead_article": news[0] if news else None,
            "news": news[1:],
            "campaigns": list(selectors.public_campaigns(running_only=True)[:6]),
            "polls": list(selectors.open_polls()[:3]),
            "categories": selectors.categories(),
            "honors": _honors_block(),
        },
    )


@require_GET
def news(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_articles(), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/news_list.html",
        {"page": page, "category": None, "categories": selectors.categories()},
    )


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(Category, slug=slug)
    page = Paginator(selectors.published_articles().filter(category=cat), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/news_list.html",
        {"page": page, "category": cat, "categories": selectors.categories()},
    )


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.article_by_slug(slug)
    return render(
        request,
        "portal/article.html",
        {
            "article": item,
            "related": selectors.related_articles(item),
            "absolute_url": request.build_absolute_uri(item.get_absolute_url()),
        },
    )


@require_GET
def image(request: HttpRequest, token: str, width: int) -> HttpResponseBase:
    """A stored copy of an article photo.  The 32-hex token is unguessable and the copy never
    changes, so it is cached for a year."""
    found = ArticleImage.objects.filter(token=token).only("sizes").first()
    if found is None or str(width) not in found.sizes:
        raise Http404
    try:
        handle = default_storage.open(found.sizes[str(width)], "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_GET
def campaigns(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/campaigns.html", {"campaigns": list(selectors.public_campaigns()[:100])}
    )


# -- polls --------------------------------------------------------------------------------


@require_GET
def poll_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.visible_polls().order_by("-opens_at", "-id"), POLLS_PER_PAGE)
    return render(
        request, "portal/poll_list.html", {"page": page.get_page(request.GET.get("page"))}
    )


def _cookie_ok(request: HttpRequest, poll: Any) -> bool:
    value = request.get_signed_cookie(
        poll_service.cookie_name(poll), default=None, salt=poll_service.COOKIE_SALT
    )
    return value == str(poll.pk)


def _render_poll(
    request: HttpRequest, poll: Any, *, error: str = "", status: int = 200
) -> HttpResponse:
    options = list(poll.options.all())
    voted = poll_service.has_voted(poll, cookie_ok=_cookie_ok(request, poll), user=request.user)
    show = poll_service.results_visible(poll, voted=voted)
    return render(
        request,
        "portal/poll.html",
        {
            "poll": poll,
            "options": options,
            "voted": voted,
            "open": poll.is_open(),
            "show_results": show,
            "shares": poll_service.shares(poll, options) if show else [],
            "error": error,
        },
        status=status,
    )


@require_GET
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_poll(request, selectors.poll_by_pk(pk))


@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_by_pk(pk)
    try:
        ids = [int(v) for v in request.POST.getlist("option")]
    except ValueError:
        ids = []
    try:
        poll_service.vote(
            poll,
            option_ids=ids,
            user=request.user,
            cookie_ok=_cookie_ok(request, poll),
            address=client_address(request),
        )
    except ValidationError as error:
        code = getattr(error, "code", "")
        status = 429 if code == "rate_limited" else 409 if code == "already" else 400
        return _render_poll(request, poll, error=" ".join(error.messages), status=status)
    messages.success(request, _("Thank you, your vote has been counted."))
    response = redirect(poll.get_absolute_url())
    response.set_signed_cookie(
        poll_service.cookie_name(poll),
        str(poll.pk),
        salt=poll_service.COOKIE_SALT,
        max_age=poll_service.cookie_max_age(poll),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# -- search -------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = search_service.search(query) if query else []
    return render(
        request,
        "portal/search.html",
        {
            "portal_query": query,
            "hits": hits,
            "too_short": bool(query) and len(query.strip()) < search_service.MIN_QUERY,
        },
    )


# -- comments -----------------------------------------------------------------------------


@require_POST
def comment_post(request: HttpRequest, ct: int, pk: int) -> HttpResponse:
    target = comment_service.resolve_target(ct, pk)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment_service.post_comment(
                target,
                name=data["name"],
                email=data["email"],
                body=data["body"],
                honeypot=data["website"],
                address=client_address(request),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "rate_limited":
                status = 429
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Thank you. Your comment will appear after an editor reviews it.")
            )
            return redirect(target.get_absolute_url() + "#comments")
    return render(
        request,
        "portal/comment_error.html",
        {"target": target, "form": form, "ct": ct, "pk": pk},
        status=status,
    )


@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk, status=CommentStatus.APPROVED)
    target = comment.target
    if target is None or not comment_service.accepts(target):
        raise Http404
    comment_service.report_comment(comment, address=client_address(request))
    messages.success(request, _("Thank you. The editors will look at this comment again."))
    return redirect(target.get_absolute_url() + "#comments")
