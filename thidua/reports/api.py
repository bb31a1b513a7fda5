"""Report endpoints of the REST API (mounted under /api/v1/ by ``thidua/api/api.py``).

The same aggregates as the pages (``reports.selectors``), scoped the same way: ``unit`` (a
unit code, by default the caller's unit) outside the caller's scope answers 404; a role that
has no reports (council members) gets 403.  Each endpoint runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from thidua.api.errors import ApiError, ErrorCode
from thidua.api.schemas import ErrorOut, UnitRef, ValidationErrorOut
from thidua.reports import selectors
from thidua.reports.forms import MAX_SPAN, MAX_YEAR, MIN_YEAR
from thidua.reports.forms_catalog import LEVEL_OF, LEVEL_ORDER, Level
from thidua.reports.permissions import can_see_reports
from thidua.reports.selectors import (
    Breakdown,
    CampaignReport,
    CommendationReport,
    Filters,
    PeopleFigures,
    PeopleReport,
)

router = Router(tags=["reports"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

UnitParam = Query(None, description="Unit code (default: the caller's unit).", max_length=32)
FromParam = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="First year (default: latest).")
ToParam = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="Last year (default: year_from).")
LevelParam = Query(None, description="Only this award level: state, ministry_province, grassroots.")
FormParam = Query(None, description="Only this award code (LDTT, CSTDCS, BK_BT, GK…).")


# -- shapes ----------------------------------------------------------------------------------


class FiltersOut(Schema):
    unit: UnitRef | None
    year_from: int
    year_to: int
    level: str
    form: str


class CountsOut(Schema):
    individual: int
    collective: int
    household: int
    total: int


class BreakdownOut(Schema):
    by_level: dict[str, int]
    titles: int
    commendations: int
    counts: CountsOut
    total: int


class FormRowOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    counts: CountsOut


class YearRowOut(Schema):
    year: int
    figures: BreakdownOut


class UnitRowOut(Schema):
    code: str
    name: str
    itself: bool
    figures: BreakdownOut


class CommendationReportOut(Schema):
    filters: FiltersOut
    total: BreakdownOut
    forms: list[FormRowOut]
    years: list[YearRowOut]
    units: list[UnitRowOut]


class PeopleFiguresOut(Schema):
    total: int
    women: int
    minority: int
    workers: int
    farmers: int
    women_share: float | None
    minority_share: float | None
    workers_share: float | None
    farmers_share: float | None
    workers_farmers_share: float | None


class PeopleRowOut(Schema):
    code: str
    name: str
    level: str
    figures: PeopleFiguresOut


class PeopleReportOut(Schema):
    filters: FiltersOut
    total: PeopleFiguresOut
    collectives: int
    individual_share: float | None
    forms: list[PeopleRowOut]


class CampaignRowOut(Schema):
    id: int
    code: str
    name: str
    issuing_unit: str
    start_date: dt.date | None
    deadline: dt.date | None
    participating: int
    registered: int
    approved: int
    reported: int
    review: str
    classes: dict[str, int]
    standard_met: int
    standard_total: int


class CampaignReportOut(Schema):
    filters: FiltersOut
    campaigns: list[CampaignRowOut]


# -- helpers ---------------------------------------------------------------------------------


def _filters(
    request: HttpRequest,
    unit: str | None,
    year_from: int | None,
    year_to: int | None,
    level: str | None,
    form: str | None,
) -> Filters:
    if not can_see_reports(request.user):
        raise ApiError(403, _("Your role has no access to reports."), ErrorCode.PERMISSION_DENIED)
    if level and level not in LEVEL_ORDER:
        raise ApiError(
            422, _("Unknown award level “%(value)s”.") % {"value": level}, ErrorCode.INVALID
        )
    if form and form not in LEVEL_OF:
        raise ApiError(
            422, _("Unknown award or title “%(value)s”.") % {"value": form}, ErrorCode.INVALID
        )
    if year_from and year_to and year_from > year_to:
        raise ApiError(
            422,
            _("The start year (%(start)s) is after the end year (%(end)s).")
            % {"start": year_from, "end": year_to},
            ErrorCode.INVALID,
        )
    if year_from and year_to and year_to - year_from >= MAX_SPAN:
        raise ApiError(
            422, _("A report covers at most %(n)s years.") % {"n": MAX_SPAN}, ErrorCode.INVALID
        )
    root = selectors.access_root(request.user, unit or None)
    if not year_from and not year_to:
        year_from = year_to = selectors.default_year(request.user, root)
    start = year_from or year_to
    end = year_to or year_from
    assert start is not None and end is not None
    return Filters(year_from=start, year_to=end, root=root, level=level or "", form=form or "")


def _filters_out(f: Filters) -> dict[str, Any]:
    return {
        "unit": {"code": f.root.code, "name": f.root.name} if f.root else None,
        "year_from": f.year_from,
        "year_to": f.year_to,
        "level": f.level,
        "form": f.form,
    }


def _breakdown(b: Breakdown) -> dict[str, Any]:
    c = b.counts
    return {
        "by_level": {str(k): v for k, v in b.by_level.items() if k != Level.OTHER or v},
        "titles": b.titles,
        "commendations": b.commendations,
        "counts": {
            "individual": c.individual,
            "collective": c.collective,
            "household": c.household,
            "total": c.total,
        },
        "total": b.total,
    }


def _people(p: PeopleFigures) -> dict[str, Any]:
    return {
        "total": p.total,
        "women": p.women,
        "minority": p.minority,
        "workers": p.workers,
        "farmers": p.farmers,
        "women_share": p.women_share,
        "minority_share": p.minority_share,
        "workers_share": p.workers_share,
        "farmers_share": p.farmers_share,
        "workers_farmers_share": p.workers_farmers_share,
    }


def commendations_out(r: CommendationReport) -> dict[str, Any]:
    return {
        "filters": _filters_out(r.filters),
        "total": _breakdown(r.total),
        "forms": [
            {
                "code": row.code,
                "name": row.name,
                "kind": row.kind,
                "level": row.level,
                "counts": {
                    "individual": row.counts.individual,
                    "collective": row.counts.collective,
                    "household": row.counts.household,
                    "total": row.counts.total,
                },
            }
            for g in r.groups
            for row in g.rows
        ],
        "years": [{"year": y.year, "figures": _breakdown(y.figures)} for y in r.years],
        "units": [
            {"code": u.code, "name": u.name, "itself": u.itself, "figures": _breakdown(u.figures)}
            for u in r.units
        ],
    }


def people_out(r: PeopleReport) -> dict[str, Any]:
    return {
        "filters": _filters_out(r.filters),
        "total": _people(r.total),
        "collectives": r.collectives,
        "individual_share": r.individual_share,
        "forms": [
            {
                "code": row.code,
                "name": row.name,
                "level": row.level,
                "figures": _people(row.figures),
            }
            for row in r.rows
        ],
    }


def campaigns_out(r: CampaignReport) -> dict[str, Any]:
    return {
        "filters": _filters_out(r.filters),
        "campaigns": [
            {
                "id": row.campaign_id,
                "code": row.code,
                "name": row.name,
                "issuing_unit": row.issuing_unit,
                "start_date": row.start_date,
                "deadline": row.deadline,
                "participating": row.participating,
                "registered": row.registered,
                "approved": row.approved,
                "reported": row.reported,
                "review": row.review,
                "classes": row.classes,
                "standard_met": row.standard_met,
                "standard_total": row.standard_total,
            }
            for row in r.rows
        ],
    }


# -- endpoints -------------------------------------------------------------------------------


@router.get(
    "/reports/commendations",
    response={200: CommendationReportOut, **ERRORS},
    summary="Commendations by level, award, year and unit",
)
def report_commendations(
    request: HttpRequest,
    unit: str | None = UnitParam,
    year_from: int | None = FromParam,
    year_to: int | None = ToParam,
    level: str | None = LevelParam,
    form: str | None = FormParam,
) -> dict[str, Any]:
    """Commendations that count (not revoked) under the unit in the period: totals by level,
    kind and subject; per award; per year; per direct child unit (each counting its whole
    subtree) and the unit itself."""
    filters = _filters(request, unit, year_from, year_to, level, form)
    return commendations_out(selectors.commendation_report(request.user, filters))


@router.get(
    "/reports/people",
    response={200: PeopleReportOut, **ERRORS},
    summary="Individuals commended by gender, ethnicity, direct workers and farmers",
)
def report_people(
    request: HttpRequest,
    unit: str | None = UnitParam,
    year_from: int | None = FromParam,
    year_to: int | None = ToParam,
    level: str | None = LevelParam,
    form: str | None = FormParam,
) -> dict[str, Any]:
    """Individuals commended (one per award) with women, ethnic minorities (not Kinh), direct
    workers and farmers and their shares; and the number of collectives and households."""
    filters = _filters(request, unit, year_from, year_to, level, form)
    return people_out(selectors.people_report(request.user, filters))


@router.get(
    "/reports/campaigns",
    response={200: CampaignReportOut, **ERRORS},
    summary="Campaign participation and results",
)
def report_campaigns(
    request: HttpRequest,
    unit: str | None = UnitParam,
    year_from: int | None = FromParam,
    year_to: int | None = ToParam,
) -> dict[str, Any]:
    """Per campaign of the period: participating units under the unit, registered, approved,
    reported; completion classes of the final (or interim) review; units meeting the
    standard."""
    filters = _filters(request, unit, year_from, year_to, None, None)
    return campaigns_out(selectors.campaign_report(request.user, filters))
