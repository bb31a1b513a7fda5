"""Campaign dashboards, their Excel exports, a unit's page in a campaign, and the public page.

Thin views: parse the filters, authorise (``access_campaign`` → 404 for outsiders; the login
page for anonymous visitors; the public page only for launched campaigns), read through the
selectors, render.  Every page runs a constant number of queries however many units, targets
and reports the campaign has: the numbers come from ``campaign_rollup`` (the standing on the
"as of" date), ``campaign_progress_series`` (history, at-risk flags, reporting dates) and
``standard_trackers`` (the "49/49" counts); names come in one query and the rest is arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from thidua.campaigns import charts, dash_cache, exports, scoring
from thidua.campaigns.models import (
    Campaign,
    CampaignState,
    CompletionClass,
    Evaluation,
    Evidence,
    Registration,
    RegistrationState,
    Target,
    TargetKind,
)
from thidua.campaigns.permissions import can_manage_campaign
from thidua.campaigns.selectors import (
    CampaignRollup,
    ItemResult,
    ProgressSeries,
    StandardTracker,
    access_campaign,
    campaign_progress_series,
    campaign_rollup,
    participant_units,
    registration_progress,
    standard_trackers,
)
from thidua.org.models import PATH_SEGMENT, Unit, UnitKind
from thidua.org.permissions import scope_for

UNITS_PER_PAGE = 50
PHOTOS_ON_UNIT_PAGE = 12
PHOTOS_ON_PUBLIC_PAGE = 24
PUBLIC_MAX_AGE = 300
PUBLIC_STATES = frozenset(
    {
        CampaignState.LAUNCHED,
        CampaignState.INTERIM_REVIEW,
        CampaignState.FINAL_REVIEW,
        CampaignState.CLOSED,
    }
)

# Status of a key work on the "as of" date, in the order the chart shows them.
DONE, ON_TRACK, AT_RISK, LATE, NOT_STARTED = "done", "on_track", "at_risk", "late", "not_started"
STATUS_LABELS = {
    DONE: gettext_lazy("Done"),
    ON_TRACK: gettext_lazy("On track"),
    AT_RISK: gettext_lazy("At risk"),
    LATE: gettext_lazy("Late"),
    NOT_STARTED: gettext_lazy("Not started"),
}
STATUS_TONES = {DONE: "ok", ON_TRACK: "info", AT_RISK: "warn", LATE: "bad", NOT_STARTED: "muted"}

SORTS = {
    "attainment": gettext_lazy("attainment"),
    "name": gettext_lazy("name"),
    "code": gettext_lazy("code"),
    "group": gettext_lazy("group"),
}


# -- parsing ---------------------------------------------------------------------------------


def default_as_of(campaign: Campaign) -> dt.date:
    """Today, or the deadline once it has passed (a campaign is measured at its deadline)."""
    today = timezone.localdate()
    if campaign.deadline and campaign.deadline < today:
        return campaign.deadline
    return today


def parse_date(text: str | None) -> dt.date | None:
    """``2020-07-01`` or ``01/07/2020``; None when empty or unreadable."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class Filters:
    on: dt.date
    group: str = ""  # code of a unit directly under the grouping root
    kind: str = ""
    sort: str = "-attainment"
    page: str = "1"
    problems: list[str] = field(default_factory=list)

    def query(self, **extra: str) -> str:
        from urllib.parse import urlencode

        params = {"on": self.on.isoformat(), "district": self.group, "kind": self.kind}
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v})


def parse_filters(request: HttpRequest, campaign: Campaign) -> Filters:
    problems = []
    raw_on = request.GET.get("on", "")
    on = parse_date(raw_on)
    if raw_on and on is None:
        problems.append(
            _("The date “%(value)s” is not a date; use dd/mm/yyyy. Showing the latest figures.")
            % {"value": raw_on}
        )
    if on is not None and on > timezone.localdate():
        problems.append(_("The “as of” date is in the future; showing the latest figures."))
        on = None
    kind = request.GET.get("kind", "")
    if kind and kind not in UnitKind.values:
        problems.append(_("Unknown unit kind “%(value)s”; showing every kind.") % {"value": kind})
        kind = ""
    sort = request.GET.get("sort", "-attainment")
    if sort.lstrip("-") not in SORTS:
        sort = "-attainment"
    return Filters(
        on=on or default_as_of(campaign),
        group=request.GET.get("district", "").strip(),
        kind=kind,
        sort=sort,
        page=request.GET.get("page", "1"),
        problems=problems,
    )


# -- the dashboard's numbers --------------------------------------------------------------------


@dataclass
class UnitRow:
    unit_id: int
    code: str
    name: str
    kind: str
    kind_label: str
    group: str
    state: str  # registration state, "" when the unit has not registered
    state_label: str
    attainment: float | None  # None: no approved registration (counts 0 in the overall)
    proposed_class: str
    items: int
    done: int
    at_risk: int
    last_report: dt.date | None
    rank: int = 0

    @property
    def counted(self) -> float:
        return self.attainment or 0.0


@dataclass
class GroupRow:
    code: str
    name: str
    units: int
    approved: int
    attainment: float | None


@dataclass
class KeyWorkRow:
    pk: int
    unit_id: int
    unit_code: str
    unit_name: str
    name: str
    attainment: float
    due_date: dt.date | None
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Dashboard:
    campaign: Campaign
    filters: Filters
    root: Unit | None
    groups: list[tuple[str, str]]  # (code, name) for the filter
    kinds: list[tuple[str, str]]
    rows: list[UnitRow]
    group_rows: list[GroupRow]
    key_works: list[KeyWorkRow]
    status_counts: dict[str, int]
    series_dates: list[dt.date]
    series_values: list[float | None]
    trackers: list[StandardTracker]
    participating: int
    registered: int
    approved: int
    reported_this_week: int
    overall: float | None
    items_at_risk: int
    units_at_risk: int


def _group_id(path: str, root_path: str) -> int:
    """The id of the unit directly under the grouping root that holds ``path`` (the unit
    itself when it sits right under the root; its top ancestor when outside the root)."""
    if root_path and path.startswith(root_path) and len(path) > len(root_path):
        start = len(root_path)
    else:
        start = 0
    return int(path[start : start + PATH_SEGMENT])


def _status(item: ItemResult, series: ProgressSeries) -> str:
    key = (item.kind, item.pk)
    if item.done:
        return DONE
    if item.late:
        return LATE
    if key not in series.reported:
        return NOT_STARTED
    if series.at_risk.get(key):
        return AT_RISK
    return ON_TRACK


def _classes(campaign: Campaign) -> scoring.Thresholds:
    htxs, htt, ht = campaign.thresholds()
    return scoring.Thresholds(htxs=htxs, htt=htt, ht=ht)


def build_dashboard(user: Any, campaign: Campaign, filters: Filters) -> Dashboard:
    """Everything the overview page and its exports show, in a constant number of queries."""
    on = filters.on
    rollup: CampaignRollup = campaign_rollup(campaign, user=user, on=on)
    series = campaign_progress_series(campaign, user=user, on=on)
    manager = can_manage_campaign(user, campaign)
    root: Unit | None = campaign.issuing_unit if manager else getattr(user, "unit", None)
    if root is not None and not any(p.startswith(root.path) for p in rollup.participants.values()):
        root = campaign.issuing_unit
    root_path = root.path if root is not None else ""
    group_of = {uid: _group_id(path, root_path) for uid, path in rollup.participants.items()}
    wanted = set(rollup.participants) | set(group_of.values())
    units = {
        row["pk"]: row
        for row in Unit.objects.filter(pk__in=list(wanted)).values("pk", "code", "name", "kind")
    }
    kind_labels = dict(UnitKind.choices)
    groups = sorted(
        {(units[g]["code"], units[g]["name"]) for g in set(group_of.values()) if g in units},
        key=lambda g: g[1],
    )
    kinds = sorted(
        {(units[u]["kind"], str(kind_labels.get(units[u]["kind"], ""))) for u in group_of},
        key=lambda k: k[1],
    )
    chosen = [
        uid
        for uid in rollup.participants
        if uid in units
        and (not filters.group or units[group_of[uid]]["code"] == filters.group)
        and (not filters.kind or units[uid]["kind"] == filters.kind)
    ]
    chosen_set = set(chosen)
    states = dict(
        Registration.objects.filter(campaign=campaign, unit_id__in=list(rollup.participants))
        .values_list("unit_id", "state")
        .order_by()
    )
    state_labels = dict(RegistrationState.choices)
    at_risk_by_unit: Counter[int] = Counter(
        series.item_unit[key] for key, flag in series.at_risk.items() if flag
    )
    thresholds = _classes(campaign)
    rows = []
    for uid in chosen:
        result = rollup.units.get(uid)
        attainment = result.attainment if result else None
        info = units[uid]
        rows.append(
            UnitRow(
                unit_id=uid,
                code=info["code"],
                name=info["name"],
                kind=info["kind"],
                kind_label=str(kind_labels.get(info["kind"], "")),
                group=units[group_of[uid]]["name"] if group_of[uid] in units else "",
                state=states.get(uid, ""),
                state_label=str(state_labels.get(states.get(uid, ""), _("Not registered"))),
                attainment=attainment,
                proposed_class=scoring.completion_class(attainment, thresholds) if result else "",
                items=len(result.items) if result else 0,
                done=sum(1 for i in result.items if i.done) if result else 0,
                at_risk=at_risk_by_unit.get(uid, 0),
                last_report=series.last_report.get(uid),
            )
        )
    # Rank by attainment (best first, then code), whatever order the table is shown in.
    for rank, row in enumerate(sorted(rows, key=lambda r: (-r.counted, r.code)), start=1):
        row.rank = rank
    group_rows = []
    by_group: dict[int, list[UnitRow]] = defaultdict(list)
    for row in rows:
        by_group[group_of[row.unit_id]].append(row)
    for gid, members in by_group.items():
        group_rows.append(
            GroupRow(
                code=units[gid]["code"],
                name=units[gid]["name"],
                units=len(members),
                approved=sum(1 for m in members if m.attainment is not None),
                attainment=scoring.mean(m.counted for m in members),
            )
        )
    group_rows.sort(key=lambda g: g.name)
    key_works = []
    for uid in chosen:
        result = rollup.units.get(uid)
        for item in result.items if result else []:
            if item.kind == "key_work":
                key_works.append(
                    KeyWorkRow(
                        pk=item.pk,
                        unit_id=uid,
                        unit_code=units[uid]["code"],
                        unit_name=units[uid]["name"],
                        name=item.name,
                        attainment=item.clipped,
                        due_date=item.due_date,
                        status=_status(item, series),
                    )
                )
    status_counts = Counter(k.status for k in key_works)
    registration_ids = [rollup.units[u].registration_id for u in chosen if u in rollup.units]
    standard_targets = Target.objects.filter(
        registration_id__in=registration_ids, kind=TargetKind.STANDARD_COUNT
    ).select_related("criteria_set", "scope_unit")
    week_start = on - dt.timedelta(days=6)
    return Dashboard(
        campaign=campaign,
        filters=filters,
        root=root,
        groups=groups,
        kinds=kinds,
        rows=rows,
        group_rows=group_rows,
        key_works=key_works,
        status_counts={s: status_counts.get(s, 0) for s in STATUS_LABELS},
        series_dates=series.dates,
        series_values=series.overall(chosen),
        trackers=standard_trackers(standard_targets, on=on),
        participating=len(chosen),
        registered=sum(
            1
            for u in chosen
            if states.get(u) in (RegistrationState.SUBMITTED, RegistrationState.APPROVED)
        ),
        approved=sum(1 for u in chosen if u in rollup.units),
        reported_this_week=sum(
            1 for u in chosen if (d := series.last_report.get(u)) and week_start <= d <= on
        ),
        overall=scoring.mean(r.counted for r in rows) if rows else None,
        items_at_risk=sum(
            1
            for key, flag in series.at_risk.items()
            if flag and series.item_unit[key] in chosen_set
        ),
        units_at_risk=sum(1 for u in chosen if at_risk_by_unit.get(u)),
    )


def dashboard_key(user: Any, campaign: Campaign, filters: Filters) -> str:
    return dash_cache.dashboard_key(
        user, campaign, on=filters.on, group=filters.group, kind=filters.kind
    )


def cached_dashboard(
    user: Any, campaign: Campaign, filters: Filters, key: str | None = None
) -> Dashboard:
    """``build_dashboard`` through the cache of ``dash_cache`` (keyed by the data
    fingerprint, so never stale); the request's own campaign and filters are put back."""
    key = key or dashboard_key(user, campaign, filters)
    board = dash_cache.get_or_compute(key, lambda: build_dashboard(user, campaign, filters))
    board.campaign = campaign
    board.filters = filters
    return board


def sort_rows(rows: list[UnitRow], sort: str) -> list[UnitRow]:
    field_name = sort.lstrip("-")
    reverse = sort.startswith("-")
    keys = {
        "attainment": lambda r: (r.counted, r.code if reverse else ""),
        "name": lambda r: r.name,
        "code": lambda r: r.code,
        "group": lambda r: (r.group, r.name),
    }
    if field_name == "attainment":
        # Best first when descending; ties by code ascending either way.
        return sorted(rows, key=lambda r: (-r.counted if reverse else r.counted, r.code))
    return sorted(rows, key=keys[field_name], reverse=reverse)


# -- pages -------------------------------------------------------------------------------------


CHART_NAMES = ("line_chart", "group_chart", "status_chart")
BOARD_NAMES = ("board", "page_obj", "series_table", "statuses")


def _overview_charts(board: Dashboard) -> dict[str, Any]:
    name = board.campaign.name
    line = charts.line_chart(
        list(zip(board.series_dates, board.series_values, strict=True)),
        title=_("Overall attainment over time: %(name)s") % {"name": name},
        desc=_("Weekly mean attainment of the participating units, from %(a)s to %(b)s.")
        % {
            "a": board.series_dates[0].strftime("%d/%m/%Y"),
            "b": board.series_dates[-1].strftime("%d/%m/%Y"),
        },
    )
    by_group = charts.bar_chart(
        [charts.Bar(label=g.name, value=g.attainment or 0.0) for g in board.group_rows],
        title=_("Attainment by district or unit"),
        desc=_("Mean attainment of the participating units under each unit."),
    )
    total = sum(board.status_counts.values())
    statuses = charts.bar_chart(
        [
            charts.Bar(
                label=str(STATUS_LABELS[s]),
                value=n,
                text=str(n),
                tone=STATUS_TONES[s],
            )
            for s, n in board.status_counts.items()
        ],
        title=_("Key works by status"),
        desc=_("%(n)s key works by their status on the date.") % {"n": total},
        max_value=max(board.status_counts.values(), default=0) or 1,
    )
    return {"line_chart": line, "group_chart": by_group, "status_chart": statuses}


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    filters = parse_filters(request, campaign)
    key = dashboard_key(request.user, campaign, filters)

    # Everything below is computed (or read from the cache) only when the template renders
    # it: when the page body is already cached for these figures, a request reads that one
    # string and never loads the board (unpickling it was half of a warm request's time).
    def board_values() -> dict[str, Any]:
        board = cached_dashboard(request.user, campaign, filters, key)
        rows = sort_rows(board.rows, filters.sort)
        return {
            "board": board,
            "page_obj": Paginator(rows, UNITS_PER_PAGE).get_page(filters.page),
            "series_table": list(zip(board.series_dates, board.series_values, strict=True)),
            "statuses": [
                (STATUS_LABELS[s], n, STATUS_TONES[s]) for s, n in board.status_counts.items()
            ],
        }

    lazy_board = dash_cache.lazy_objects(board_values, BOARD_NAMES)
    return render(
        request,
        "campaigns/dash/overview.html",
        {
            "campaign": campaign,
            "filters": filters,
            "sorts": SORTS,
            "export_query": filters.query(sort=filters.sort),
            "tables": exports.DASHBOARD_TABLES,
            **lazy_board,
            **dash_cache.lazy_values(lambda: _overview_charts(lazy_board["board"]), CHART_NAMES),
            # The page body and title (no account-specific content) are cached for the same
            # figures and query string; the board is loaded only when they are rendered.
            "body_cache_key": f"{key}|{request.get_full_path()}",
            "body_cache_timeout": dash_cache.TIMEOUT,
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, pk: int, table: str) -> HttpResponseBase:
    campaign = access_campaign(request.user, pk)
    if table not in exports.DASHBOARD_TABLES:
        raise Http404
    filters = parse_filters(request, campaign)
    board = cached_dashboard(request.user, campaign, filters)
    board.rows = sort_rows(board.rows, filters.sort)
    return exports.dashboard_export(board, table)


def _unit_in_campaign(user: Any, campaign: Campaign, code: str) -> Unit:
    """A participating unit the account may see (its scope holds the unit, or it manages
    the campaign), else 404."""
    unit = participant_units(campaign).select_related("parent").filter(code=code).first()
    if unit is None or not (scope_for(user).contains(unit) or can_manage_campaign(user, campaign)):
        raise Http404
    return unit


@dataclass
class UnitItem:
    kind: str
    pk: int
    name: str
    public: bool
    weight: float
    current: float | None
    of_total: int | None
    raw: float | None
    clipped: float
    due_date: dt.date | None
    status: str
    at_risk: bool | None
    points: list[tuple[dt.date, Any]]
    spark: Any = None
    target: Any = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def build_unit_page(user: Any, campaign: Campaign, unit: Unit, on: dt.date) -> dict[str, Any]:
    registration = (
        Registration.objects.filter(campaign=campaign, unit=unit)
        .select_related("campaign", "unit")
        .first()
    )
    items: list[UnitItem] = []
    attainment = None
    photos: list[Evidence] = []
    evaluations: list[Evaluation] = []
    series_values: list[float] = []
    series_dates: list[dt.date] = []
    if registration is not None:
        history = registration_progress(registration, on=on)
        targets = {t.pk: t for t in registration.targets.all()}
        for h in history:
            item = h.item
            reported = bool(h.points) or (item.kind == "target" and targets[item.pk].is_computed)
            if item.done:
                status = DONE
            elif item.late:
                status = LATE
            elif not reported and item.kind == "key_work":
                status = NOT_STARTED
            elif h.at_risk:
                status = AT_RISK
            else:
                status = ON_TRACK
            target = targets.get(item.pk) if item.kind == "target" else None
            values = [float(v) for _d, v in h.points]
            items.append(
                UnitItem(
                    kind=item.kind,
                    pk=item.pk,
                    name=item.name,
                    public=item.public,
                    weight=item.weight,
                    current=item.current,
                    of_total=item.of_total,
                    raw=item.raw,
                    clipped=item.clipped,
                    due_date=item.due_date,
                    status=status,
                    at_risk=h.at_risk,
                    points=h.points,
                    spark=charts.sparkline(
                        values,
                        title=_("History of “%(name)s”") % {"name": item.name},
                        y_max=100.0 if item.kind == "key_work" else None,
                    )
                    if values
                    else None,
                    target=target,
                )
            )
        if registration.state == RegistrationState.APPROVED:
            attainment = scoring.rollup((i.weight, i.raw) for i in items)
            series = campaign_progress_series(campaign, on=on, unit_ids=[unit.pk])
            series_dates = series.dates
            series_values = series.by_unit.get(unit.pk, [])
        photos = list(
            Evidence.objects.filter(
                Q(update__target__registration=registration)
                | Q(update__key_work__registration=registration),
                content_type__startswith="image/",
                update__as_of__lte=on,
            )
            .exclude(thumbnail="")
            .select_related("update__target", "update__key_work")
            .order_by("-update__as_of", "-id")[:PHOTOS_ON_UNIT_PAGE]
        )
        evaluations = list(Evaluation.objects.filter(campaign=campaign, unit=unit))
    proposed = (
        scoring.completion_class(attainment, _classes(campaign))
        if registration and registration.state == RegistrationState.APPROVED
        else ""
    )
    return {
        "registration": registration,
        "items": items,
        "attainment": attainment,
        "proposed_class": proposed,
        "proposed_label": dict(CompletionClass.choices).get(proposed, ""),
        "class_labels": dict(CompletionClass.choices),
        "photo_list": [
            {
                "url": reverse("campaign_dash:photo", args=[campaign.pk, e.pk]),
                "alt": (e.update.target or e.update.key_work or unit).name,
                "caption": e.update.as_of.strftime("%d/%m/%Y"),
            }
            for e in photos
        ],
        "evaluations": evaluations,
        "unit_spark": charts.line_chart(
            list(zip(series_dates, series_values, strict=True)),
            title=_("Attainment of %(unit)s over time") % {"unit": unit.name},
            height=220,
        )
        if series_values
        else None,
        "series_table": list(zip(series_dates, series_values, strict=True)),
    }


@login_required
@require_GET
def unit_page(request: HttpRequest, pk: int, unit_code: str) -> HttpResponseBase:
    campaign = access_campaign(request.user, pk)
    unit = _unit_in_campaign(request.user, campaign, unit_code)
    filters = parse_filters(request, campaign)
    data = build_unit_page(request.user, campaign, unit, filters.on)
    if request.GET.get("format") == "xlsx":
        return exports.unit_export(campaign, unit, data["items"], filters.on)
    return render(
        request,
        "campaigns/dash/unit.html",
        {"campaign": campaign, "unit": unit, "filters": filters, **data},
    )


def _thumbnail_response(evidence: Evidence | None, *, public: bool) -> HttpResponseBase:
    if evidence is None or not evidence.thumbnail:
        raise Http404
    try:
        handle = evidence.thumbnail.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def evidence_thumbnail(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    """A photo's thumbnail, for accounts that may see the registration it belongs to."""
    campaign = access_campaign(request.user, pk)
    evidence = (
        Evidence.objects.filter(
            Q(update__target__registration__campaign=campaign)
            | Q(update__key_work__registration__campaign=campaign),
            pk=evidence_pk,
        )
        .select_related(
            "update__target__registration__unit", "update__key_work__registration__unit"
        )
        .first()
    )
    if evidence is None:
        raise Http404
    owner = evidence.update.target or evidence.update.key_work
    assert owner is not None
    unit = owner.registration.unit
    if not (scope_for(request.user).contains(unit) or can_manage_campaign(request.user, campaign)):
        raise Http404
    return _thumbnail_response(evidence, public=False)


# -- the public page ---------------------------------------------------------------------------


def _public_campaign(pk: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("issuing_unit")
        .filter(pk=pk, state__in=PUBLIC_STATES)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def _public_evidence() -> Q:
    """Evidence of public items of approved registrations."""
    return Q(
        update__target__public=True,
        update__target__registration__state=RegistrationState.APPROVED,
    ) | Q(
        update__key_work__public=True,
        update__key_work__registration__state=RegistrationState.APPROVED,
    )


@dataclass
class PublicEntry:
    unit: str
    item: ItemResult
    photos: list[int]
    status: str


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign as the public sees it: no login, no people, only public items."""
    campaign = _public_campaign(pk)
    on = default_as_of(campaign)
    rollup = campaign_rollup(campaign, on=on)
    unit_names = dict(
        Unit.objects.filter(pk__in=list(rollup.units)).values_list("pk", "name").order_by()
    )
    public_items: list[tuple[str, ItemResult]] = []
    registration_ids = []
    for uid, result in sorted(rollup.units.items(), key=lambda kv: rollup.participants[kv[0]]):
        registration_ids.append(result.registration_id)
        for item in result.items:
            if item.public:
                public_items.append((unit_names.get(uid, ""), item))
    photos: dict[tuple[str, int], list[int]] = defaultdict(list)
    rows = (
        Evidence.objects.filter(
            _public_evidence(),
            Q(update__target__registration__campaign=campaign)
            | Q(update__key_work__registration__campaign=campaign),
            content_type__startswith="image/",
            update__as_of__lte=on,
        )
        .exclude(thumbnail="")
        .order_by("-update__as_of", "-id")
        .values_list("pk", "update__target_id", "update__key_work_id")[:PHOTOS_ON_PUBLIC_PAGE]
    )
    for evidence_pk, target_id, key_work_id in rows:
        key = ("target", target_id) if target_id else ("key_work", key_work_id)
        photos[key].append(evidence_pk)
    public_standard = Target.objects.filter(
        registration_id__in=registration_ids, kind=TargetKind.STANDARD_COUNT, public=True
    ).select_related("criteria_set", "scope_unit")
    entries = [
        PublicEntry(
            unit=unit_name,
            item=item,
            photos=photos.get((item.kind, item.pk), []),
            status=DONE if item.done else LATE if item.late else "",
        )
        for unit_name, item in public_items
    ]
    return render(
        request,
        "campaigns/dash/public.html",
        {
            "campaign": campaign,
            "on": on,
            "overall": rollup.overall,
            "participating": len(rollup.participants),
            "approved": len(rollup.units),
            "sections": [
                (_("Targets"), [e for e in entries if e.item.kind == "target"]),
                (_("Key works"), [e for e in entries if e.item.kind == "key_work"]),
            ],
            "trackers": standard_trackers(public_standard, on=on),
        },
    )


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_photo(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    campaign = _public_campaign(pk)
    evidence = (
        Evidence.objects.filter(
            _public_evidence(),
            Q(update__target__registration__campaign=campaign)
            | Q(update__key_work__registration__campaign=campaign),
            pk=evidence_pk,
            content_type__startswith="image/",
        )
        .only("pk", "thumbnail")
        .first()
    )
    return _thumbnail_response(evidence, public=True)
