"""Read endpoints for units, people and the caller's own account.

Scoped exactly like the pages: ``units_visible_to`` / ``people_visible_to``; a unit or person
outside the caller's scope answers 404, the same as one that does not exist.  Every list call
makes a constant number of queries, whatever the size of the page or of the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from thidua.api.errors import ApiError, ErrorCode
from thidua.api.params import Offset, limit
from thidua.api.schemas import (
    ErrorOut,
    MeOut,
    PersonDetailOut,
    PersonPage,
    UnitDetailOut,
    UnitPage,
    ValidationErrorOut,
)
from thidua.org.models import Person, Role, SuccessionKind, Unit, UnitKind
from thidua.org.selectors import people_visible_to, unit_successions, units_visible_to

router = Router()

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

Limit = limit(DEFAULT_LIMIT, MAX_LIMIT)
KindFilter = Query(None, description="Only units of this kind.")
ParentFilter = Query(None, max_length=32, description="Only children of this unit (code).")
ActiveOnFilter = Query(None, description="Only units active on this day (YYYY-MM-DD).")
UnitFilter = Query(None, max_length=32, description="Only people of this unit (code).")
SubunitsFilter = Query(False, description="With `unit`: include the units below it.")
Search = Query("", max_length=100, description="Words in the name or code; accents are ignored.")


def _page(qs: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return qs.count(), list(qs[offset : offset + limit])


def _unit_not_found(code: str) -> ApiError:
    return ApiError(
        404,
        _("There is no unit with code %(code)s that you may see.") % {"code": code},
        ErrorCode.NOT_FOUND,
    )


def _visible_unit(request: HttpRequest, code: str) -> Unit:
    unit = units_visible_to(request.user).select_related("parent").filter(code=code).first()
    if unit is None:
        raise _unit_not_found(code)
    return unit


def _unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "parent": unit.parent.code if unit.parent_id and unit.parent else None,
        "depth": unit.depth,
        "active_from": unit.active_from,
        "active_to": unit.active_to,
    }


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "code": person.code,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "ethnicity": person.ethnicity,
        "category": person.category,
        "unit": person.unit.code if person.unit else None,
        "unit_name": person.unit.name if person.unit else None,
        "title": person.title,
    }


def _active_on(day: dt.date) -> Q:
    return (Q(active_from__isnull=True) | Q(active_from__lte=day)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=day)
    )


@router.get("/units", response={200: UnitPage, **ERRORS}, tags=["units"], summary="List units")
def unit_list(
    request: HttpRequest,
    search: str = Search,
    kind: UnitKind | None = KindFilter,
    parent: str | None = ParentFilter,
    active_on: dt.date | None = ActiveOnFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Units the caller may see, in tree order."""
    qs = units_visible_to(request.user, search=search).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent__code=parent)
    if active_on:
        qs = qs.filter(_active_on(active_on))
    count, items = _page(qs.order_by("path"), limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_unit_out(u) for u in items],
    }


@router.get(
    "/units/{code}",
    response={200: UnitDetailOut, **ERRORS},
    tags=["units"],
    summary="One unit, with its ancestors and reorganisations",
)
def unit_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    unit = _visible_unit(request, code)
    ancestors = dict(
        Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("path").values_list("pk", "code")
    )
    predecessors: list[dict[str, Any]] = []
    successors: list[dict[str, Any]] = []
    former_names: list[dict[str, Any]] = []
    for succession in unit_successions(unit):
        ref = {
            "kind": succession.kind,
            "kind_label": str(succession.get_kind_display()),
            "date": succession.effective_date,
            "decision_number": succession.decision_number,
        }
        if succession.kind == SuccessionKind.RENAME:
            former_names.append(
                {
                    "name": succession.former_name,
                    "until": succession.effective_date - dt.timedelta(days=1),
                    "decision_number": succession.decision_number,
                }
            )
        for link in succession.links.all():
            if link.predecessor_id == link.successor_id:
                continue
            if link.successor_id == unit.pk:
                other = link.predecessor
                predecessors.append({**ref, "code": other.code, "name": other.name})
            elif link.predecessor_id == unit.pk:
                other = link.successor
                successors.append({**ref, "code": other.code, "name": other.name})
    return {
        **_unit_out(unit),
        "address": unit.address,
        "ancestors": [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors],
        "predecessors": predecessors,
        "successors": successors,
        "former_names": former_names,
    }


@router.get(
    "/units/{code}/children",
    response={200: UnitPage, **ERRORS},
    tags=["units"],
    summary="Direct sub-units of a unit",
)
def unit_children(
    request: HttpRequest, code: str, limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    unit = _visible_unit(request, code)
    qs = units_visible_to(request.user).filter(parent=unit).order_by("path")
    count, items = _page(qs, limit, offset)
    for child in items:
        child.parent = unit  # no query per child for the parent's code
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_unit_out(u) for u in items],
    }


@router.get("/people", response={200: PersonPage, **ERRORS}, tags=["people"], summary="List people")
def person_list(
    request: HttpRequest,
    search: str = Search,
    unit: str | None = UnitFilter,
    subunits: bool = SubunitsFilter,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """People the caller may see, by name."""
    qs = people_visible_to(request.user, search=search).select_related("unit")
    if unit:
        scope_unit = _visible_unit(request, unit)
        if subunits:
            low, high = scope_unit.path_bounds()
            qs = qs.filter(unit__path__gte=low, unit__path__lt=high)
        else:
            qs = qs.filter(unit=scope_unit)
    count, items = _page(qs.order_by("name_folded", "id"), limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_person_out(p) for p in items],
    }


@router.get(
    "/people/{code}",
    response={200: PersonDetailOut, **ERRORS},
    tags=["people"],
    summary="One person, with the history of positions",
)
def person_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    person = people_visible_to(request.user).select_related("unit").filter(code=code).first()
    if person is None:
        raise ApiError(
            404,
            _("There is no person with code %(code)s that you may see.") % {"code": code},
            ErrorCode.NOT_FOUND,
        )
    positions = person.positions.select_related("unit").order_by("-start_date", "-id")
    return {
        **_person_out(person),
        "positions": [
            {
                "unit": p.unit.code,
                "unit_name": p.unit.name,
                "title": p.title,
                "start_date": p.start_date,
                "end_date": p.end_date,
            }
            for p in positions
        ],
    }


@router.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["account"], summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """The account the token (or the browser session) belongs to."""
    user: Any = request.user
    token = getattr(request, "api_token", None)
    return {
        "username": user.get_username(),
        "full_name": user.full_name,
        "role": user.role,
        "role_label": str(Role(user.role).label) if user.role in Role.values else user.role,
        "is_system_admin": user.is_system_admin,
        "unit": {"code": user.unit.code, "name": user.unit.name} if user.unit else None,
        "token": (
            {"prefix": token.prefix, "name": token.name, "expires_at": token.expires_at}
            if token is not None
            else None
        ),
    }
