"""Nominations in the web UI: the list with filters, due dates and overdue flags; the new
nomination (for a person, a collective, a household, from a campaign evaluation or a title
pledge) with its drafted achievement summary and dossier files; the nomination page with its
verdict, time limit, history and the steps the account may take.

Thin views: parse, authorise (``selectors.access_*`` / ``access_unit`` give outsiders 404;
insiders without the right get 403), call ``awards.services``, render.  The list runs in a
constant number of queries however many nominations there are (asserted by the tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import permissions as perms
from thidua.awards import selectors, services
from thidua.awards.deadlines import Due, deadline_for_path, due_date
from thidua.awards.drafting import draft_achievements
from thidua.awards.facts_loader import evaluate_loaded, nomination_facts
from thidua.awards.forms_nominations import (
    GROUND_LABELS,
    AttachForm,
    DeclineForm,
    FilterForm,
    NominationForm,
    ReturnForm,
)
from thidua.awards.models import (
    Award,
    JurisdictionSetting,
    Nomination,
    NominationSource,
    NominationState,
    Subject,
)
from thidua.awards.notice import staff_panel as notice_panel
from thidua.awards.rules import rule_set_for_year
from thidua.core import audit
from thidua.org.models import Person, Unit, User
from thidua.org.permissions import access_unit, scope_for
from thidua.org.views import history_rows

PER_PAGE = 25
HISTORY_LIMIT = 50

ACTION_LABELS = {
    "nomination.create": gettext_lazy("Nomination created"),
    "nomination.update": gettext_lazy("Nomination changed"),
    "nomination.attach": gettext_lazy("File attached"),
    "nomination.submit": gettext_lazy("Nomination submitted"),
    "nomination.check": gettext_lazy("Checked against the rules"),
    "nomination.return": gettext_lazy("Returned as incomplete"),
    "nomination.decline": gettext_lazy("Not awarded"),
}
DUE_LABELS = {
    "submission": gettext_lazy("submission to the awarding level"),
    "completeness": gettext_lazy("check of completeness (5 working days)"),
    "appraisal": gettext_lazy("appraisal (20 working days)"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _today() -> dt.date:
    return timezone.localdate()


# -- time limits ------------------------------------------------------------------------------


def _deadline_rows(today: dt.date) -> list[tuple[str, str]]:
    """Submission dates set by jurisdictions, as (unit path, MM-DD): one query."""
    rows = (
        JurisdictionSetting.objects.filter(key="submission_deadline", award_code="")
        .filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=today),
            Q(effective_to__isnull=True) | Q(effective_to__gte=today),
        )
        .order_by("effective_from", "pk")
        .values_list("unit__path", "value")
    )
    return [(path, str(value)) for path, value in rows]


def _due(
    *,
    state: str,
    year: int,
    submitted_at: dt.datetime | None,
    awarding_path: str,
    rows: list[tuple[str, str]],
    today: dt.date,
) -> Due | None:
    submitted_on = timezone.localdate(submitted_at) if submitted_at else None
    return due_date(
        state=state,
        year=year,
        submitted_on=submitted_on,
        today=today,
        submission_deadline=deadline_for_path(awarding_path, rows),
    )


def nomination_due(nomination: Nomination, today: dt.date | None = None) -> Due | None:
    today = today or _today()
    return _due(
        state=nomination.state,
        year=nomination.year,
        submitted_at=nomination.submitted_at,
        awarding_path=nomination.awarding_unit.path,
        rows=_deadline_rows(today),
        today=today,
    )


# -- list -------------------------------------------------------------------------------------


@dataclass
class Row:
    nomination: Nomination
    due: Due | None


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = _today()
    form = FilterForm(request.GET or None)
    f: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    unit = access_unit(user, f["unit"]) if f.get("unit") else None
    qs = selectors.nominations_visible_to(
        user,
        state=f.get("state") or None,
        year=f.get("year") or None,
        award=(f.get("award") or "").upper() or None,
        unit=unit,
    )
    rows = _deadline_rows(today)
    dues: dict[int, Due | None] = {}
    ids: list[int] = []
    units: dict[str, str] = {}
    for pk, state, year, submitted_at, path, code, name in qs.values_list(
        "pk",
        "state",
        "year",
        "submitted_at",
        "awarding_unit__path",
        "proposing_unit__code",
        "proposing_unit__name",
    ):
        due = _due(
            state=state,
            year=year,
            submitted_at=submitted_at,
            awarding_path=path,
            rows=rows,
            today=today,
        )
        units[code] = name
        if f.get("overdue") and not (due and due.overdue):
            continue
        dues[pk] = due
        ids.append(pk)
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    found = {
        n.pk: n
        for n in Nomination.objects.filter(pk__in=list(page.object_list)).select_related(
            "award", "person", "unit", "proposing_unit", "awarding_unit"
        )
    }
    items = [Row(nomination=found[pk], due=dues[pk]) for pk in page.object_list if pk in found]
    awards = sorted(
        {(code, name) for code, name in Award.objects.values_list("code", "name_vi")},
        key=lambda a: a[0],
    )
    return render(
        request,
        "awards/nominations/list.html",
        {
            "form": form,
            "f": f,
            "page": page,
            "items": items,
            "awards": awards,
            "states": NominationState.choices,
            "units": sorted(units.items(), key=lambda u: u[1]),
            "today": today,
            "due_labels": DUE_LABELS,
            "overdue_count": sum(1 for d in dues.values() if d and d.overdue),
            "can_create": perms.can_propose(user, user.unit) if user.unit else False,
        },
    )


# -- create -----------------------------------------------------------------------------------


@dataclass
class Origin:
    subject: str
    person: Person | None = None
    unit: Unit | None = None
    source: str = NominationSource.AD_HOC
    evaluation: Any = None
    pledge: Any = None
    award: str = ""
    year: int | None = None


def _origin(request: HttpRequest, user: User) -> Origin | None:
    """The subject of the new nomination from the query (404 for what the account cannot
    see), or None when none is given."""
    from thidua.campaigns.models import Evaluation, TitlePledge

    scope = scope_for(user)
    get = request.GET
    if get.get("evaluation"):
        evaluation = (
            Evaluation.objects.select_related("campaign", "unit")
            .filter(pk=_int(get["evaluation"]))
            .first()
        )
        if evaluation is None or not scope.contains(evaluation.unit):
            raise Http404
        return Origin(
            subject=Subject.COLLECTIVE,
            unit=evaluation.unit,
            source=NominationSource.CAMPAIGN,
            evaluation=evaluation,
            year=_campaign_year(evaluation.campaign),
        )
    if get.get("pledge"):
        pledge = (
            TitlePledge.objects.select_related("person__unit", "collective", "registration")
            .filter(pk=_int(get["pledge"]))
            .first()
        )
        subject_unit = None
        if pledge is not None:
            subject_unit = pledge.collective or (pledge.person.unit if pledge.person else None)
        if pledge is None or not scope.contains(subject_unit):
            raise Http404
        return Origin(
            subject=Subject.INDIVIDUAL if pledge.person_id else Subject.COLLECTIVE,
            person=pledge.person,
            unit=pledge.collective,
            source=NominationSource.PLEDGE,
            pledge=pledge,
            award=pledge.award_code,
        )
    if get.get("person"):
        person = (
            Person.objects.select_related("unit")
            .filter(code=get["person"].strip(), unit__isnull=False)
            .first()
        )
        if person is None or not scope.contains(person.unit):
            raise Http404
        return Origin(subject=Subject.INDIVIDUAL, person=person)
    if get.get("unit"):
        unit = access_unit(user, get["unit"].strip())
        kind = Subject.HOUSEHOLD if get.get("household") else Subject.COLLECTIVE
        return Origin(subject=kind, unit=unit)
    return None


def _campaign_year(campaign: Any) -> int | None:
    day = campaign.deadline or campaign.start_date
    return day.year if day else None


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _awards_for(subject: str, year: int) -> list[Award]:
    awards = Award.objects.filter(rule_set=rule_set_for_year(year).code).order_by("code")
    return [a for a in awards if subject in (a.subjects or [])]


def _proposing_unit(user: User, origin: Origin) -> Unit:
    if user.unit is not None:
        return user.unit
    subject_unit = origin.person.unit if origin.person else origin.unit
    assert subject_unit is not None
    return subject_unit


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    origin = _origin(request, user)
    if origin is None:
        proposer = user.unit is not None and perms.can_propose(user, user.unit)
        if not proposer and not perms.is_admin(user):
            raise PermissionDenied
        return render(request, "awards/nominations/choose.html", {})
    proposing = _proposing_unit(user, origin)
    if not perms.can_propose(user, proposing):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or origin.year or 0)
    except ValueError:
        year = 0
    if not 1945 <= year <= 2100:
        year = _today().year
    awards = _awards_for(origin.subject, year)
    initial_award = (request.GET.get("award") or origin.award or "").upper()
    household = origin.subject == Subject.HOUSEHOLD
    if request.method == "POST":
        form = NominationForm(request.POST, request.FILES, awards=awards, household=household)
        if form.is_valid():
            data = form.cleaned_data
            achievements = data["achievements"]
            if data["simplified"]:
                ground = GROUND_LABELS[data["simplified_ground"]]
                achievements = (
                    _("Simplified procedure (Law art. 85), ground: %(ground)s") % {"ground": ground}
                    + "\n\n"
                    + achievements
                )
            try:
                nomination = services.nomination_create(
                    actor=user,
                    subject=origin.subject,
                    award_code=data["award"],
                    year=data["year"],
                    proposing_unit=proposing,
                    person=origin.person,
                    unit=origin.unit,
                    household_name=data.get("household_name", ""),
                    source=origin.source,
                    evaluation=origin.evaluation,
                    pledge=origin.pledge,
                    achievements=achievements,
                    simplified=data["simplified"],
                )
                for kind, upload in form.files_by_kind():
                    services.nomination_attach(
                        actor=user, nomination=nomination, kind=kind, upload=upload
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The nomination was saved as a draft."))
                return redirect("nominations:detail", nomination.pk)
    else:
        form = NominationForm(
            awards=awards,
            household=household,
            initial={
                "award": initial_award,
                "year": year,
                "achievements": draft_achievements(
                    year=year,
                    person=origin.person,
                    unit=origin.unit,
                    evaluation=origin.evaluation,
                ),
            },
        )
    return render(
        request,
        "awards/nominations/create.html",
        {
            "form": form,
            "origin": origin,
            "proposing": proposing,
            "subject_label": Subject(origin.subject).label,
            "source_label": NominationSource(origin.source).label,
        },
    )


# -- detail and steps -------------------------------------------------------------------------


def _live_verdict(nomination: Nomination) -> dict[str, Any] | None:
    """The verdict on the records as they stand now (not stored; shown before the office
    checks the nomination)."""
    settings = selectors.settings_for_year(nomination.awarding_unit, nomination.year)
    loaded = evaluate_loaded([nomination_facts(nomination, settings=settings)], settings)[0]
    return loaded.verdict.to_dict() if loaded.verdict is not None else None


def _history(nomination: Nomination) -> list[Any]:
    rows = history_rows(audit.history(nomination)[:HISTORY_LIMIT], Nomination)
    for row in rows:
        row.action_label = str(ACTION_LABELS.get(row.event.action, row.action_label))
    return rows


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    nomination = selectors.access_nomination(user, pk)
    return _render_detail(request, user, nomination)


def _render_detail(
    request: HttpRequest,
    user: User,
    nomination: Nomination,
    *,
    return_form: ReturnForm | None = None,
    attach_form: AttachForm | None = None,
    status: int = 200,
) -> HttpResponse:
    state = nomination.state
    can_edit = perms.can_edit_nomination(user, nomination) and state in (
        NominationState.DRAFT,
        NominationState.RETURNED,
    )
    can_handle = perms.can_handle_nomination(user, nomination)
    verdict = nomination.verdict
    live = verdict is None
    if live:
        verdict = _live_verdict(nomination)
    due = nomination_due(nomination)
    return render(
        request,
        "awards/nominations/detail.html",
        {
            "n": nomination,
            "verdict": verdict,
            "live": live,
            "due": due,
            "due_label": DUE_LABELS.get(due.kind, "") if due else "",
            "files": list(nomination.files.all()),
            "history": _history(nomination),
            "problems": services.submit_problems(nomination) if can_edit else [],
            "can_edit": can_edit,
            "can_check": can_handle
            and state
            in (NominationState.SUBMITTED, NominationState.CHECKED, NominationState.COUNCIL),
            "can_return": can_handle
            and state in (NominationState.SUBMITTED, NominationState.CHECKED),
            "can_decline": can_handle
            and state in (NominationState.CHECKED, NominationState.COUNCIL),
            "to_council": can_handle and state == NominationState.CHECKED,
            "return_form": return_form or ReturnForm(),
            "attach_form": attach_form or AttachForm(),
            "decline_form": DeclineForm(),
            "notice_panel": notice_panel(user, nomination),
        },
        status=status,
    )


def _step(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    user = _user(request)
    nomination = selectors.access_nomination(user, pk)
    try:
        run(user, nomination)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("nominations:detail", pk)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda user, n: services.nomination_submit(actor=user, nomination=n),
        _("The nomination was submitted to the awarding level."),
    )


@login_required
@require_POST
def nomination_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda user, n: services.nomination_check(actor=user, nomination=n),
        _("The nomination was checked against the rules."),
    )


@login_required
@require_POST
def nomination_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    nomination = selectors.access_nomination(user, pk)
    if not perms.can_handle_nomination(user, nomination):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, user, nomination, return_form=form, status=400)
    try:
        services.nomination_return(
            actor=user, nomination=nomination, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The nomination was returned as incomplete."))
    return redirect("nominations:detail", pk)


@login_required
@require_POST
def nomination_decline(request: HttpRequest, pk: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _step(
        request,
        pk,
        lambda user, n: services.nomination_decline(actor=user, nomination=n, reason=reason),
        _("The nomination was closed as not awarded."),
    )


@login_required
@require_POST
def nomination_attach(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    nomination = selectors.access_nomination(user, pk)
    if not perms.can_edit_nomination(user, nomination):
        raise PermissionDenied
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, user, nomination, attach_form=form, status=400)
    try:
        services.nomination_attach(
            actor=user,
            nomination=nomination,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was attached."))
    return redirect(reverse("nominations:detail", args=[pk]) + "#files")
