"""Read endpoints of the honor board and of the published commendation decisions, mounted
under /api/v1/honors/.

They serve what the public pages show, so they need no token (``auth=None``): published
profiles only (with their commendations read live from the registry and the accepted
replications, grouped by district) and issued commendation decisions only (awardees as the
decision prints them, revoked ones marked).  Drafts answer 404 like unknown ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from thidua.api.params import Offset, limit
from thidua.api.schemas import ErrorOut, ValidationErrorOut
from thidua.awards.models import Commendation, Decision
from thidua.honors import selectors
from thidua.honors.models import Photo, Profile, Sector, SubjectKind

router = Router(auth=None, tags=["honors"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
READ_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}
Limit = limit(DEFAULT_LIMIT, MAX_LIMIT)
SubjectFilter = Query(None, description="collective or individual")
CampaignFilter = Query(None, description="Only models of this campaign (id).")
FieldFilter = Query(None, description="Only models of this field.")
SearchFilter = Query("", max_length=200, description="Words to find, diacritics ignored.")
YearFilter = Query(None, ge=1945, le=2100, description="Only decisions of this year.")
AuthorityFilter = Query("", max_length=32, description="Issuing unit's code.")
DecisionSearch = Query("", max_length=200, description="Number, title or awardee's name.")


class ProfileOut(Schema):
    slug: str
    url: str
    title: str
    subject: SubjectKind
    subject_name: str
    unit_code: str | None
    person_code: str | None
    field: Sector
    summary: str
    campaign_id: int | None
    published_at: dt.datetime | None
    commendation_count: int
    replication_count: int


class ProfilePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProfileOut]


class HonorCommendationOut(Schema):
    award_code: str
    award_name: str
    year: int
    decision_id: int | None
    decision_number: str
    decision_date: dt.date | None
    issued_by: str


class PhotoOut(Schema):
    caption: str
    credit: str
    width: int
    height: int
    small: str
    medium: str
    large: str


class ReplicationOut(Schema):
    unit_code: str
    unit_name: str
    date: dt.date
    action: str
    result: str


class SpreadGroupOut(Schema):
    district: str
    units: list[ReplicationOut]


class ProfileDetailOut(ProfileOut):
    story_html: str
    photos: list[PhotoOut]
    commendations: list[HonorCommendationOut]
    spread: list[SpreadGroupOut]


class HonorDecisionOut(Schema):
    id: int
    url: str
    number: str
    year: int
    date: dt.date | None
    authority_code: str
    authority: str
    title: str
    signer_title: str
    signer_name: str
    awardee_count: int


class HonorDecisionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[HonorDecisionOut]


class HonorAwardeeOut(Schema):
    name: str
    unit: str
    subject: str
    award_code: str
    award_name: str
    revoked: bool
    revoking_decision_number: str


class HonorDecisionDetailOut(HonorDecisionOut):
    pdf_url: str
    awardees: list[HonorAwardeeOut]


def _profile_out(p: Profile) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "url": p.get_absolute_url(),
        "title": p.title,
        "subject": p.subject,
        "subject_name": p.subject_name,
        "unit_code": p.unit.code if p.unit is not None else None,
        "person_code": p.person.code if p.person is not None else None,
        "field": p.sector,
        "summary": p.summary,
        "campaign_id": p.campaign_id,
        "published_at": p.published_at,
        "commendation_count": getattr(p, "commendations", 0),
        "replication_count": getattr(p, "spread", 0),
    }


def _commendation_out(c: Commendation) -> dict[str, Any]:
    decision = c.decision
    public = decision is not None and decision.state == "issued" and not decision.revokes
    return {
        "award_code": c.award.code,
        "award_name": c.award.name_vi,
        "year": c.year,
        "decision_id": c.decision_id if public else None,
        "decision_number": c.decision_number,
        "decision_date": c.decision_date,
        "issued_by": c.decision_authority,
    }


def _photo_out(ph: Photo) -> dict[str, Any]:
    return {
        "caption": ph.caption,
        "credit": ph.credit,
        "width": ph.width,
        "height": ph.height,
        "small": ph.url_small,
        "medium": ph.url_medium,
        "large": ph.url_large,
    }


@router.get(
    "/honors/profiles",
    response={200: ProfilePage, **READ_ERRORS},
    summary="Published exemplary models",
)
def profile_list(
    request: HttpRequest,
    subject: SubjectKind | None = SubjectFilter,
    campaign: int | None = CampaignFilter,
    field: Sector | None = FieldFilter,
    search: str = SearchFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """The public honor board, newest first (no token needed)."""
    qs = selectors.board(subject=subject or "", campaign=campaign, sector=field or "", q=search)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_profile_out(p) for p in qs[offset : offset + limit]],
    }


@router.get(
    "/honors/profiles/{slug}",
    response={200: ProfileDetailOut, **READ_ERRORS},
    summary="One published exemplary model, with its commendations and where it spread",
)
def profile_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = selectors.board().filter(slug=slug).first()
    if found is None:
        raise Http404
    spread = selectors.spread_of(found)
    return {
        **_profile_out(found),
        "story_html": found.story,
        "photos": [_photo_out(ph) for ph in selectors.photos_of(found)],
        "commendations": [_commendation_out(c) for c in selectors.commendations_of(found)],
        "spread": [
            {
                "district": g.label,
                "units": [
                    {
                        "unit_code": r.unit.code,
                        "unit_name": r.unit.name,
                        "date": r.date,
                        "action": r.action,
                        "result": r.result,
                    }
                    for r in g.items
                ],
            }
            for g in spread.groups
        ],
    }


def _decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "url": reverse("honors:decision", args=[d.pk]),
        "number": d.reference,
        "year": d.year,
        "date": d.date,
        "authority_code": d.authority_unit.code,
        "authority": d.authority_name,
        "title": d.title,
        "signer_title": d.signer_title,
        "signer_name": d.signer_name,
        "awardee_count": getattr(d, "awardee_count", 0),
    }


@router.get(
    "/honors/decisions",
    response={200: HonorDecisionPage, **READ_ERRORS},
    summary="Issued commendation decisions",
)
def decision_list(
    request: HttpRequest,
    year: int | None = YearFilter,
    authority: str = AuthorityFilter,
    search: str = DecisionSearch,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Issued commendation decisions, newest first (drafts never; no token needed)."""
    qs = selectors.decision_list(year=year, authority=authority, q=search)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_decision_out(d) for d in qs[offset : offset + limit]],
    }


@router.get(
    "/honors/decisions/{decision_id}",
    response={200: HonorDecisionDetailOut, **READ_ERRORS},
    summary="One issued commendation decision, with its awardees",
)
def decision_detail(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    found = selectors.public_decision(decision_id)
    lines = selectors.decision_awardees(found)
    awardees = []
    for c in lines:
        if c.person is not None:
            name, unit = c.person.full_name, getattr(c.person.unit, "name", "")
        elif c.household_name:
            name, unit = c.household_name, getattr(c.unit, "name", "")
        else:
            name, unit = getattr(c.unit, "name", ""), ""
        awardees.append(
            {
                "name": name,
                "unit": unit,
                "subject": c.subject,
                "award_code": c.award.code,
                "award_name": c.award.name_vi,
                "revoked": c.is_revoked,
                "revoking_decision_number": c.revoking_decision_number if c.is_revoked else "",
            }
        )
    found.awardee_count = len(lines)  # type: ignore[attr-defined]
    return {
        **_decision_out(found),
        "pdf_url": reverse("honors:decision_pdf", args=[found.pk]),
        "awardees": awardees,
    }
