"""The emulation office's side of campaigns: list, launching form, participants, the campaign
page with its state moves, registrations to approve or return, units to remind, evaluation,
clusters and blocks, and the standards matrix.

Every view: parse, authorise (``selectors.access_*`` give outsiders 404; insiders without the
right get 403 from ``permissions`` or from the service), call a service, render.  Lists run in
a constant number of queries however much data there is (asserted by the tests).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.campaigns import permissions as perms
from thidua.campaigns import scoring, selectors, services
from thidua.campaigns.forms_office import (
    AssessmentForm,
    CampaignEditForm,
    ClusterForm,
    OverrideForm,
    ParticipantForm,
    ReminderForm,
    ReturnForm,
    ScoringCriterionForm,
)
from thidua.campaigns.models import (
    CAMPAIGN_TRANSITIONS,
    Campaign,
    CampaignForm,
    CampaignParticipant,
    CampaignState,
    Cluster,
    ClusterScore,
    CriteriaSet,
    CriterionAssessment,
    Evaluation,
    NotificationKind,
    Registration,
    RegistrationState,
    ReviewStage,
    ScoringCriterion,
)
from thidua.core.models import AuditEvent
from thidua.core.text import nfc
from thidua.org.models import COMMUNE_LEVEL_KINDS, Role, Unit, UnitKind, User
from thidua.org.permissions import Scope, access_unit, scope_for

CAMPAIGNS_PER_PAGE = 25
ROWS_PER_PAGE = 50
HISTORY_LIMIT = 50
REMIND_SINCE_DAYS = 30

# -- helpers ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page(request: HttpRequest, items: Any, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _count(model: Any, fk: str, **filters: Any) -> Coalesce:
    sub = (
        model.objects.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _require_manager(user: User, campaign: Campaign) -> None:
    if not perms.can_manage_campaign(user, campaign):
        raise PermissionDenied


def _is_office_or_admin(user: User) -> bool:
    return perms.is_admin(user) or (user.is_authenticated and user.role == Role.OFFICE)


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _access_in_campaign(qs: QuerySet[Any], campaign: Campaign, pk: int) -> Any:
    obj = qs.filter(pk=pk, campaign=campaign).first()
    if obj is None:
        raise Http404
    return obj


# -- 1. list ----------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = selectors.campaigns_visible_to(user)
    state = request.GET.get("state", "")
    form = request.GET.get("form", "")
    year = request.GET.get("year", "")
    q = nfc(request.GET.get("q", ""))
    qs = visible
    if state in CampaignState.values:
        qs = qs.filter(state=state)
    if form in CampaignForm.values:
        qs = qs.filter(form=form)
    if year.isdigit():
        qs = qs.filter(start_date__year=int(year))
    if q:
        # Diacritics ignored: the stored key (name and code folded) is searched in SQL.
        qs = selectors.campaigns_matching(qs, q)
    qs = qs.annotate(
        participant_count=_count(CampaignParticipant, "campaign"),
        registered_count=_count(
            Registration,
            "campaign",
            state__in=[RegistrationState.SUBMITTED, RegistrationState.APPROVED],
        ),
        approved_count=_count(Registration, "campaign", state=RegistrationState.APPROVED),
    )
    years = [d.year for d in visible.dates("start_date", "year", order="DESC")]
    scope = scope_for(user)
    can_create = perms.is_admin(user) or (user.role == Role.OFFICE and not scope.is_empty)
    return render(
        request,
        "campaigns/office/list.html",
        {
            "page": _page(request, qs, CAMPAIGNS_PER_PAGE),
            "states": CampaignState.choices,
            "forms": CampaignForm.choices,
            "years": years,
            "f": {"state": state, "form": form, "year": year, "q": q},
            "can_create": can_create,
            "today": timezone.localdate(),
            "standards": list(
                CriteriaSet.objects.order_by("code", "-valid_from").values_list("code", "name")
            ),
        },
    )


# -- 2. create / edit -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    if not (perms.is_admin(user) or (user.role == Role.OFFICE and not scope.is_empty)):
        raise PermissionDenied
    if request.method == "POST":
        form = CampaignEditForm(request.POST, request.FILES, scope=scope)
        if form.is_valid():
            data = form.changes()
            thresholds = scoring.Thresholds(
                float(data.pop("threshold_htxs")),
                float(data.pop("threshold_htt")),
                float(data.pop("threshold_ht")),
            )
            try:
                with transaction.atomic():
                    campaign = services.campaign_create(actor=user, thresholds=thresholds, **data)
                    if form.cleaned_data.get("plan_file"):
                        services.campaign_attach_plan(
                            actor=user, campaign=campaign, upload=form.cleaned_data["plan_file"]
                        )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The campaign was created as a draft."))
                return redirect("campaigns:participants", campaign.pk)
    else:
        initial: dict[str, Any] = {
            "threshold_htxs": 100,
            "threshold_htt": 90,
            "threshold_ht": 70,
            "form": CampaignForm.THEMATIC,
        }
        if user.unit is not None:
            initial["issuing_unit"] = user.unit.code
        form = CampaignEditForm(scope=scope, initial=initial)
    return render(request, "campaigns/office/form.html", {"form": form, "campaign": None})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    _require_manager(user, campaign)
    scope = scope_for(user)
    if request.method == "POST":
        form = CampaignEditForm(request.POST, request.FILES, scope=scope, instance=campaign)
        if form.is_valid():
            try:
                with transaction.atomic():
                    campaign = services.campaign_update(
                        actor=user, campaign=campaign, **form.changes()
                    )
                    if form.cleaned_data.get("plan_file"):
                        services.campaign_attach_plan(
                            actor=user, campaign=campaign, upload=form.cleaned_data["plan_file"]
                        )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The campaign was saved."))
                return redirect("campaigns:detail", campaign.pk)
    else:
        form = CampaignEditForm(scope=scope, instance=campaign)
    return render(request, "campaigns/office/form.html", {"form": form, "campaign": campaign})


# -- 3. participants --------------------------------------------------------------------------


def _quick_units(campaign: Campaign, scope: Scope, kinds: Iterable[str]) -> list[Unit]:
    """Active units of ``kinds`` under the issuing unit, inside the user's scope."""
    low, high = campaign.issuing_unit.path_bounds()
    today = timezone.localdate()
    return list(
        Unit.objects.filter(scope.q("path"), path__gte=low, path__lt=high, kind__in=list(kinds))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    can_manage = perms.can_manage_campaign(user, campaign)
    scope = scope_for(user)
    form = ParticipantForm(scope=scope)
    if request.method == "POST":
        _require_manager(user, campaign)
        action = request.POST.get("action", "add")
        try:
            if action == "add":
                form = ParticipantForm(request.POST, scope=scope)
                if form.is_valid():
                    data = form.cleaned_data
                    services.campaign_participant_add(
                        actor=user,
                        campaign=campaign,
                        unit=data["unit"],
                        include_subtree=data["include_subtree"],
                        levels=data["levels"] if data["include_subtree"] else None,
                    )
                    messages.success(
                        request, _("%(unit)s was added.") % {"unit": data["unit"].name}
                    )
                    return redirect("campaigns:participants", campaign.pk)
            elif action == "remove":
                row = (
                    CampaignParticipant.objects.select_related("unit")
                    .filter(campaign=campaign, pk=request.POST.get("participant") or 0)
                    .first()
                )
                if row is None:
                    raise Http404
                services.campaign_participant_remove(actor=user, campaign=campaign, unit=row.unit)
                messages.success(request, _("%(unit)s was removed.") % {"unit": row.unit.name})
                return redirect("campaigns:participants", campaign.pk)
            elif action in ("communes", "districts"):
                kinds = COMMUNE_LEVEL_KINDS if action == "communes" else (UnitKind.DISTRICT,)
                units = _quick_units(campaign, scope, kinds)
                with transaction.atomic():
                    for unit in units:
                        services.campaign_participant_add(actor=user, campaign=campaign, unit=unit)
                messages.success(
                    request,
                    _("%(n)s units were added.") % {"n": len(units)},
                )
                return redirect("campaigns:participants", campaign.pk)
            else:
                raise Http404
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
            if action != "add":
                return redirect("campaigns:participants", campaign.pk)
    rows = list(
        CampaignParticipant.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__path")
    )
    return render(
        request,
        "campaigns/office/participants.html",
        {
            "campaign": campaign,
            "rows": rows,
            "form": form,
            "resolved": selectors.participant_units(campaign).count(),
            "can_manage": can_manage,
            "is_draft": campaign.state == CampaignState.DRAFT,
        },
    )


# -- 4. the campaign page and its state moves -------------------------------------------------

TRANSITION_ORDER = [
    CampaignState.LAUNCHED,
    CampaignState.INTERIM_REVIEW,
    CampaignState.FINAL_REVIEW,
    CampaignState.CLOSED,
]


def _next_states(campaign: Campaign) -> list[tuple[str, str]]:
    allowed = CAMPAIGN_TRANSITIONS.get(campaign.state, frozenset())
    return [(s.value, str(s.label)) for s in TRANSITION_ORDER if s in allowed]


def _registrations_in_view(user: User, campaign: Campaign) -> QuerySet[Registration]:
    qs = Registration.objects.filter(campaign=campaign)
    if not perms.can_manage_campaign(user, campaign):
        qs = qs.filter(scope_for(user).q("unit__path"))
    return qs


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    can_manage = perms.can_manage_campaign(user, campaign)
    by_state = dict(
        _registrations_in_view(user, campaign)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    counts = [(label, value, by_state.get(value, 0)) for value, label in RegistrationState.choices]
    context: dict[str, Any] = {
        "campaign": campaign,
        "can_manage": can_manage,
        "next_states": _next_states(campaign) if can_manage else [],
        "problems": services.launch_problems(campaign)
        if can_manage and campaign.state == CampaignState.DRAFT
        else [],
        "counts": counts,
        "participant_total": selectors._scoped_units(
            user, campaign, selectors.participant_units(campaign)
        ).count(),
        "not_registered": selectors.units_not_registered(campaign, user=user).count(),
        "movements": list(campaign.movements.all()),
        "stages": ReviewStage.choices,
    }
    return render(request, "campaigns/office/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page for a move; POST with ``confirm``: make it."""
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    _require_manager(user, campaign)
    to_state = request.POST.get("to") or request.GET.get("to") or ""
    if to_state not in dict(_next_states(campaign)):
        messages.error(
            request,
            _("A campaign in state “%(state)s” cannot make this move.")
            % {"state": campaign.get_state_display()},
        )
        return redirect("campaigns:detail", campaign.pk)
    problems = services.launch_problems(campaign) if to_state == CampaignState.LAUNCHED else []
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.campaign_transition(actor=user, campaign=campaign, to_state=to_state)
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            messages.success(
                request,
                _("The campaign is now: %(state)s.") % {"state": CampaignState(to_state).label},
            )
            return redirect("campaigns:detail", campaign.pk)
    return render(
        request,
        "campaigns/office/transition.html",
        {
            "campaign": campaign,
            "to_state": to_state,
            "to_label": CampaignState(to_state).label,
            "problems": problems,
            "participant_total": selectors.participant_units(campaign).count(),
        },
    )


# -- 5. registrations, units not registered, reminders ----------------------------------------


def _districts(user: User, campaign: Campaign) -> list[Unit]:
    low, high = campaign.issuing_unit.path_bounds()
    return list(
        Unit.objects.filter(
            scope_for(user).q("path"), path__gte=low, path__lt=high, kind=UnitKind.DISTRICT
        ).order_by("name_folded")
    )


def _registrations_context(
    request: HttpRequest, user: User, campaign: Campaign, errors: dict[int, Any] | None = None
) -> dict[str, Any]:
    qs = selectors.registrations_for(user, campaign)
    state = request.GET.get("state", "")
    district_code = request.GET.get("district", "")
    districts = _districts(user, campaign)
    if state in RegistrationState.values:
        qs = qs.filter(state=state)
    chosen = next((d for d in districts if d.code == district_code), None)
    if chosen is not None:
        low, high = chosen.path_bounds()
        qs = qs.filter(unit__path__gte=low, unit__path__lt=high)
    page = _page(request, qs, ROWS_PER_PAGE)
    for registration in page.object_list:
        registration.campaign = campaign  # no query per row for the permission check
        reports = [
            t for t in (registration.last_target_report, registration.last_key_work_report) if t
        ]
        registration.last_report = max(reports) if reports else None
        registration.decide_error = (errors or {}).get(registration.pk)
        registration.decidable = registration.can_decide() and perms.can_decide_registration(
            user, registration
        )
    return {
        "campaign": campaign,
        "page": page,
        "states": RegistrationState.choices,
        "districts": districts,
        "f": {"state": state, "district": district_code},
        "errors": errors or {},
        "return_form": ReturnForm(),
    }


@login_required
@require_GET
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    return render(
        request,
        "campaigns/office/registrations.html",
        _registrations_context(request, user, campaign),
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, pk: int, rpk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    registration = selectors.access_registration(user, rpk)
    if registration.campaign_id != campaign.pk:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.registration_approve(actor=user, registration=registration)
            messages.success(
                request, _("The registration of %(u)s was approved.") % {"u": registration.unit}
            )
        elif action == "return":
            form = ReturnForm(request.POST)
            form.is_valid()
            services.registration_return(
                actor=user, registration=registration, reason=form.cleaned_data.get("reason", "")
            )
            messages.success(
                request, _("The registration of %(u)s was returned.") % {"u": registration.unit}
            )
        else:
            raise Http404
    except ValidationError as error:
        context = _registrations_context(
            request,
            user,
            campaign,
            errors={
                registration.pk: {
                    "messages": _messages_of(error),
                    "reason": request.POST.get("reason", ""),
                }
            },
        )
        return render(request, "campaigns/office/registrations.html", context, status=400)
    back = reverse("campaigns:registrations", args=[campaign.pk])
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}" if query else back)


def _since(request: HttpRequest) -> dt.date:
    text = request.POST.get("since") or request.GET.get("since") or ""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate() - dt.timedelta(days=REMIND_SINCE_DAYS)


@login_required
@require_GET
def not_registered(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    since = _since(request)
    return render(
        request,
        "campaigns/office/not_registered.html",
        {
            "campaign": campaign,
            "unregistered": list(
                selectors.units_not_registered(campaign, user=user).order_by("path")
            ),
            "unreported": list(
                selectors.units_not_reported_since(campaign, since, user=user).order_by("path")
            ),
            "since": since,
            "can_manage": perms.can_manage_campaign(user, campaign),
            "is_open": campaign.is_open,
            "form": ReminderForm(),
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    _require_manager(user, campaign)
    form = ReminderForm(request.POST)
    back = reverse("campaigns:not_registered", args=[campaign.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(back)
    kind = form.cleaned_data["kind"]
    since = _since(request)
    if kind == NotificationKind.REMIND_REGISTER:
        candidates = selectors.units_not_registered(campaign, user=user)
    else:
        candidates = selectors.units_not_reported_since(campaign, since, user=user)
    if request.POST.get("all") != "1":
        ids = [int(v) for v in request.POST.getlist("unit") if v.isdigit()]
        candidates = candidates.filter(pk__in=ids)
    units = list(candidates)
    if not units:
        messages.error(request, _("Choose at least one unit to remind."))
        return redirect(back)
    try:
        sent = services.reminder_send(
            actor=user, campaign=campaign, units=units, kind=kind, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Reminders sent to %(n)s units.") % {"n": sent})
    return redirect(f"{back}?since={since.isoformat()}")


# -- 6. evaluation ----------------------------------------------------------------------------


def _evaluation_context(
    user: User, campaign: Campaign, stage: str, errors: dict[int, Any] | None = None
) -> dict[str, Any]:
    can_manage = perms.can_manage_campaign(user, campaign)
    rows = list(selectors.evaluations_for(user, campaign, stage).order_by("unit__path"))
    for row in rows:
        row.override_error = (errors or {}).get(row.pk)  # type: ignore[attr-defined]
    history = (
        AuditEvent.objects.filter(
            action="evaluation.override",
            target_type__app_label="campaigns",
            target_type__model="evaluation",
            target_id__in=Evaluation.objects.filter(campaign=campaign, stage=stage).values(
                as_text=Cast("pk", CharField())
            ),
        )
        .select_related("unit")
        .order_by("-at", "-id")
    )
    if not can_manage:
        history = history.filter(scope_for(user).q("unit__path"))
    stage_state = services.STAGE_STATE[stage]
    return {
        "campaign": campaign,
        "stage": stage,
        "stage_label": ReviewStage(stage).label,
        "stages": ReviewStage.choices,
        "rows": rows,
        "history": list(history[:HISTORY_LIMIT]),
        "can_manage": can_manage,
        "can_compute": can_manage and campaign.state == stage_state,
        "can_override": can_manage and campaign.state != CampaignState.CLOSED,
        "errors": errors or {},
        "override_form": OverrideForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    if stage not in ReviewStage.values:
        raise Http404
    if request.method == "POST":
        _require_manager(user, campaign)
        try:
            n = services.evaluation_compute(actor=user, campaign=campaign, stage=stage)
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s units were evaluated.") % {"n": n})
        return redirect("campaigns:evaluation", campaign.pk, stage)
    return render(
        request, "campaigns/office/evaluation.html", _evaluation_context(user, campaign, stage)
    )


@login_required
@require_POST
def evaluation_override(request: HttpRequest, pk: int, stage: str, epk: int) -> HttpResponse:
    user = _user(request)
    campaign = selectors.access_campaign(user, pk)
    if stage not in ReviewStage.values:
        raise Http404
    row = _access_in_campaign(selectors.evaluations_for(user, campaign, stage), campaign, epk)
    _require_manager(user, campaign)
    form = OverrideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.evaluation_override(
            actor=user,
            evaluation=row,
            final_class=form.cleaned_data["final_class"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        context = _evaluation_context(
            user,
            campaign,
            stage,
            errors={
                row.pk: {"messages": _messages_of(error), "reason": request.POST.get("reason", "")}
            },
        )
        return render(request, "campaigns/office/evaluation.html", context, status=400)
    messages.success(request, _("The class of %(u)s was changed.") % {"u": row.unit.name})
    return redirect("campaigns:evaluation", campaign.pk, stage)


# -- 7. clusters and blocks -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def clusters(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    may_create = _is_office_or_admin(user) and not scope.is_empty
    campaigns = selectors.campaigns_visible_to(user).filter(scope.q("issuing_unit__path"))
    form = ClusterForm(scope=scope, campaigns=campaigns)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        form = ClusterForm(request.POST, scope=scope, campaigns=campaigns)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cluster = services.cluster_create(
                    actor=user,
                    name=data["name"],
                    kind=data["kind"],
                    owner_unit=data["owner_unit"],
                    members=data["members"],
                    year=data["year"],
                    campaign=data["campaign"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The cluster was created."))
                return redirect("campaigns:cluster", cluster.pk)
    qs = (
        selectors.clusters_visible_to(user)
        .select_related("owner_unit", "campaign")
        .annotate(
            member_count=Count("members", distinct=True),
            criteria_count=Count("criteria", distinct=True),
        )
        .order_by("-year", "name")
    )
    return render(
        request,
        "campaigns/office/clusters.html",
        {"page": _page(request, qs, ROWS_PER_PAGE), "form": form, "may_create": may_create},
    )


@dataclass
class ScoreCell:
    criterion_id: int
    unit_id: int
    max_points: Any
    self_score: float | None
    agreed: float | None
    can_self: bool
    can_agree: bool
    error: str = ""


@dataclass
class ScoreRow:
    unit: Unit
    cells: list[ScoreCell] = field(default_factory=list)
    self_total: float = 0.0
    agreed_total: float = 0.0


def _cluster_context(user: User, cluster: Cluster) -> dict[str, Any]:
    table = selectors.cluster_ranking(cluster)
    can_manage = perms.can_manage_cluster(user, cluster)
    by_unit = {r.row.key: r.row for r in table.ranking}
    rows = []
    for uid, unit in table.units.items():
        rank_row = by_unit[uid]
        can_self = perms.can_write_for_unit(user, uid)
        rows.append(
            ScoreRow(
                unit=unit,
                cells=[
                    ScoreCell(
                        criterion_id=cid,
                        unit_id=uid,
                        max_points=max_points,
                        self_score=s,
                        agreed=a,
                        can_self=can_self,
                        can_agree=can_manage,
                    )
                    for (cid, _name, max_points), s, a in zip(
                        table.criteria, rank_row.self_scores, rank_row.agreed, strict=True
                    )
                ],
                self_total=rank_row.self_total,
                agreed_total=rank_row.agreed_total,
            )
        )
    return {
        "cluster": cluster,
        "table": table,
        "rows": rows,
        "ranking": [(r, table.units[r.row.key]) for r in table.ranking],
        "can_manage": can_manage,
        "max_total": sum(c[2] for c in table.criteria),
    }


@login_required
@require_http_methods(["GET", "POST"])
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cluster = selectors.access_cluster(user, pk)
    form = ScoringCriterionForm()
    if request.method == "POST":
        if not perms.can_manage_cluster(user, cluster):
            raise PermissionDenied
        form = ScoringCriterionForm(request.POST)
        if form.is_valid():
            try:
                services.scoring_criterion_add(
                    actor=user,
                    cluster=cluster,
                    name=form.cleaned_data["name"],
                    max_points=form.cleaned_data["max_points"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The criterion was added."))
                return redirect("campaigns:cluster", cluster.pk)
    context = _cluster_context(user, cluster)
    if request.GET.get("part") == "ranking":
        return render(request, "campaigns/office/_ranking.html", context)
    context["form"] = form
    return render(request, "campaigns/office/cluster.html", context)


@login_required
@require_POST
def cluster_score(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a member's self score and/or the agreed score of one cell (HTMX: the cell)."""
    user = _user(request)
    cluster = selectors.access_cluster(user, pk)
    criterion = ScoringCriterion.objects.filter(
        cluster=cluster, pk=request.POST.get("criterion") or 0
    ).first()
    unit = cluster.members.filter(pk=request.POST.get("unit") or 0).first()
    if criterion is None or unit is None:
        raise Http404
    criterion.cluster = cluster
    can_self = perms.can_write_for_unit(user, unit.pk)
    can_agree = perms.can_manage_cluster(user, cluster)
    self_value = request.POST.get("self_score", "").strip()
    agreed_value = request.POST.get("agreed_score", "").strip()
    if (self_value and not can_self) or (agreed_value and not can_agree):
        raise PermissionDenied
    if not (can_self or can_agree):
        raise PermissionDenied
    error = ""
    try:
        with transaction.atomic():
            if self_value:
                services.cluster_score_self(
                    actor=user, criterion=criterion, unit=unit, score=self_value
                )
            if agreed_value:
                services.cluster_score_agree(
                    actor=user, criterion=criterion, unit=unit, score=agreed_value
                )
    except ValidationError as exc:
        error = " ".join(_messages_of(exc))
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect("campaigns:cluster", cluster.pk)
    row = ClusterScore.objects.filter(unit=unit, criterion=criterion).first()
    cell = ScoreCell(
        criterion_id=criterion.pk,
        unit_id=unit.pk,
        max_points=criterion.max_points,
        self_score=float(row.self_score) if row and row.self_score is not None else None,
        agreed=float(row.agreed_score) if row and row.agreed_score is not None else None,
        can_self=can_self,
        can_agree=can_agree,
        error=error,
    )
    response = render(
        request, "campaigns/office/_score_cell.html", {"cell": cell, "cluster": cluster}
    )
    if not error:
        response["HX-Trigger"] = "scores-changed"
    return response


# -- 8. standards -----------------------------------------------------------------------------


@dataclass
class MatrixCell:
    met: bool | None
    on: dt.date | None


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[MatrixCell]
    met: int
    meets: bool


def _latest_assessments(
    criteria_set: CriteriaSet, units_q: Q, on: dt.date
) -> dict[int, dict[int, tuple[bool, dt.date]]]:
    """unit id → criterion id → (met, date) of the latest assessment on or before ``on``."""
    rows = (
        CriterionAssessment.objects.filter(
            criterion__criteria_set=criteria_set, assessed_on__lte=on
        )
        .filter(units_q)
        .order_by("unit_id", "criterion_id", "assessed_on", "id")
        .values_list("unit_id", "criterion_id", "met", "assessed_on")
    )
    latest: dict[int, dict[int, tuple[bool, dt.date]]] = defaultdict(dict)
    for unit_id, criterion_id, met, assessed_on in rows:
        latest[unit_id][criterion_id] = (met, assessed_on)
    return latest


@login_required
@require_http_methods(["GET", "POST"])
def standard(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    sets = CriteriaSet.objects.filter(code=code).order_by("-valid_from")
    version = request.GET.get("version")
    criteria_set = (sets.filter(version=version) if version else sets).first()
    if criteria_set is None:
        raise Http404
    scope = scope_for(user)
    today = timezone.localdate()
    unit_code = request.GET.get("unit", "").strip()
    selected = access_unit(user, unit_code) if unit_code else None
    under_code = request.GET.get("under", "").strip()
    under = access_unit(user, under_code) if under_code else None
    criteria_qs = criteria_set.criteria.order_by("number")
    criteria = list(criteria_qs)
    kinds = list(criteria_set.unit_kinds or [])
    form = None
    can_assess = selected is not None and perms.can_assess(user, selected)
    if selected is not None and kinds and selected.kind not in kinds:
        messages.warning(
            request,
            _("The standard “%(set)s” does not apply to %(unit)s.")
            % {"set": criteria_set.name, "unit": selected.name},
        )
        can_assess = False
    if request.method == "POST":
        if selected is None:
            raise Http404
        if not can_assess:
            raise PermissionDenied
        form = AssessmentForm(request.POST, request.FILES, criteria=criteria_qs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.criterion_assess(
                    actor=user,
                    unit=selected,
                    criterion=data["criterion"],
                    met=data["met"],
                    assessed_on=data["assessed_on"],
                    evidence=data["evidence"] or None,
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The assessment was recorded."))
                return redirect(request.get_full_path())
    elif can_assess:
        form = AssessmentForm(criteria=criteria_qs, initial={"assessed_on": today, "met": "1"})

    units_q = scope.q("path")
    if under is not None:
        low, high = under.path_bounds()
        units_q &= Q(path__gte=low, path__lt=high)
    units_qs = Unit.objects.filter(units_q).filter(
        Q(active_from__isnull=True) | Q(active_from__lte=today),
        Q(active_to__isnull=True) | Q(active_to__gte=today),
    )
    if kinds:
        units_qs = units_qs.filter(kind__in=kinds)
    units = list(units_qs.order_by("path").only("pk", "code", "name", "path", "kind"))
    latest = _latest_assessments(criteria_set, Q(unit__in=units_qs), today)
    need = len(criteria)

    def _meets(uid: int) -> tuple[int, bool]:
        got = latest.get(uid, {})
        met = sum(1 for m, _d in got.values() if m)
        return met, bool(need) and met == need

    meeting = sum(1 for u in units if _meets(u.pk)[1])
    page = _page(request, units, ROWS_PER_PAGE)
    rows = []
    for unit in page.object_list:
        got = latest.get(unit.pk, {})
        met, meets = _meets(unit.pk)
        rows.append(
            MatrixRow(
                unit=unit,
                cells=[MatrixCell(*got.get(c.pk, (None, None))) for c in criteria],
                met=met,
                meets=meets,
            )
        )
    history: list[CriterionAssessment] = []
    status: list[tuple[Any, MatrixCell]] = []
    if selected is not None:
        history = list(
            CriterionAssessment.objects.filter(unit=selected, criterion__criteria_set=criteria_set)
            .select_related("criterion", "assessed_by")
            .order_by("-assessed_on", "-id")[:HISTORY_LIMIT]
        )
        mine = _latest_assessments(criteria_set, Q(unit=selected), today).get(selected.pk, {})
        status = [(c, MatrixCell(*mine.get(c.pk, (None, None)))) for c in criteria]
    return render(
        request,
        "campaigns/office/standard.html",
        {
            "criteria_set": criteria_set,
            "versions": list(sets.values_list("version", flat=True)),
            "criteria": criteria,
            "rows": rows,
            "page": page,
            "meeting": meeting,
            "total": len(units),
            "under": under,
            "selected": selected,
            "status": status,
            "history": history,
            "form": form,
            "can_assess": can_assess,
        },
    )
