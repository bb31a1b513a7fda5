"""Campaign endpoints of the REST API (mounted under /api/v1/ by ``thidua/api/api.py``).

Scoped exactly like the pages: every object is fetched through ``selectors.access_*`` (or a
scoped queryset), so an object outside the caller's scope answers 404, the same as one that
does not exist.  Every write goes through ``thidua.campaigns.services``: an insider without
the right gets 403, a refused change 422 with the service's (Vietnamese) message.  Lists make a
constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.api.errors import ApiError, ErrorCode
from thidua.api.params import Offset, limit
from thidua.api.schemas import ErrorOut, UnitRef, ValidationErrorOut
from thidua.campaigns import scoring, selectors, services
from thidua.campaigns.models import (
    Campaign,
    CampaignState,
    CriteriaSet,
    Direction,
    KeyWork,
    Milestone,
    ProgressUpdate,
    Registration,
    RegistrationState,
    Target,
    TargetKind,
)
from thidua.org.models import Unit
from thidua.org.selectors import units_visible_to

router = Router(tags=["campaigns"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}

Limit = limit(DEFAULT_LIMIT, MAX_LIMIT)
StateFilter = Query(None, description="Only campaigns in this state.")
YearFilter = Query(None, ge=1945, le=2100, description="Only campaigns that started this year.")
RegistrationStateFilter = Query(None, description="Only registrations in this state.")
OnFilter = Query(None, description="Standing on this day (default today).")


# -- shapes ----------------------------------------------------------------------------------


class Thresholds(Schema):
    htxs: Decimal
    htt: Decimal
    ht: Decimal


class CampaignOut(Schema):
    id: int
    code: str
    name: str
    form: str
    state: str
    state_label: str
    issuing_unit: UnitRef
    document_number: str
    document_date: dt.date | None
    start_date: dt.date | None
    deadline: dt.date | None
    registration_deadline: dt.date | None


class CampaignDetailOut(CampaignOut):
    document_signer: str
    purpose: str
    requirements: str
    contents: str
    occasions: str
    min_key_works: int
    max_key_works: int
    thresholds: Thresholds
    movements: list[str]
    launched_at: dt.datetime | None
    participants_count: int
    registrations_count: int
    approved_count: int


class CampaignPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CampaignOut]


class RegistrationOut(Schema):
    id: int
    campaign_id: int
    unit: UnitRef
    state: str
    state_label: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    returned_reason: str


class RegistrationRow(RegistrationOut):
    target_count: int
    key_work_count: int
    pledge_count: int
    last_report_at: dt.datetime | None


class RegistrationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RegistrationRow]


class TargetOut(Schema):
    id: int
    kind: str
    name: str
    indicator: str
    measure: str
    baseline: Decimal | None
    target_value: Decimal
    direction: str
    weight: Decimal
    due_date: dt.date | None
    public: bool
    standard: str | None = None
    counted_under: str | None = None
    current: float | None = None
    of_total: int | None = None
    attainment: float | None = None
    at_risk: bool | None = None


class MilestoneOut(Schema):
    id: int
    name: str
    due_date: dt.date | None


class KeyWorkOut(Schema):
    id: int
    name: str
    description: str
    place: str
    cost: Decimal | None
    people_money: Decimal | None
    people_labour_days: Decimal | None
    weight: Decimal
    due_date: dt.date | None
    public: bool
    milestones: list[MilestoneOut]
    percent: float | None = None
    attainment: float | None = None
    at_risk: bool | None = None


class PledgeOut(Schema):
    id: int
    award_code: str
    award_label: str
    person: str | None
    person_name: str | None
    collective: str | None
    collective_name: str | None


class CampaignRef(Schema):
    id: int
    code: str
    name: str
    state: str


class RegistrationDetailOut(RegistrationOut):
    campaign: CampaignRef
    self_assessment: str
    attainment: float | None
    targets: list[TargetOut]
    key_works: list[KeyWorkOut]
    pledges: list[PledgeOut]


class TargetIn(Schema):
    name: str = Field(..., min_length=1, max_length=500)
    target_value: Decimal
    kind: TargetKind = TargetKind.VALUE
    indicator: str = Field("", max_length=255)
    measure: str = Field("", max_length=40)
    baseline: Decimal | None = None
    direction: Direction = Direction.MORE_IS_BETTER
    weight: Decimal = Decimal(1)
    due_date: dt.date | None = None
    public: bool = False
    standard_id: int | None = Field(None, description="Criteria set (standard-count targets).")
    counted_under: str | None = Field(None, description="Unit code whose subtree is counted.")


class MilestoneIn(Schema):
    name: str = Field(..., min_length=1, max_length=255)
    due_date: dt.date | None = None


class KeyWorkIn(Schema):
    name: str = Field(..., min_length=1, max_length=500)
    description: str = ""
    place: str = Field("", max_length=255)
    cost: Decimal | None = None
    people_money: Decimal | None = None
    people_labour_days: Decimal | None = None
    weight: Decimal = Decimal(1)
    due_date: dt.date | None = None
    public: bool = False
    milestones: list[MilestoneIn] = []


class RegistrationIn(Schema):
    unit: str = Field(..., max_length=32, description="Code of the registering unit.")
    self_assessment: str = ""


class ReturnIn(Schema):
    reason: str = Field(..., max_length=5000)


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str
    thumbnail_url: str | None


class ProgressOut(Schema):
    id: int
    as_of: dt.date
    value: Decimal | None
    percent: Decimal | None
    milestone: str | None
    note: str
    reported_by: str | None
    reported_at: dt.datetime
    evidence: list[EvidenceOut]


class ProgressPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProgressOut]


class RollupUnitOut(Schema):
    unit: UnitRef
    registration_id: int | None
    attainment: float | None


class RollupOut(Schema):
    on: dt.date
    overall: float | None
    participants: int
    registered: int
    units: list[RollupUnitOut]


# -- helpers ---------------------------------------------------------------------------------


def _call[T](fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a service; an insider without the right gets 403 (validation errors are turned
    into 422 by the API's handler)."""
    try:
        return fn(**kwargs)
    except PermissionDenied as exc:
        message = str(exc) or _("You may not do this.")
        raise ApiError(403, message, ErrorCode.PERMISSION_DENIED) from None


def _not_found(message: str, pk: int) -> ApiError:
    return ApiError(404, message % {"id": pk}, ErrorCode.NOT_FOUND)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    try:
        return selectors.access_campaign(request.user, pk)
    except Http404:
        raise _not_found(_("There is no campaign with id %(id)s that you may see."), pk) from None


def _registration(request: HttpRequest, pk: int) -> Registration:
    try:
        return selectors.access_registration(request.user, pk)
    except Http404:
        raise _not_found(
            _("There is no registration with id %(id)s that you may see."), pk
        ) from None


def _target(request: HttpRequest, pk: int) -> Target:
    target = Target.objects.filter(pk=pk).values_list("registration_id", flat=True).first()
    if target is None:
        raise _not_found(_("There is no target with id %(id)s that you may see."), pk)
    try:
        registration = selectors.access_registration(request.user, target)
    except Http404:
        raise _not_found(_("There is no target with id %(id)s that you may see."), pk) from None
    found = Target.objects.get(pk=pk)
    found.registration = registration
    return found


def _key_work(request: HttpRequest, pk: int) -> KeyWork:
    work = KeyWork.objects.filter(pk=pk).values_list("registration_id", flat=True).first()
    if work is None:
        raise _not_found(_("There is no key work with id %(id)s that you may see."), pk)
    try:
        registration = selectors.access_registration(request.user, work)
    except Http404:
        raise _not_found(_("There is no key work with id %(id)s that you may see."), pk) from None
    found = KeyWork.objects.get(pk=pk)
    found.registration = registration
    return found


def _unit_ref(unit: Unit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name}


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "form": c.form,
        "state": c.state,
        "state_label": str(c.get_state_display()),
        "issuing_unit": _unit_ref(c.issuing_unit),
        "document_number": c.document_number,
        "document_date": c.document_date,
        "start_date": c.start_date,
        "deadline": c.deadline,
        "registration_deadline": c.registration_deadline,
    }


def _registration_out(r: Registration) -> dict[str, Any]:
    return {
        "id": r.pk,
        "campaign_id": r.campaign_id,
        "unit": _unit_ref(r.unit),
        "state": r.state,
        "state_label": str(r.get_state_display()),
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at,
        "returned_reason": r.returned_reason,
    }


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _progress_out(u: ProgressUpdate) -> dict[str, Any]:
    return {
        "id": u.pk,
        "as_of": u.as_of,
        "value": u.value,
        "percent": u.percent,
        "milestone": u.milestone.name if u.milestone else None,
        "note": u.note,
        "reported_by": u.reported_by.get_username() if u.reported_by else None,
        "reported_at": u.reported_at,
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "url": e.file.url,
                "thumbnail_url": e.thumbnail.url if e.thumbnail else None,
            }
            for e in u.evidence.all()
        ],
    }


def _fresh(pk: int) -> ProgressUpdate:
    return ProgressUpdate.objects.select_related("milestone", "reported_by").get(pk=pk)


def _progress_page(qs: Any, limit: int, offset: int) -> dict[str, Any]:
    qs = qs.select_related("milestone", "reported_by").prefetch_related("evidence")
    count = qs.count()
    items = list(qs.order_by("-as_of", "-id")[offset : offset + limit])
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_progress_out(u) for u in items],
    }


# -- campaigns -------------------------------------------------------------------------------


@router.get("/campaigns", response={200: CampaignPage, **READ_ERRORS}, summary="List campaigns")
def campaign_list(
    request: HttpRequest,
    state: CampaignState | None = StateFilter,
    year: int | None = YearFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Campaigns the caller may see, newest first."""
    qs = selectors.campaigns_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(start_date__year=year)
    count = qs.count()
    items = list(qs.order_by("-start_date", "-id")[offset : offset + limit])
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_campaign_out(c) for c in items],
    }


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignDetailOut, **READ_ERRORS},
    summary="One campaign, with its thresholds and counts",
)
def campaign_detail(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    c = _campaign(request, campaign_id)
    registrations = selectors.registrations_for(request.user, c)
    return {
        **_campaign_out(c),
        "document_signer": c.document_signer,
        "purpose": c.purpose,
        "requirements": c.requirements,
        "contents": c.contents,
        "occasions": c.occasions,
        "min_key_works": c.min_key_works,
        "max_key_works": c.max_key_works,
        "thresholds": {"htxs": c.threshold_htxs, "htt": c.threshold_htt, "ht": c.threshold_ht},
        "movements": [m.name for m in c.movements.all()],
        "launched_at": c.launched_at,
        "participants_count": len(selectors.participant_unit_ids(c)),
        "registrations_count": registrations.count(),
        "approved_count": registrations.filter(state=RegistrationState.APPROVED).count(),
    }


@router.get(
    "/campaigns/{campaign_id}/registrations",
    response={200: RegistrationPage, **READ_ERRORS},
    summary="Registrations of a campaign",
)
def registration_list(
    request: HttpRequest,
    campaign_id: int,
    state: RegistrationState | None = RegistrationStateFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """All registrations for the campaign's managers; those of units in scope otherwise."""
    c = _campaign(request, campaign_id)
    qs = selectors.registrations_for(request.user, c)
    if state:
        qs = qs.filter(state=state)
    count = qs.count()
    items = list(qs[offset : offset + limit])
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [
            {
                **_registration_out(r),
                "target_count": r.target_count,  # type: ignore[attr-defined]
                "key_work_count": r.key_work_count,  # type: ignore[attr-defined]
                "pledge_count": r.pledge_count,  # type: ignore[attr-defined]
                "last_report_at": _latest(
                    r.last_target_report,  # type: ignore[attr-defined]
                    r.last_key_work_report,  # type: ignore[attr-defined]
                ),
            }
            for r in items
        ],
    }


@router.post(
    "/campaigns/{campaign_id}/registrations",
    response={201: RegistrationDetailOut, **WRITE_ERRORS},
    summary="Register a unit for a campaign",
)
def registration_create(request: HttpRequest, campaign_id: int, payload: RegistrationIn) -> Status:
    """A draft registration of a unit in the caller's scope (by the unit's own officers)."""
    c = _campaign(request, campaign_id)
    unit = units_visible_to(request.user).filter(code=payload.unit).first()
    if unit is None:
        raise ApiError(
            404,
            _("There is no unit with code %(code)s that you may see.") % {"code": payload.unit},
            ErrorCode.NOT_FOUND,
        )
    registration = _call(
        services.registration_create,
        actor=request.user,
        campaign=c,
        unit=unit,
        self_assessment=payload.self_assessment,
    )
    return Status(201, _registration_detail(request, registration.pk))


@router.get(
    "/campaigns/{campaign_id}/rollup",
    response={200: RollupOut, **READ_ERRORS},
    summary="Attainment of the campaign and of each unit",
)
def campaign_rollup(
    request: HttpRequest,
    campaign_id: int,
    on: dt.date | None = OnFilter,
) -> dict[str, Any]:
    """Overall attainment (mean over the participating units in view; a unit without an
    approved registration counts 0) and each unit's weighted attainment."""
    c = _campaign(request, campaign_id)
    rollup = selectors.campaign_rollup(c, user=request.user, on=on)
    units = Unit.objects.filter(pk__in=list(rollup.participants)).order_by("path")
    rows = []
    for unit in units:
        result = rollup.units.get(unit.pk)
        rows.append(
            {
                "unit": _unit_ref(unit),
                "registration_id": result.registration_id if result else None,
                "attainment": result.attainment if result else None,
            }
        )
    return {
        "on": rollup.on,
        "overall": rollup.overall,
        "participants": len(rollup.participants),
        "registered": rollup.registered,
        "units": rows,
    }


# -- registrations ---------------------------------------------------------------------------


def _registration_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    registration = _registration(request, pk)
    history = selectors.registration_progress(registration)
    standing = {(h.item.kind, h.item.pk): h for h in history}
    targets = registration.targets.select_related("criteria_set", "scope_unit").order_by(
        "position", "id"
    )
    works = registration.key_works.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id"))
    ).order_by("position", "id")
    pledges = registration.pledges.select_related("person", "collective").order_by("id")
    target_rows = []
    for t in targets:
        h = standing.get(("target", t.pk))
        target_rows.append(
            {
                "id": t.pk,
                "kind": t.kind,
                "name": t.name,
                "indicator": t.indicator,
                "measure": t.measure,
                "baseline": t.baseline,
                "target_value": t.target_value,
                "direction": t.direction,
                "weight": t.weight,
                "due_date": t.due_date,
                "public": t.public,
                "standard": str(t.criteria_set) if t.criteria_set else None,
                "counted_under": t.scope_unit.code if t.scope_unit else None,
                "current": h.item.current if h else None,
                "of_total": h.item.of_total if h else None,
                "attainment": h.item.raw if h else None,
                "at_risk": h.at_risk if h else None,
            }
        )
    work_rows = []
    for w in works:
        h = standing.get(("key_work", w.pk))
        work_rows.append(
            {
                "id": w.pk,
                "name": w.name,
                "description": w.description,
                "place": w.place,
                "cost": w.cost,
                "people_money": w.people_money,
                "people_labour_days": w.people_labour_days,
                "weight": w.weight,
                "due_date": w.due_date,
                "public": w.public,
                "milestones": [
                    {"id": m.pk, "name": m.name, "due_date": m.due_date} for m in w.milestones.all()
                ],
                "percent": h.item.current if h else None,
                "attainment": h.item.raw if h else None,
                "at_risk": h.at_risk if h else None,
            }
        )
    items = [h.item for h in history]
    return {
        **_registration_out(registration),
        "campaign": {
            "id": registration.campaign.pk,
            "code": registration.campaign.code,
            "name": registration.campaign.name,
            "state": registration.campaign.state,
        },
        "self_assessment": registration.self_assessment,
        "attainment": scoring.rollup((i.weight, i.raw) for i in items),
        "targets": target_rows,
        "key_works": work_rows,
        "pledges": [
            {
                "id": p.pk,
                "award_code": p.award_code,
                "award_label": str(p.get_award_code_display()),
                "person": p.person.code if p.person else None,
                "person_name": p.person.full_name if p.person else None,
                "collective": p.collective.code if p.collective else None,
                "collective_name": p.collective.name if p.collective else None,
            }
            for p in pledges
        ],
    }


@router.get(
    "/registrations/{registration_id}",
    response={200: RegistrationDetailOut, **READ_ERRORS},
    summary="One registration: targets, key works and pledges, with their standing today",
)
def registration_detail(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    return _registration_detail(request, registration_id)


@router.post(
    "/registrations/{registration_id}/targets",
    response={201: TargetOut, **WRITE_ERRORS},
    summary="Add a target to a draft or returned registration",
)
def target_add(request: HttpRequest, registration_id: int, payload: TargetIn) -> Status:
    registration = _registration(request, registration_id)
    criteria_set = None
    scope_unit = None
    if payload.standard_id is not None:
        criteria_set = CriteriaSet.objects.filter(pk=payload.standard_id).first()
        if criteria_set is None:
            raise _not_found(
                _("There is no standard with id %(id)s that you may see."), payload.standard_id
            )
    if payload.counted_under:
        scope_unit = units_visible_to(request.user).filter(code=payload.counted_under).first()
        if scope_unit is None:
            raise ApiError(
                404,
                _("There is no unit with code %(code)s that you may see.")
                % {"code": payload.counted_under},
                ErrorCode.NOT_FOUND,
            )
    target = _call(
        services.target_add,
        actor=request.user,
        registration=registration,
        name=payload.name,
        target_value=payload.target_value,
        kind=payload.kind,
        indicator=payload.indicator,
        measure=payload.measure,
        baseline=payload.baseline,
        direction=payload.direction,
        weight=payload.weight,
        due_date=payload.due_date,
        public=payload.public,
        criteria_set=criteria_set,
        scope_unit=scope_unit,
    )
    return Status(
        201,
        {
            "id": target.pk,
            "kind": target.kind,
            "name": target.name,
            "indicator": target.indicator,
            "measure": target.measure,
            "baseline": target.baseline,
            "target_value": target.target_value,
            "direction": target.direction,
            "weight": target.weight,
            "due_date": target.due_date,
            "public": target.public,
            "standard": str(criteria_set) if criteria_set else None,
            "counted_under": scope_unit.code if scope_unit else None,
        },
    )


@router.post(
    "/registrations/{registration_id}/key-works",
    response={201: KeyWorkOut, **WRITE_ERRORS},
    summary="Add a key work (with its milestones) to a draft or returned registration",
)
def key_work_add(request: HttpRequest, registration_id: int, payload: KeyWorkIn) -> Status:
    registration = _registration(request, registration_id)
    work = _call(
        services.key_work_add,
        actor=request.user,
        registration=registration,
        name=payload.name,
        description=payload.description,
        place=payload.place,
        cost=payload.cost,
        people_money=payload.people_money,
        people_labour_days=payload.people_labour_days,
        weight=payload.weight,
        due_date=payload.due_date,
        public=payload.public,
        milestones=[(m.name, m.due_date) for m in payload.milestones],
    )
    return Status(
        201,
        {
            "id": work.pk,
            "name": work.name,
            "description": work.description,
            "place": work.place,
            "cost": work.cost,
            "people_money": work.people_money,
            "people_labour_days": work.people_labour_days,
            "weight": work.weight,
            "due_date": work.due_date,
            "public": work.public,
            "milestones": [
                {"id": m.pk, "name": m.name, "due_date": m.due_date}
                for m in work.milestones.order_by("position", "id")
            ],
        },
    )


@router.post(
    "/registrations/{registration_id}/submit",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Submit a registration for approval",
)
def registration_submit(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    registration = _registration(request, registration_id)
    done = _call(services.registration_submit, actor=request.user, registration=registration)
    return _registration_out(done)


@router.post(
    "/registrations/{registration_id}/approve",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Approve a submitted registration",
)
def registration_approve(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    registration = _registration(request, registration_id)
    done = _call(services.registration_approve, actor=request.user, registration=registration)
    return _registration_out(done)


@router.post(
    "/registrations/{registration_id}/return",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Return a submitted registration, with the reason",
)
def registration_return(
    request: HttpRequest, registration_id: int, payload: ReturnIn
) -> dict[str, Any]:
    registration = _registration(request, registration_id)
    done = _call(
        services.registration_return,
        actor=request.user,
        registration=registration,
        reason=payload.reason,
    )
    return _registration_out(done)


# -- progress --------------------------------------------------------------------------------


@router.get(
    "/targets/{target_id}/progress",
    response={200: ProgressPage, **READ_ERRORS},
    summary="Progress reports on a target, newest first",
)
def target_progress(
    request: HttpRequest, target_id: int, limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    target = _target(request, target_id)
    return _progress_page(ProgressUpdate.objects.filter(target=target), limit, offset)


@router.post(
    "/targets/{target_id}/progress",
    response={201: ProgressOut, **WRITE_ERRORS},
    summary="Report the value reached on a target (multipart, with evidence files)",
)
def target_progress_report(
    request: HttpRequest,
    target_id: int,
    value: Form[Decimal],
    as_of: Form[dt.date | None] = None,
    note: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    target = _target(request, target_id)
    update = _call(
        services.progress_report,
        actor=request.user,
        target=target,
        value=value,
        as_of=as_of,
        note=note,
        uploads=list(evidence or []),
    )
    return Status(201, _progress_out(_fresh(update.pk)))


@router.get(
    "/key-works/{key_work_id}/progress",
    response={200: ProgressPage, **READ_ERRORS},
    summary="Progress reports on a key work, newest first",
)
def key_work_progress(
    request: HttpRequest, key_work_id: int, limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    work = _key_work(request, key_work_id)
    return _progress_page(ProgressUpdate.objects.filter(key_work=work), limit, offset)


@router.post(
    "/key-works/{key_work_id}/progress",
    response={201: ProgressOut, **WRITE_ERRORS},
    summary="Report the percentage done and/or a milestone reached (multipart, with evidence)",
)
def key_work_progress_report(
    request: HttpRequest,
    key_work_id: int,
    percent: Form[Decimal | None] = None,
    milestone: Form[int | None] = None,
    as_of: Form[dt.date | None] = None,
    note: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    work = _key_work(request, key_work_id)
    reached = None
    if milestone is not None:
        reached = Milestone.objects.filter(pk=milestone, key_work=work).first()
        if reached is None:
            raise ApiError(
                422,
                _("Milestone %(id)s is not a milestone of “%(name)s”.")
                % {"id": milestone, "name": work.name},
                ErrorCode.INVALID,
            )
    update = _call(
        services.progress_report,
        actor=request.user,
        key_work=work,
        percent=percent,
        milestone=reached,
        as_of=as_of,
        note=note,
        uploads=list(evidence or []),
    )
    return Status(201, _progress_out(_fresh(update.pk)))
