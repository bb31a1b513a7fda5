"""Public pages of the honor board and of the published commendation decisions: no login, no
JavaScript needed, on the portal's layout (``portal/public_base.html``).

Only published profiles and issued commendation decisions are ever shown; anything else is a
404, whoever asks.  Photos of a draft are served only to staff who may see the draft.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from thidua.awards import pdf
from thidua.campaigns.models import Campaign, CampaignState
from thidua.honors import selectors
from thidua.honors.models import Photo, PhotoSize, ProfileState, Sector, SubjectKind
from thidua.honors.services import plain_text

BOARD_PER_PAGE = 24
DECISIONS_PER_PAGE = 30
PUBLIC_MAX_AGE = 300
PDF_CACHE_SECONDS = 24 * 3600


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _querystring(request: HttpRequest, drop: str = "page") -> str:
    params = request.GET.copy()
    params.pop(drop, None)
    return params.urlencode()


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The honor board: filters (collective / individual, campaign, field) and search."""
    subject = request.GET.get("subject", "")
    subject = subject if subject in SubjectKind.values else ""
    sector = request.GET.get("field", "")
    sector = sector if sector in Sector.values else ""
    campaign = _int(request.GET.get("campaign"))
    q = request.GET.get("q", "").strip()[:200]
    qs = selectors.board(subject=subject, campaign=campaign, sector=sector, q=q)
    page = Paginator(qs, BOARD_PER_PAGE).get_page(request.GET.get("page"))
    campaigns = list(
        Campaign.objects.filter(
            pk__in=selectors.published_profiles().values("campaign_id")
        ).order_by("-start_date", "-id")
    )
    return render(
        request,
        "honors/public/board.html",
        {
            "page": page,
            "campaigns": campaigns,
            "sectors": Sector.choices,
            "subjects": SubjectKind.choices,
            "f": {"subject": subject, "field": sector, "campaign": campaign, "q": q},
            "querystring": _querystring(request),
            "filtered": bool(subject or sector or campaign or q),
        },
    )


@functools.cache
def comments_enabled() -> bool:
    """The portal's comment block, when the portal app is installed."""
    try:
        get_template("portal/_comments.html")
    except TemplateDoesNotExist:
        return False
    return True


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.public_profile(slug)
    photos = selectors.photos_of(found)
    campaign = found.campaign
    campaign_public = campaign is not None and campaign.state != CampaignState.DRAFT
    description = found.summary or plain_text(found.story)[:300]
    return render(
        request,
        "honors/public/profile.html",
        {
            "profile": found,
            "photos": photos,
            "cover": photos[0] if photos else None,
            "commendations": selectors.commendations_of(found),
            "spread": selectors.spread_of(found),
            "campaign_public": campaign_public,
            "description": description,
            "page_url": request.build_absolute_uri(found.get_absolute_url()),
            "comments_enabled": comments_enabled(),
        },
    )


@require_GET
def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    if size not in PhotoSize.values:
        raise Http404
    found = Photo.objects.select_related("profile").filter(pk=pk).first()
    if found is None:
        raise Http404
    public = found.profile.state == ProfileState.PUBLISHED
    if (
        not public
        and not selectors.profiles_visible_to(request.user).filter(pk=found.profile_id).exists()
    ):
        raise Http404
    field = found.file_for(size)
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE * 12}" if public else "private, no-store"
    )
    return response


# -- published decisions -------------------------------------------------------------------


@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    authority = request.GET.get("authority", "").strip()[:32]
    q = request.GET.get("q", "").strip()[:200]
    qs = selectors.decision_list(year=year, authority=authority, q=q)
    page = Paginator(qs, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/public/decisions.html",
        {
            "page": page,
            "years": selectors.decision_years(),
            "authorities": selectors.decision_authorities(),
            "f": {"year": year, "authority": authority, "q": q},
            "querystring": _querystring(request),
        },
    )


@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_decision(pk)
    lines = selectors.decision_awardees(found)
    return render(
        request,
        "honors/public/decision.html",
        {
            "decision": found,
            "lines": lines,
            "revoked": sum(1 for c in lines if c.is_revoked),
            "page_url": request.build_absolute_uri(request.path),
        },
    )


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision's PDF as the awards app renders it (Decree 30/2020 layout), cached: a
    PDF takes WeasyPrint about a second, and a public link may be opened many times."""
    found = selectors.public_decision(pk)
    key = f"honors:decision-pdf:{found.pk}:{found.number}:{found.date}"
    content: Any = cache.get(key)
    if content is None:
        try:
            content = pdf.decision_pdf(found)
        except pdf.PdfUnavailable as error:
            return render(
                request,
                "honors/public/pdf_unavailable.html",
                {"decision": found, "error": str(error)},
                status=503,
            )
        cache.set(key, content, PDF_CACHE_SECONDS)
    name = f"QD-{found.number}-{found.year}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
