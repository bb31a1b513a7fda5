"""The unit side of campaigns: what a commune's or agency's emulation officer does.

- ``my_campaigns``: the campaigns the account's unit (and the units under it) take part in,
  each with its registration state, the countdown and what to do next.
- ``notifications``: the unit's inbox (mark read).
- ``registration``: targets, key works and title pledges of one registration (HTMX inline
  forms; without JavaScript the same forms post and redirect), and the submit button.
- ``report``: progress per target and key work with evidence files, the history and the
  at-risk explanation.
- ``progress_import``: bulk progress from an Excel sheet (``progress_import.py``).

Every view: parse, authorise (``selectors.access_*`` give 404 to outsiders; insiders without
the right get 403), call a service, render.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.campaigns import files, progress_import, scoring, selectors, services
from thidua.campaigns.forms_unit import (
    KeyWorkForm,
    MilestoneForm,
    PledgeForm,
    ProgressForm,
    ProgressImportForm,
    TargetForm,
)
from thidua.campaigns.models import (
    OPEN_STATES,
    Campaign,
    CampaignParticipant,
    CampaignState,
    Evidence,
    KeyWork,
    ProgressUpdate,
    Registration,
    RegistrationState,
    Target,
    TitlePledge,
)
from thidua.campaigns.permissions import UNIT_WRITERS, can_edit_registration, is_admin
from thidua.jobs.selectors import recent_jobs
from thidua.jobs.services import start_job
from thidua.jobs.tasks import import_progress_file
from thidua.notifications.selectors import unread_count
from thidua.org.models import Unit
from thidua.org.permissions import scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_EVERY_DAYS = 30  # an approved registration silent this long needs a progress report
UNITS_PER_CAMPAIGN = 30  # rows listed per campaign on "my campaigns"; the rest are counted
CAMPAIGNS_LISTED = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _vn_date(day: dt.date | None) -> str:
    """02/9/2020: the way Vietnamese documents write a deadline."""
    return "" if day is None else f"{day:%d}/{day.month}/{day:%Y}"


# -- my campaigns ------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    registration: Registration | None
    can_act: bool
    next_step: str
    tone: str  # "action", "current", "former": badge style
    countdown: str
    overdue: bool


@dataclass
class CampaignBlock:
    campaign: Campaign
    rows: list[UnitRow] = field(default_factory=list)
    more: int = 0


def _countdown(deadline: dt.date | None, today: dt.date) -> tuple[str, bool]:
    if deadline is None:
        return "", False
    days = (deadline - today).days
    if days > 0:
        return _("%(n)s days left (until %(d)s)") % {"n": days, "d": _vn_date(deadline)}, False
    if days == 0:
        return _("due today (%(d)s)") % {"d": _vn_date(deadline)}, False
    return _("%(n)s days overdue (was %(d)s)") % {"n": -days, "d": _vn_date(deadline)}, True


def _next_step(
    campaign: Campaign, registration: Registration | None, today: dt.date
) -> tuple[str, str]:
    if registration is None:
        return _("Not registered"), "action"
    state = registration.state
    if state == RegistrationState.DRAFT:
        return _("Draft: complete it and submit"), "action"
    if state == RegistrationState.RETURNED:
        return _("Returned: %(reason)s") % {"reason": registration.returned_reason}, "action"
    if state == RegistrationState.SUBMITTED:
        return _("Waiting for approval"), "current"
    last = max(
        (
            t
            for t in (
                getattr(registration, "last_target_report", None),
                getattr(registration, "last_key_work_report", None),
            )
            if t is not None
        ),
        default=None,
    )
    if campaign.state in OPEN_STATES and (
        last is None or (today - timezone.localdate(last)).days >= REPORT_EVERY_DAYS
    ):
        return _("Progress report needed"), "action"
    if last is not None:
        return _("Progress reported on %(d)s") % {"d": f"{timezone.localdate(last):%d/%m/%Y}"}, (
            "current"
        )
    return _("Approved"), "current"


def _participates(unit: Unit, campaign: Campaign, rows: list[tuple[Any, ...]]) -> bool:
    """``selectors.participant_filter`` evaluated in memory for one unit."""
    if unit.pk == campaign.issuing_unit_id:
        return False
    if campaign.start_date and unit.active_to and unit.active_to < campaign.start_date:
        return False
    for unit_id, path, depth, include_subtree, levels in rows:
        if unit_id == unit.pk:
            return True
        if (
            include_subtree
            and unit.path.startswith(path)
            and (levels is None or unit.depth <= depth + levels)
        ):
            return True
    return False


def my_campaign_blocks(user: Any, today: dt.date) -> list[CampaignBlock]:
    """Campaigns the account's unit or units under it take part in, with every such unit's
    registration and next step.  Five queries however many campaigns, units and reports."""
    unit: Unit | None = getattr(user, "unit", None)
    if unit is None:
        return []
    low, high = unit.path_bounds()
    in_subtree = Q(unit__path__gte=low, unit__path__lt=high)
    above = Q(unit_id__in=[*unit.ancestor_ids(), unit.pk], include_subtree=True)
    taking_part = CampaignParticipant.objects.filter(campaign=OuterRef("pk")).filter(
        in_subtree | above
    )
    campaigns = list(
        selectors.campaigns_visible_to(user)
        .exclude(state=CampaignState.DRAFT)
        .filter(Exists(taking_part))
        .order_by("-start_date", "-id")[:CAMPAIGNS_LISTED]
    )
    if not campaigns:
        return []
    by_campaign: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for campaign_id, *row in CampaignParticipant.objects.filter(campaign__in=campaigns).values_list(
        "campaign_id", "unit_id", "unit__path", "unit__depth", "include_subtree", "levels"
    ):
        by_campaign[campaign_id].append(tuple(row))
    candidates = Q(pk__in=[])
    for rows in by_campaign.values():
        for unit_id, path, _depth, include_subtree, _levels in rows:
            candidates |= Q(pk=unit_id)
            if include_subtree:
                candidates |= Q(path__startswith=path)
    units = list(Unit.objects.filter(Q(path__gte=low, path__lt=high) & candidates).order_by("path"))
    registrations = {
        (r.campaign_id, r.unit_id): r
        for r in Registration.objects.filter(
            campaign__in=campaigns, unit__path__gte=low, unit__path__lt=high
        ).annotate(
            last_target_report=selectors._last_report("target__registration"),
            last_key_work_report=selectors._last_report("key_work__registration"),
        )
    }
    blocks = []
    for campaign in campaigns:
        block = CampaignBlock(campaign=campaign)
        rows = by_campaign.get(campaign.pk, [])
        for u in units:
            if not _participates(u, campaign, rows):
                continue
            if len(block.rows) >= UNITS_PER_CAMPAIGN:
                block.more += 1
                continue
            registration = registrations.get((campaign.pk, u.pk))
            next_step, tone = _next_step(campaign, registration, today)
            registering = registration is None or registration.state in (
                RegistrationState.DRAFT,
                RegistrationState.RETURNED,
            )
            deadline = campaign.registration_deadline if registering else campaign.deadline
            countdown, overdue = _countdown(deadline, today)
            block.rows.append(
                UnitRow(
                    unit=u,
                    registration=registration,
                    can_act=is_admin(user) or (user.role in UNIT_WRITERS and user.unit_id == u.pk),
                    next_step=next_step,
                    tone=tone,
                    countdown=countdown,
                    overdue=overdue,
                )
            )
        if block.rows:
            blocks.append(block)
    return blocks


@login_required
@require_GET
def my_campaigns(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    blocks = my_campaign_blocks(user, today)
    unread = unread_count(request)  # the account's inbox (thidua.notifications), cached
    return render(
        request,
        "campaigns/unit/my_campaigns.html",
        {
            "blocks": blocks,
            "unread": unread,
            "today": today,
            "registration_open": (CampaignState.LAUNCHED, CampaignState.INTERIM_REVIEW),
        },
    )


# -- notifications -----------------------------------------------------------------------------
# Campaign events go to each account's inbox (``thidua.notifications``, ``/notifications/``);
# the campaign's own rows (``campaigns.Notification``) are the record of what was sent to which
# unit.  The addresses of the former per-unit inbox lead to the account's inbox.


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return redirect("notifications:inbox")


# -- registration ------------------------------------------------------------------------------


def _writable(request: HttpRequest, pk: int) -> Registration:
    """The registration (404 for outsiders), if the account may write it (else 403)."""
    registration = selectors.access_registration(request.user, pk)
    if not can_edit_registration(request.user, registration):
        raise PermissionDenied
    return registration


@login_required
@require_POST
def registration_create(request: HttpRequest, campaign_pk: int, unit_pk: int) -> HttpResponse:
    campaign = selectors.access_campaign(request.user, campaign_pk)
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None or not scope_for(request.user).contains(unit):
        raise Http404
    existing = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if existing is not None:
        return redirect("campaign_unit:registration", existing.pk)
    try:
        registration = services.registration_create(
            actor=request.user, campaign=campaign, unit=unit
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("campaign_unit:my_campaigns")
    messages.success(
        request,
        _("Registration started. Add your targets, key works and title pledges, then submit."),
    )
    return redirect("campaign_unit:registration", registration.pk)


def _registration_context(
    request: HttpRequest, registration: Registration, **forms: Any
) -> dict[str, Any]:
    campaign = registration.campaign
    can_edit = can_edit_registration(request.user, registration)
    editable = can_edit and registration.is_editable and campaign.state in OPEN_STATES
    targets = list(registration.targets.select_related("criteria_set", "scope_unit"))
    works = list(registration.key_works.prefetch_related("milestones"))
    pledges = list(registration.pledges.select_related("person", "collective"))
    problems = services.submit_problems(registration) if editable else []
    context: dict[str, Any] = {
        "registration": registration,
        "campaign": campaign,
        "unit": registration.unit,
        "targets": targets,
        "works": works,
        "pledges": pledges,
        "can_edit": can_edit,
        "editable": editable,
        "problems": problems,
        "can_add_work": len(works) < campaign.max_key_works,
        "can_report": can_edit and registration.can_report() and campaign.state in OPEN_STATES,
    }
    if editable:
        context["target_form"] = forms.get("target_form") or TargetForm(
            registration=registration, prefix="target"
        )
        context["work_form"] = forms.get("work_form") or KeyWorkForm(prefix="work")
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm(
            registration=registration, prefix="pledge"
        )
        context["open_form"] = forms.get("open_form", "")
    return context


def _render_registration(
    request: HttpRequest, registration: Registration, status: int = 200, **forms: Any
) -> HttpResponse:
    context = _registration_context(request, registration, **forms)
    template = (
        "campaigns/unit/_registration_body.html"
        if _is_htmx(request)
        else "campaigns/unit/registration.html"
    )
    return render(request, template, context, status=status)


def _after_write(request: HttpRequest, registration: Registration, message: str) -> HttpResponse:
    messages.success(request, message)
    if _is_htmx(request):
        return _render_registration(request, registration)
    return redirect("campaign_unit:registration", registration.pk)


def _service_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    reg = selectors.access_registration(request.user, pk)
    return _render_registration(request, reg)


@login_required
@require_POST
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    form = TargetForm(request.POST, registration=reg, prefix="target")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.target_add(
                actor=request.user,
                registration=reg,
                kind=data["kind"],
                name=data["name"],
                indicator=data["indicator"],
                measure=data["measure"],
                baseline=data["baseline"],
                target_value=data["target_value"],
                direction=data["direction"],
                weight=data["weight"],
                due_date=data["due_date"],
                public=data["public"],
                criteria_set=data["criteria_set"],
                scope_unit=data["scope_unit"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _after_write(
                request, reg, _("Target “%(name)s” added.") % {"name": data["name"]}
            )
    return _render_registration(request, reg, target_form=form, open_form="target")


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    target = get_object_or_404(Target, pk=item_pk, registration=reg)
    if request.method == "POST":
        form = TargetForm(request.POST, registration=reg)
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k in services.TARGET_FIELDS}
            try:
                services.target_update(actor=request.user, target=target, **changes)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Target “%(name)s” saved.") % {"name": target.name})
                return redirect("campaign_unit:registration", reg.pk)
    else:
        form = TargetForm(initial=TargetForm.initial_from(target), registration=reg)
    return render(
        request,
        "campaigns/unit/item_form.html",
        {"registration": reg, "form": form, "item": target, "what": _("target")},
    )


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    target = get_object_or_404(Target, pk=item_pk, registration=reg)
    try:
        services.target_remove(actor=request.user, target=target)
    except ValidationError as error:
        _service_errors(request, error)
        return _render_registration(request, reg)
    return _after_write(request, reg, _("Target “%(name)s” removed.") % {"name": target.name})


@login_required
@require_POST
def key_work_add(request: HttpRequest, pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    form = KeyWorkForm(request.POST, prefix="work")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.key_work_add(
                actor=request.user,
                registration=reg,
                name=data["name"],
                description=data["description"],
                place=data["place"],
                cost=data["cost"],
                people_money=data["people_money"],
                people_labour_days=data["people_labour_days"],
                weight=data["weight"],
                due_date=data["due_date"],
                public=data["public"],
                milestones=data["milestones"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _after_write(
                request, reg, _("Key work “%(name)s” added.") % {"name": data["name"]}
            )
    return _render_registration(request, reg, work_form=form, open_form="work")


@login_required
@require_http_methods(["GET", "POST"])
def key_work_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    work = get_object_or_404(KeyWork, pk=item_pk, registration=reg)
    if request.method == "POST":
        form = KeyWorkForm(request.POST, editing=True)
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k in services.KEY_WORK_FIELDS}
            try:
                services.key_work_update(actor=request.user, key_work=work, **changes)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Key work “%(name)s” saved.") % {"name": work.name})
                return redirect("campaign_unit:registration", reg.pk)
    else:
        form = KeyWorkForm(initial=KeyWorkForm.initial_from(work), editing=True)
    return render(
        request,
        "campaigns/unit/item_form.html",
        {"registration": reg, "form": form, "item": work, "what": _("key work")},
    )


@login_required
@require_POST
def key_work_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    work = get_object_or_404(KeyWork, pk=item_pk, registration=reg)
    try:
        services.key_work_remove(actor=request.user, key_work=work)
    except ValidationError as error:
        _service_errors(request, error)
        return _render_registration(request, reg)
    return _after_write(request, reg, _("Key work “%(name)s” removed.") % {"name": work.name})


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    work = get_object_or_404(KeyWork, pk=item_pk, registration=reg)
    form = MilestoneForm(request.POST, prefix=f"m{work.pk}")
    if form.is_valid():
        try:
            services.milestone_add(
                actor=request.user,
                key_work=work,
                name=form.cleaned_data["name"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            _service_errors(request, error)
        else:
            return _after_write(
                request,
                reg,
                _("Milestone “%(name)s” added.") % {"name": form.cleaned_data["name"]},
            )
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    if _is_htmx(request):
        return _render_registration(request, reg)
    return redirect("campaign_unit:registration", reg.pk)


@login_required
@require_POST
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    form = PledgeForm(request.POST, registration=reg, prefix="pledge")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pledge_add(
                actor=request.user,
                registration=reg,
                award_code=data["award_code"],
                person=data["person_obj"],
                collective=None if data["person_obj"] else data["collective_obj"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _after_write(request, reg, _("Title pledge added."))
    return _render_registration(request, reg, pledge_form=form, open_form="pledge")


@login_required
@require_POST
def pledge_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    pledge = get_object_or_404(TitlePledge, pk=item_pk, registration=reg)
    try:
        services.pledge_remove(actor=request.user, pledge=pledge)
    except ValidationError as error:
        _service_errors(request, error)
        return _render_registration(request, reg)
    return _after_write(request, reg, _("Title pledge removed."))


@login_required
@require_POST
def registration_submit(request: HttpRequest, pk: int) -> HttpResponse:
    reg = _writable(request, pk)
    try:
        services.registration_submit(actor=request.user, registration=reg)
    except ValidationError as error:
        _service_errors(request, error)
        if _is_htmx(request):
            return _render_registration(request, reg)
        return redirect("campaign_unit:registration", reg.pk)
    reg.refresh_from_db()
    return _after_write(request, reg, _("Registration submitted for approval."))


# -- progress ----------------------------------------------------------------------------------


@dataclass
class ReportItem:
    key: str
    kind: str
    obj: Target | KeyWork
    history: selectors.ItemHistory
    updates: list[ProgressUpdate]
    form: ProgressForm | None
    risk_text: str
    risk_tone: str

    @property
    def attainment_pct(self) -> float | None:
        raw = self.history.item.raw
        return None if raw is None else raw * 100

    @property
    def anchor(self) -> str:
        return self.key


def _risk(
    history: selectors.ItemHistory, obj: Target | KeyWork, campaign: Campaign
) -> tuple[str, str]:
    item = history.item
    deadline = item.due_date or campaign.deadline
    if item.done:
        return _("Reached"), "current"
    if history.at_risk:
        text = _("At the current trend it will not be reached by %(date)s.") % {
            "date": _vn_date(deadline)
        }
        if isinstance(obj, Target) and deadline is not None:
            series = list(history.points)
            if obj.baseline is not None and campaign.start_date is not None:
                series = [(campaign.start_date, obj.baseline), *series]
            projected = scoring.projected_value(series, deadline)
            if projected is not None:
                text += " " + _("Projected: %(p)s against a target of %(t)s.") % {
                    "p": f"{projected:.4g}",
                    "t": f"{obj.target_value.normalize():f}",
                }
        return text, "action"
    if history.at_risk is None:
        if isinstance(obj, Target) and obj.is_computed:
            return _("Counted from the standard's assessments."), "current"
        return _("Not enough reports yet to tell the trend (two dates are needed)."), "current"
    return _("On track to be reached by %(date)s.") % {"date": _vn_date(deadline)}, "current"


def _report_context(
    request: HttpRequest, reg: Registration, bound: tuple[str, ProgressForm] | None = None
) -> dict[str, Any]:
    campaign = reg.campaign
    can_edit = can_edit_registration(request.user, reg)
    can_report = can_edit and reg.can_report() and campaign.state in OPEN_STATES
    progress = selectors.registration_progress(reg)
    targets = {t.pk: t for t in reg.targets.all()}
    works = {w.pk: w for w in reg.key_works.prefetch_related("milestones")}
    updates: dict[str, list[ProgressUpdate]] = defaultdict(list)
    for u in (
        ProgressUpdate.objects.filter(Q(target__registration=reg) | Q(key_work__registration=reg))
        .select_related("milestone", "reported_by")
        .prefetch_related("evidence")
        .order_by("-as_of", "-id")
    ):
        updates[f"t{u.target_id}" if u.target_id else f"k{u.key_work_id}"].append(u)
    items = []
    for history in progress:
        key = f"{history.item.kind[0]}{history.item.pk}"
        obj: Target | KeyWork = (
            targets[history.item.pk] if history.item.kind == "target" else works[history.item.pk]
        )
        form = None
        if can_report and not (isinstance(obj, Target) and obj.is_computed):
            if bound is not None and bound[0] == key:
                form = bound[1]
            elif isinstance(obj, Target):
                form = ProgressForm(target=obj, prefix=key)
            else:
                form = ProgressForm(key_work=obj, milestones=list(obj.milestones.all()), prefix=key)
        text, tone = _risk(history, obj, campaign)
        items.append(
            ReportItem(
                key=key,
                kind=history.item.kind,
                obj=obj,
                history=history,
                updates=updates.get(key, []),
                form=form,
                risk_text=text,
                risk_tone=tone,
            )
        )
    attainment = scoring.rollup((i.history.item.weight, i.history.item.raw) for i in items)
    return {
        "registration": reg,
        "campaign": campaign,
        "unit": reg.unit,
        "items": items,
        "attainment": None if attainment is None else attainment * 100,
        "can_report": can_report,
        "can_edit": can_edit,
        "bound_key": bound[0] if bound else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    reg = selectors.access_registration(request.user, pk)
    if request.method == "POST":
        if not can_edit_registration(request.user, reg):
            raise PermissionDenied
        key = request.POST.get("item", "")
        target = key_work = None
        if key.startswith("t") and key[1:].isdigit():
            target = get_object_or_404(Target, pk=int(key[1:]), registration=reg)
            form = ProgressForm(request.POST, request.FILES, target=target, prefix=key)
        elif key.startswith("k") and key[1:].isdigit():
            key_work = get_object_or_404(KeyWork, pk=int(key[1:]), registration=reg)
            form = ProgressForm(
                request.POST,
                request.FILES,
                key_work=key_work,
                milestones=list(key_work.milestones.all()),
                prefix=key,
            )
        else:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_report(
                    actor=request.user,
                    target=target,
                    key_work=key_work,
                    value=data.get("value"),
                    percent=data.get("percent"),
                    milestone=data.get("milestone_obj"),
                    as_of=data.get("as_of"),
                    note=data.get("note") or "",
                    uploads=data["uploads"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                name = (target or key_work).name  # type: ignore[union-attr]
                messages.success(request, _("Progress on “%(name)s” recorded.") % {"name": name})
                return redirect(reverse("campaign_unit:report", args=[reg.pk]) + f"#{key}")
        return render(
            request,
            "campaigns/unit/report.html",
            _report_context(request, reg, bound=(key, form)),
            status=400,
        )
    return render(request, "campaigns/unit/report.html", _report_context(request, reg))


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, thumb: bool = False) -> FileResponse:
    evidence = (
        Evidence.objects.select_related("update__target", "update__key_work").filter(pk=pk).first()
    )
    if evidence is None:
        raise Http404
    owner = evidence.update.target or evidence.update.key_work
    assert owner is not None
    selectors.access_registration(request.user, owner.registration_id)
    stored = evidence.thumbnail if thumb else evidence.file
    if not stored:
        raise Http404
    content_type = "image/jpeg" if thumb else evidence.content_type
    response = FileResponse(stored.open("rb"), content_type=content_type)
    name = evidence.original_name or (stored.name or "").rsplit("/", 1)[-1]
    disposition = "inline" if content_type in files.IMAGE_TYPES | {files.PDF} else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# -- bulk progress from Excel ------------------------------------------------------------------

PROGRESS_IMPORT_JOB = "import.progress"


@login_required
@require_GET
def progress_import_template(
    request: HttpRequest, pk: int | None = None, campaign_pk: int | None = None
) -> HttpResponse:
    campaign, _reg, registrations = progress_import.import_scope(request.user, pk, campaign_pk)
    if not registrations:
        raise PermissionDenied
    content = progress_import.template(registrations)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-{campaign.code.replace(chr(34), "")}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def progress_import_view(
    request: HttpRequest, pk: int | None = None, campaign_pk: int | None = None
) -> HttpResponse:
    """The upload form; a readable file starts a background job (``thidua.jobs``) whose
    page shows the progress, then the summary or every bad row (and the error workbook).
    The job re-checks the account's rights and the registrations when it runs."""
    campaign, reg, registrations = progress_import.import_scope(request.user, pk, campaign_pk)
    here = (
        reverse("campaign_unit:progress_import", kwargs={"pk": reg.pk})
        if reg
        else reverse("campaign_unit:progress_import", kwargs={"campaign_pk": campaign.pk})
    )
    form = ProgressImportForm()
    if request.method == "POST" and registrations:
        form = ProgressImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = start_job(
                user=request.user,
                kind=PROGRESS_IMPORT_JOB,
                title=_("Progress update of %(campaign)s from %(file)s")
                % {"campaign": campaign.code, "file": upload.name},
                task=import_progress_file,
                args={
                    "registration_id": reg.pk if reg else None,
                    "campaign_id": campaign.pk,
                    "file_name": upload.name,
                },
                input_file=upload,
                return_url=here,
            )
            return redirect("jobs:detail", job_id=job.pk)
    template_url = (
        reverse("campaign_unit:progress_import_template", kwargs={"pk": reg.pk})
        if reg
        else reverse("campaign_unit:progress_import_template", kwargs={"campaign_pk": campaign.pk})
    )
    return render(
        request,
        "campaigns/unit/progress_import.html",
        {
            "campaign": campaign,
            "registration": reg,
            "registrations": registrations,
            "form": form,
            "template_url": template_url,
            # The account's last imports started from this very page, with their bars.
            "recent_jobs": recent_jobs(request.user, [PROGRESS_IMPORT_JOB], return_url=here),
        },
        status=400 if request.method == "POST" else 200,
    )
