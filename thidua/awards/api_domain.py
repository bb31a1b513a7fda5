"""Commendation endpoints of the REST API (mounted under /api/v1/ by ``thidua/api/api.py``).

Scoped exactly like the pages: every object is read through ``awards.selectors`` (or the org
selectors for people and units), so an object outside the caller's scope answers 404, the
same as one that does not exist.  Every write goes through ``awards.services``: an insider
without the right gets 403, a refused change 422 with the service's Vietnamese message.
Council results are sealed until the ballot round is counted or the session closed (409).
Lists make a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.api.auth import DEFAULT_AUTH
from thidua.api.errors import ApiError, ErrorCode
from thidua.api.params import Offset, limit
from thidua.api.schemas import ErrorOut, UnitRef, ValidationErrorOut
from thidua.awards import selectors, services
from thidua.awards.models import (
    AgendaItem,
    Award,
    Commendation,
    Decision,
    DecisionState,
    Nomination,
    NominationState,
    Subject,
)
from thidua.awards.rules import Settings, rule_set_for
from thidua.core.text import fold
from thidua.org.models import Person, Unit
from thidua.org.selectors import people_visible_to, units_visible_to

router = Router(auth=DEFAULT_AUTH, tags=["commendation"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}

Limit = limit(DEFAULT_LIMIT, MAX_LIMIT)
YearFilter = Query(None, ge=1945, le=2100, description="Only this year.")
AwardFilter = Query(None, max_length=16, description="Only this award (code, e.g. CSTD_BT).")
OnFilter = Query(None, description="Day (YYYY-MM-DD); default today.")
SubjectFilter = Query(None, description="Only awards for this kind of subject.")
NominationStateFilter = Query(None, description="Only nominations in this state.")
UnitFilter = Query(None, max_length=32, description="Only nominations proposed under this unit.")
DecisionStateFilter = Query(None, description="Only decisions in this state.")
Search = Query("", max_length=100, description="Name or code; diacritics are ignored.")
RevokedFilter = Query(None, description="Only revoked (true) or in force (false).")


class SealedError(ApiError):
    """Council results asked for before the round is counted."""


# -- shapes ----------------------------------------------------------------------------------


class AwardOut(Schema):
    code: str
    kind: str
    name_vi: str
    name_en: str
    subjects: list[str]
    authority_vi: str
    legal_basis: str
    basis_confirmed: bool
    summary_vi: str
    rule_set: str
    ballot_threshold: str | None = Field(
        None, description="Agree votes needed, as a share of the WHOLE council (e.g. 9/10)."
    )
    ballot_threshold_from_settings: bool
    cash_multiples: dict[str, Decimal]
    cash_vnd: dict[str, int | None]
    effective_from: dt.date | None
    effective_to: dt.date | None


class CatalogOut(Schema):
    on: dt.date
    rule_set: str
    base_salary_vnd: int
    items: list[AwardOut]


class RatingOut(Schema):
    year: int
    rating: str
    rating_label: str
    source: str


class CommendationOut(Schema):
    id: int
    award: str
    award_name: str
    kind: str
    year: int
    subject: str
    person: str | None
    person_name: str | None
    unit: str | None
    unit_name: str | None
    household_name: str
    source: str
    decision_id: int | None
    decision_number: str
    decision_date: dt.date | None
    decision_authority: str
    cash_vnd: int | None
    revoked: bool
    revocation_reason: str


class DisciplineOut(Schema):
    level: str
    level_label: str
    start: dt.date
    end: dt.date | None
    decision_number: str


class InitiativeOut(Schema):
    id: int
    title: str
    level: str
    level_label: str
    kind: str
    year: int
    decision_number: str
    used: bool


class RecordOut(Schema):
    code: str
    name: str
    unit: UnitRef | None
    ratings: list[RatingOut]
    titles: list[CommendationOut]
    commendations: list[CommendationOut]
    discipline: list[DisciplineOut]
    initiatives: list[InitiativeOut]


class NominationOut(Schema):
    id: int
    award: str
    award_name: str
    year: int
    subject: str
    person: str | None
    person_name: str | None
    unit: str | None
    unit_name: str | None
    household_name: str
    proposing_unit: UnitRef
    awarding_unit: UnitRef
    source: str
    state: str
    state_label: str
    eligible: bool | None
    council_passed: bool | None
    outcome: str
    decision_id: int | None
    submitted_at: dt.datetime | None
    checked_at: dt.datetime | None


class NominationFileOut(Schema):
    kind: str
    name: str


class NominationDetailOut(NominationOut):
    achievements: str
    simplified: bool
    return_reason: str
    verdict: dict[str, Any] | None
    verdict_rule_set: str
    verdict_catalog_version: str
    files: list[NominationFileOut]


class NominationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NominationOut]


class NominationIn(Schema):
    subject: Subject = Subject.INDIVIDUAL
    award: str = Field(..., min_length=1, max_length=16, description="Award code, e.g. LDTT.")
    year: int = Field(..., ge=1945, le=2100)
    proposing_unit: str = Field(..., max_length=32, description="Code of the proposing unit.")
    person: str | None = Field(None, max_length=32, description="Person code (individuals).")
    unit: str | None = Field(None, max_length=32, description="Unit code (collectives).")
    household_name: str = Field("", max_length=255)
    awarding_unit: str | None = Field(None, max_length=32, description="Default: the province.")
    achievements: str = Field("", max_length=20000)
    simplified: bool = False


class NominationReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class ResultOut(Schema):
    nomination_id: int
    award: str
    subject_label: str
    round: int
    yes: int | None
    no: int | None
    abstain: int | None
    threshold: Decimal | None
    passed: bool | None


class SessionResultsOut(Schema):
    session_id: int
    council: str
    date: dt.date
    state: str
    round: int
    members_total: int
    members_present: int
    items: list[ResultOut]


class DecisionOut(Schema):
    id: int
    reference: str
    number: int | None
    symbol: str
    year: int
    date: dt.date | None
    state: str
    state_label: str
    authority: UnitRef
    authority_name: str
    title: str
    signer_name: str
    signer_title: str


class DecisionDetailOut(DecisionOut):
    place: str
    parent_authority: str
    bases: list[str]
    recipients: list[str]
    awardees: list[CommendationOut]
    nominations: list[NominationOut]


class DecisionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DecisionOut]


class RegistryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CommendationOut]


# -- helpers ---------------------------------------------------------------------------------


def _call[T](fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a service; an insider without the right gets 403 (validation errors become 422
    through the API's handler)."""
    try:
        return fn(**kwargs)
    except PermissionDenied as exc:
        message = str(exc) or _("You may not do this.")
        raise ApiError(403, message, ErrorCode.PERMISSION_DENIED) from None


def _page(qs: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return qs.count(), list(qs[offset : offset + limit])


def _unit_ref(unit: Unit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name}


def _visible_unit(request: HttpRequest, code: str) -> Unit:
    unit = units_visible_to(request.user).filter(code=code).first()
    if unit is None:
        raise ApiError(
            404,
            _("There is no unit with code %(code)s that you may see.") % {"code": code},
            ErrorCode.NOT_FOUND,
        )
    return unit


def _visible_person(request: HttpRequest, code: str) -> Person:
    person = people_visible_to(request.user).select_related("unit").filter(code=code).first()
    if person is None:
        raise ApiError(
            404,
            _("There is no person with code %(code)s that you may see.") % {"code": code},
            ErrorCode.NOT_FOUND,
        )
    return person


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    try:
        return selectors.access_nomination(request.user, pk)
    except Http404:
        raise ApiError(
            404,
            _("There is no nomination with id %(id)s that you may see.") % {"id": pk},
            ErrorCode.NOT_FOUND,
        ) from None


def _decision(request: HttpRequest, pk: int) -> Decision:
    try:
        return selectors.access_decision(request.user, pk)
    except Http404:
        raise ApiError(
            404,
            _("There is no decision with id %(id)s that you may see.") % {"id": pk},
            ErrorCode.NOT_FOUND,
        ) from None


def _fraction(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return f"{value.numerator}/{value.denominator}"


def _commendation_out(c: Commendation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "award": c.award.code,
        "award_name": c.award.name_vi,
        "kind": c.award.kind,
        "year": c.year,
        "subject": c.subject,
        "person": c.person.code if c.person_id and c.person else None,
        "person_name": c.person.full_name if c.person_id and c.person else None,
        "unit": c.unit.code if c.unit_id and c.unit else None,
        "unit_name": c.unit.name if c.unit_id and c.unit else None,
        "household_name": c.household_name,
        "source": c.source,
        "decision_id": c.decision_id,
        "decision_number": c.decision_number,
        "decision_date": c.decision_date,
        "decision_authority": c.decision_authority,
        "cash_vnd": c.cash_vnd,
        "revoked": c.revoked_at is not None,
        "revocation_reason": c.revocation_reason,
    }


def _nomination_out(n: Nomination) -> dict[str, Any]:
    return {
        "id": n.pk,
        "award": n.award.code,
        "award_name": n.award.name_vi,
        "year": n.year,
        "subject": n.subject,
        "person": n.person.code if n.person_id and n.person else None,
        "person_name": n.person.full_name if n.person_id and n.person else None,
        "unit": n.unit.code if n.unit_id and n.unit else None,
        "unit_name": n.unit.name if n.unit_id and n.unit else None,
        "household_name": n.household_name,
        "proposing_unit": _unit_ref(n.proposing_unit),
        "awarding_unit": _unit_ref(n.awarding_unit),
        "source": n.source,
        "state": n.state,
        "state_label": str(NominationState(n.state).label),
        "eligible": n.eligible,
        "council_passed": n.council_passed,
        "outcome": n.outcome,
        "decision_id": n.decision_id,
        "submitted_at": n.submitted_at,
        "checked_at": n.checked_at,
    }


def _nomination_detail(pk: int, request: HttpRequest) -> dict[str, Any]:
    nomination = _nomination(request, pk)
    return {
        **_nomination_out(nomination),
        "achievements": nomination.achievements,
        "simplified": nomination.simplified,
        "return_reason": nomination.return_reason,
        "verdict": nomination.verdict,
        "verdict_rule_set": nomination.verdict_rule_set,
        "verdict_catalog_version": nomination.verdict_catalog_version,
        "files": [{"kind": f.kind, "name": f.name} for f in nomination.files.all()],
    }


def _decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "reference": d.reference,
        "number": d.number,
        "symbol": d.symbol,
        "year": d.year,
        "date": d.date,
        "state": d.state,
        "state_label": str(DecisionState(d.state).label),
        "authority": _unit_ref(d.authority_unit),
        "authority_name": d.authority_name,
        "title": d.title,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
    }


def _record(
    code: str,
    name: str,
    unit: Unit | None,
    ratings: list[Any],
    commendations: list[Commendation],
    disciplines: list[Any],
    initiatives: list[Any],
) -> dict[str, Any]:
    rows = [_commendation_out(c) for c in commendations]
    return {
        "code": code,
        "name": name,
        "unit": _unit_ref(unit) if unit else None,
        "ratings": [
            {
                "year": r.year,
                "rating": r.rating,
                "rating_label": str(r.get_rating_display()),
                "source": r.source,
            }
            for r in ratings
        ],
        "titles": [r for r in rows if r["kind"] == "title"],
        "commendations": [r for r in rows if r["kind"] != "title"],
        "discipline": [
            {
                "level": d.level,
                "level_label": str(d.get_level_display()),
                "start": d.start,
                "end": d.end,
                "decision_number": d.decision_number,
            }
            for d in disciplines
        ],
        "initiatives": [
            {
                "id": i.pk,
                "title": i.title,
                "level": i.level,
                "level_label": str(i.get_level_display()),
                "kind": i.kind,
                "year": i.year,
                "decision_number": i.decision_number,
                "used": i.used_for_id is not None,
            }
            for i in initiatives
        ],
    }


# -- catalog ---------------------------------------------------------------------------------


@router.get(
    "/awards",
    response={200: CatalogOut, **READ_ERRORS},
    summary="The award catalog in force on a date",
)
def award_catalog(
    request: HttpRequest,
    on: dt.date | None = OnFilter,
    subject: Subject | None = SubjectFilter,
) -> dict[str, Any]:
    """Every title and commendation of the rule set in force on ``on``: legal basis, ballot
    threshold (of the caller's jurisdiction when it sets its own), cash multiples and the
    cash amounts they give with the base salary in force."""
    day = on or dt.date.today()
    rule_set = rule_set_for(day)
    user: Any = request.user
    settings = selectors.settings_for(user.unit, day) if user.unit_id else Settings()
    awards = [
        a
        for a in Award.objects.filter(rule_set=rule_set.code).order_by("code")
        if (a.effective_from is None or a.effective_from <= day)
        and (a.effective_to is None or day <= a.effective_to)
    ]
    items = []
    for award in awards:
        if subject and subject not in award.subjects:
            continue
        rule = rule_set.awards.get(award.code)
        threshold = rule.threshold(settings) if rule is not None else None
        items.append(
            {
                "code": award.code,
                "kind": award.kind,
                "name_vi": award.name_vi,
                "name_en": award.name_en,
                "subjects": list(award.subjects),
                "authority_vi": award.authority_vi,
                "legal_basis": award.legal_basis,
                "basis_confirmed": award.basis_confirmed,
                "summary_vi": award.summary_vi,
                "rule_set": award.rule_set,
                "ballot_threshold": _fraction(threshold),
                "ballot_threshold_from_settings": award.ballot_from_settings,
                "cash_multiples": {k: Decimal(str(v)) for k, v in award.cash_multiples.items()},
                "cash_vnd": {
                    s: (rule.cash_vnd(s, settings) if rule is not None else None)
                    for s in award.subjects
                },
                "effective_from": award.effective_from,
                "effective_to": award.effective_to,
            }
        )
    return {
        "on": day,
        "rule_set": rule_set.code,
        "base_salary_vnd": int(settings.base_salary_vnd),
        "items": items,
    }


# -- records ---------------------------------------------------------------------------------


@router.get(
    "/people/{code}/record",
    response={200: RecordOut, **READ_ERRORS},
    summary="A person's record: ratings, titles, commendations, discipline, initiatives",
)
def person_record(request: HttpRequest, code: str) -> dict[str, Any]:
    person = _visible_person(request, code)
    record = selectors.person_record(person)
    return _record(
        person.code,
        person.full_name,
        person.unit,
        record["ratings"],
        record["commendations"],
        record["disciplines"],
        record["initiatives"],
    )


@router.get(
    "/units/{code}/record",
    response={200: RecordOut, **READ_ERRORS},
    summary="A collective's record: ratings, titles, commendations, initiatives",
)
def unit_record(request: HttpRequest, code: str) -> dict[str, Any]:
    """The collective's own ratings and registry rows (households of the unit included), the
    initiatives recorded under it, and the discipline of the people whose unit it is."""
    from thidua.awards.models import Discipline, Initiative, TaskRating

    unit = _visible_unit(request, code)
    return _record(
        unit.code,
        unit.name,
        unit,
        list(TaskRating.objects.filter(unit=unit).order_by("year")),
        list(
            Commendation.objects.filter(unit=unit)
            .select_related("award", "unit", "decision")
            .order_by("year", "id")
        ),
        list(Discipline.objects.filter(person__unit=unit).order_by("start", "id")),
        list(Initiative.objects.filter(unit=unit).order_by("year", "id")),
    )


# -- nominations -----------------------------------------------------------------------------


@router.get(
    "/nominations",
    response={200: NominationPage, **READ_ERRORS},
    summary="List nominations",
)
def nomination_list(
    request: HttpRequest,
    state: NominationState | None = NominationStateFilter,
    year: int | None = YearFilter,
    award: str | None = AwardFilter,
    unit: str | None = UnitFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Nominations proposed inside the caller's scope or addressed to a level in it."""
    scope_unit = _visible_unit(request, unit) if unit else None
    qs = selectors.nominations_visible_to(
        request.user, state=state, year=year, award=award, unit=scope_unit
    )
    count, items = _page(qs.order_by("-year", "-id"), limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_nomination_out(n) for n in items],
    }


@router.post(
    "/nominations",
    response={201: NominationDetailOut, **WRITE_ERRORS},
    summary="Create a draft nomination",
)
def nomination_create(request: HttpRequest, payload: NominationIn) -> Any:
    """A draft by the proposing unit's own officer (403 otherwise).  The subject is a person
    code for individuals, a unit code for collectives and households."""
    proposing = _visible_unit(request, payload.proposing_unit)
    person = _visible_person(request, payload.person) if payload.person else None
    unit = _visible_unit(request, payload.unit) if payload.unit else None
    awarding = _visible_unit(request, payload.awarding_unit) if payload.awarding_unit else None
    if payload.subject == Subject.INDIVIDUAL and person is None:
        raise ValidationError(_("An individual award needs a person (and no collective)."))
    nomination = _call(
        services.nomination_create,
        actor=request.user,
        subject=payload.subject,
        award_code=payload.award,
        year=payload.year,
        proposing_unit=proposing,
        person=person,
        unit=unit,
        household_name=payload.household_name,
        awarding_unit=awarding,
        achievements=payload.achievements,
        simplified=payload.simplified,
    )
    return Status(201, _nomination_detail(nomination.pk, request))


@router.get(
    "/nominations/{int:pk}",
    response={200: NominationDetailOut, **READ_ERRORS},
    summary="One nomination, with the stored verdict of the rules",
)
def nomination_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _nomination_detail(pk, request)


@router.post(
    "/nominations/{int:pk}/submit",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Submit a nomination to the awarding level",
)
def nomination_submit(request: HttpRequest, pk: int) -> dict[str, Any]:
    nomination = _nomination(request, pk)
    _call(services.nomination_submit, actor=request.user, nomination=nomination)
    return _nomination_detail(pk, request)


@router.post(
    "/nominations/{int:pk}/return",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Return a submitted nomination as incomplete, with the reason",
)
def nomination_return(request: HttpRequest, pk: int, payload: NominationReturnIn) -> dict[str, Any]:
    nomination = _nomination(request, pk)
    _call(
        services.nomination_return,
        actor=request.user,
        nomination=nomination,
        reason=payload.reason,
    )
    return _nomination_detail(pk, request)


@router.post(
    "/nominations/{int:pk}/check",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Run the rules on the records and store the verdict",
)
def nomination_check(request: HttpRequest, pk: int) -> dict[str, Any]:
    nomination = _nomination(request, pk)
    _call(services.nomination_check, actor=request.user, nomination=nomination)
    return _nomination_detail(pk, request)


# -- council ---------------------------------------------------------------------------------


@router.get(
    "/council-sessions/{int:pk}/results",
    response={200: SessionResultsOut, 409: ErrorOut, **READ_ERRORS},
    summary="Counted results of a council session (sealed until the round is closed)",
)
def session_results(request: HttpRequest, pk: int) -> dict[str, Any]:
    """Agree / disagree / abstain per nomination and whether it reached its threshold
    (counted against the whole council).  Before the ballot round is counted the results are
    sealed: 409 with code ``sealed``."""
    try:
        session = selectors.access_session(request.user, pk)
    except Http404:
        raise ApiError(
            404,
            _("There is no council session with id %(id)s that you may see.") % {"id": pk},
            ErrorCode.NOT_FOUND,
        ) from None
    try:
        items: list[AgendaItem] = selectors.session_results(session)
    except ValidationError:
        raise ApiError(
            409,
            _(
                "The results of this session are sealed until the secretary closes the "
                "ballot round."
            ),
            "sealed",
        ) from None
    return {
        "session_id": session.pk,
        "council": session.council.name,
        "date": session.date,
        "state": session.state,
        "round": session.round,
        "members_total": session.members_total,
        "members_present": session.members_present,
        "items": [
            {
                "nomination_id": i.nomination_id,
                "award": i.nomination.award.code,
                "subject_label": i.nomination.subject_label,
                "round": i.round,
                "yes": i.yes,
                "no": i.no,
                "abstain": i.abstain,
                "threshold": i.threshold,
                "passed": i.passed,
            }
            for i in items
        ],
    }


# -- decisions -------------------------------------------------------------------------------


@router.get("/decisions", response={200: DecisionPage, **READ_ERRORS}, summary="List decisions")
def decision_list(
    request: HttpRequest,
    year: int | None = YearFilter,
    state: DecisionState | None = DecisionStateFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    qs = selectors.decisions_visible_to(request.user)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    count, items = _page(qs.order_by("-year", "-number", "-id"), limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_decision_out(d) for d in items],
    }


@router.get(
    "/decisions/{int:pk}",
    response={200: DecisionDetailOut, **READ_ERRORS},
    summary="One decision with its awardees",
)
def decision_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    decision = _decision(request, pk)
    awardees = (
        Commendation.objects.filter(decision=decision)
        .select_related("award", "person", "unit")
        .order_by("id")
    )
    nominations = (
        Nomination.objects.filter(decision=decision)
        .select_related("award", "person", "unit", "proposing_unit", "awarding_unit")
        .order_by("id")
    )
    return {
        **_decision_out(decision),
        "place": decision.place,
        "parent_authority": decision.parent_authority,
        "bases": [line for line in decision.bases.splitlines() if line.strip()],
        "recipients": [line for line in decision.recipients.splitlines() if line.strip()],
        "awardees": [_commendation_out(c) for c in awardees],
        "nominations": [_nomination_out(n) for n in nominations],
    }


# -- registry --------------------------------------------------------------------------------


@router.get(
    "/registry",
    response={200: RegistryPage, **READ_ERRORS},
    summary="The commendation registry (search ignores diacritics)",
)
def registry(
    request: HttpRequest,
    search: str = Search,
    award: str | None = AwardFilter,
    year: int | None = YearFilter,
    revoked: bool | None = RevokedFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    qs = selectors.commendations_visible_to(request.user, award=award, year=year)
    if revoked is not None:
        qs = qs.filter(revoked_at__isnull=not revoked)
    # Names are matched on their folded form (diacritics and case ignored); codes exactly.
    for raw, word in zip(search.split(), fold(search).split(), strict=False):
        qs = qs.filter(
            Q(person__name_folded__contains=word)
            | Q(unit__name_folded__contains=word, person__isnull=True)
            | Q(household_name__icontains=raw)
            | Q(person__code__iexact=raw)
            | Q(unit__code__iexact=raw, person__isnull=True)
        )
    count, items = _page(qs.order_by("-year", "id"), limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_commendation_out(c) for c in items],
    }
