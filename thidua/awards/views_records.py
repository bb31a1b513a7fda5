"""Commendation records pages: the landing page, a person's and a collective's full record,
eligibility (one subject, every award, every reason; or a whole scope for one award), the
registry with its revocation form, small record-entry forms and the Excel imports.

Thin views: parse, authorise (404 for outsiders through scoped selectors, 403 for insiders
without the right), call the selectors / facts loader / services, render.  Every page runs a
fixed number of queries whatever the amount of data (asserted by tests/awards_records).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.awards import facts_loader, importers, selectors, services
from thidua.awards import permissions as perms
from thidua.awards.forms_records import (
    DisciplineForm,
    HistoricalCommendationForm,
    InitiativeForm,
    RatingForm,
    RevocationForm,
)
from thidua.awards.models import (
    Award,
    Commendation,
    CouncilSession,
    DecisionState,
    Discipline,
    Initiative,
    NominationState,
    SessionState,
    Subject,
    TaskRating,
)
from thidua.awards.rules import AwardRule, Settings, Verdict, evaluate_many, rule_set_for_year
from thidua.campaigns.exports import Column, write_table
from thidua.core import audit
from thidua.core.text import fold
from thidua.jobs.selectors import recent_jobs
from thidua.org.models import Person, Position, Unit
from thidua.org.permissions import access_unit, can_write, scope_for
from thidua.org.selectors import people_visible_to
from thidua.org.views import history_rows
from thidua.org.views_import import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTRY_PER_PAGE = 50
SCOPE_PER_PAGE = 50
YEARS_BACK = 12

IMPORT_KINDS: dict[str, Any] = {
    "ratings": gettext_lazy("Task ratings"),
    "discipline": gettext_lazy("Discipline"),
    "initiatives": gettext_lazy("Initiatives and science projects"),
    "commendations": gettext_lazy("Historical commendations"),
}


# -- small helpers -------------------------------------------------------------------------


def _year(request: HttpRequest, default: int | None = None) -> int:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and services.MIN_YEAR <= int(text) <= services.MAX_YEAR:
        return int(text)
    return default or timezone.localdate().year


def _years(around: int) -> list[int]:
    top = max(around, timezone.localdate().year)
    return list(range(top, top - YEARS_BACK, -1))


def _xlsx(handle: Any, name: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


def _error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _access_person(user: Any, code: str) -> Person:
    person = people_visible_to(user).select_related("unit").filter(code=code).first()
    if person is None:
        raise Http404
    return person


def _rule_covers(rule: AwardRule, year: int) -> bool:
    day = dt.date(year, 12, 31)
    return (rule.effective_from is None or rule.effective_from <= day) and (
        rule.effective_to is None or day <= rule.effective_to
    )


def award_rules(year: int, subject: str) -> list[AwardRule]:
    """Awards of the rule set in force for ``year`` that can be given to ``subject``."""
    return [
        rule
        for rule in rule_set_for_year(year).awards.values()
        if subject in rule.subjects and _rule_covers(rule, year)
    ]


def award_name(rule: AwardRule) -> str:
    return rule.name_en if (get_language() or "vi").startswith("en") else rule.name_vi


@dataclass
class Panel:
    """The engine's verdicts for one subject and year, one per award it could get."""

    year: int
    rule_set: str
    rule_set_name: str
    rows: list[tuple[AwardRule, Verdict]]
    members: Any = None


def eligibility_panel(subject: Person | Unit, year: int) -> Panel:
    """Verdicts of every award ``subject`` could get in ``year``: the facts are loaded once
    (a fixed number of queries) and evaluated for each award."""
    collective = isinstance(subject, Unit)
    kind = Subject.COLLECTIVE if collective else Subject.INDIVIDUAL
    rules = award_rules(year, kind)
    rule_set = rule_set_for_year(year)
    if not rules:
        return Panel(year, rule_set.code, rule_set.name_vi, [])
    jurisdiction = subject if isinstance(subject, Unit) else subject.unit
    settings = (
        selectors.settings_for_year(jurisdiction, year) if jurisdiction is not None else Settings()
    )
    if isinstance(subject, Unit):
        loaded = facts_loader.collective_facts(subject, rules[0].code, year, settings=settings)
    else:
        loaded = facts_loader.person_facts(subject, rules[0].code, year)
    facts = [dataclasses.replace(loaded.facts, award=rule.code) for rule in rules]
    verdicts = evaluate_many(facts, settings)
    return Panel(
        year,
        rule_set.code,
        rule_set.name_vi,
        list(zip(rules, verdicts, strict=True)),
        members=loaded.facts.members,
    )


# -- landing page --------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    today = timezone.localdate()
    by_award = list(
        selectors.commendations_visible_to(user, year=year, include_revoked=False)
        .order_by()
        .values("award__code", "award__name_vi")
        .annotate(n=Count("id"))
        .order_by("-n", "award__code")
    )
    state_labels = dict(NominationState.choices)
    by_state = [
        {"state": row["state"], "label": state_labels.get(row["state"], row["state"]), **row}
        for row in selectors.nominations_visible_to(user)
        .exclude(state=NominationState.DECIDED)
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
        .order_by("state")
    ]
    sessions = list(
        CouncilSession.objects.filter(scope_for(user).q("council__unit__path"))
        .filter(date__gte=today)
        .exclude(state=SessionState.CLOSED)
        .select_related("council")
        .order_by("date", "id")[:5]
    )
    decisions = list(
        selectors.decisions_visible_to(user)
        .filter(state=DecisionState.ISSUED)
        .order_by("-date", "-id")[:5]
    )
    return render(
        request,
        "awards/records/index.html",
        {
            "year": year,
            "years": _years(year),
            "by_award": by_award,
            "total_awards": sum(r["n"] for r in by_award),
            "by_state": by_state,
            "sessions": sessions,
            "decisions": decisions,
            "can_write": can_write(user),
            "my_unit": getattr(user, "unit", None),
        },
    )


# -- a person's and a collective's record ----------------------------------------------------


def _default_year(request: HttpRequest, ratings: Sequence[TaskRating]) -> int:
    latest = max((r.year for r in ratings), default=None)
    return _year(request, latest)


@login_required
@require_GET
def person(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    someone = _access_person(user, code)
    scope = scope_for(user)
    positions = list(
        Position.objects.filter(person=someone)
        .select_related("unit")
        .order_by("-start_date", "-id")
    )
    for position in positions:
        position.unit.visible = scope.contains(position.unit)  # type: ignore[attr-defined]
    ratings = list(TaskRating.objects.filter(person=someone).order_by("-year"))
    commendations = list(
        Commendation.objects.filter(person=someone)
        .select_related("award", "decision")
        .order_by("-year", "award__code", "id")
    )
    initiatives = list(
        Initiative.objects.filter(authors=someone)
        .select_related("unit", "used_for__award")
        .order_by("-year", "id")
    )
    disciplines = list(Discipline.objects.filter(person=someone).order_by("-start"))
    year = _default_year(request, ratings)
    return render(
        request,
        "awards/records/person.html",
        {
            "person": someone,
            "positions": positions,
            "ratings": ratings,
            "commendations": commendations,
            "initiatives": initiatives,
            "disciplines": disciplines,
            "panel": eligibility_panel(someone, year),
            "eligibility_base": reverse("awards_records:eligibility", args=[someone.code]) + "?",
            "years": _years(year),
            "can_record": perms.can_record_for(user, someone.unit),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def unit(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    collective = access_unit(user, code)
    ratings = list(TaskRating.objects.filter(unit=collective).order_by("-year"))
    commendations = list(
        Commendation.objects.filter(unit=collective)
        .select_related("award", "decision")
        .order_by("-year", "award__code", "id")
    )
    initiatives = list(
        Initiative.objects.filter(unit=collective)
        .select_related("used_for__award")
        .prefetch_related("authors")
        .order_by("-year", "id")[:100]
    )
    year = _default_year(request, ratings)
    return render(
        request,
        "awards/records/unit.html",
        {
            "unit": collective,
            "ratings": ratings,
            "commendations": commendations,
            "initiatives": initiatives,
            "panel": eligibility_panel(collective, year),
            "eligibility_base": reverse("awards_records:eligibility", args=[collective.code])
            + "?unit=1&",
            "years": _years(year),
            "can_record": perms.can_record_for(user, collective),
        },
    )


# -- eligibility ---------------------------------------------------------------------------


@login_required
@require_GET
def eligibility(request: HttpRequest, code: str) -> HttpResponse:
    """Every award the subject could get in the year, each with its verdict and reasons.
    ``?unit=…`` (any value) reads ``code`` as a unit code: the collective's own verdicts."""
    user = request.user
    subject: Person | Unit
    if "unit" in request.GET:
        subject = access_unit(user, code)
        default = TaskRating.objects.filter(unit=subject).order_by("-year").first()
    else:
        subject = _access_person(user, code)
        default = TaskRating.objects.filter(person=subject).order_by("-year").first()
    year = _year(request, default.year if default else None)
    panel = eligibility_panel(subject, year)
    only = request.GET.get("award", "").strip()
    rows = [(r, v) for r, v in panel.rows if not only or r.code == only] or panel.rows
    return render(
        request,
        "awards/records/eligibility.html",
        {
            "subject": subject,
            "collective": isinstance(subject, Unit),
            "panel": panel,
            "rows": rows,
            "years": _years(year),
            "eligible_count": sum(1 for _r, v in panel.rows if v.eligible),
            "can_nominate": can_write(user),
        },
    )


@dataclass
class ScopeRow:
    code: str
    name: str
    unit_name: str
    verdict: Verdict

    @property
    def not_met(self) -> list[Any]:
        return [r for r in self.verdict.reasons if r.met is False]

    @property
    def to_judge(self) -> list[Any]:
        return [r for r in self.verdict.reasons if r.met is None]


def _scope_rows(items: Iterable[facts_loader.Loaded], subject: str) -> list[ScopeRow]:
    items = list(items)
    unit_ids: set[int] = {i.subject.unit_id for i in items if getattr(i.subject, "unit_id", None)}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    rows = []
    for item in items:
        assert item.verdict is not None
        if subject == Subject.INDIVIDUAL:
            rows.append(
                ScopeRow(
                    item.subject.code,
                    item.subject.full_name,
                    names.get(item.subject.unit_id, ""),
                    item.verdict,
                )
            )
        else:
            rows.append(ScopeRow(item.subject.code, item.subject.name, "", item.verdict))
    return rows


@login_required
@require_GET
def scope_eligibility(request: HttpRequest) -> HttpResponseBase:
    """Who under a unit is eligible for one award in one year (``eligibility_in_scope``)."""
    user = request.user
    code = request.GET.get("unit", "").strip() or getattr(getattr(user, "unit", None), "code", "")
    year = _year(request)
    subject = (
        Subject.COLLECTIVE
        if request.GET.get("subject") == Subject.COLLECTIVE
        else Subject.INDIVIDUAL
    )
    rules = award_rules(year, subject)
    award = request.GET.get("award", "").strip() or "CSTDCS"
    if award not in {r.code for r in rules} and rules:
        award = "" if request.GET.get("award") else rules[0].code
    show_all = request.GET.get("all") == "1"
    context: dict[str, Any] = {
        "year": year,
        "years": _years(year),
        "subject": subject,
        "rules": rules,
        "award": award,
        "show_all": show_all,
        "unit_code": code,
        "can_nominate": can_write(user),
    }
    if not code:
        return render(request, "awards/records/scope_eligibility.html", context)
    scope_unit = access_unit(user, code)
    context["scope_unit"] = scope_unit
    if not award:
        context["error"] = _(
            "The award “%(code)s” is not given to this kind of subject in %(year)s."
        ) % {
            "code": request.GET.get("award", ""),
            "year": year,
        }
        return render(request, "awards/records/scope_eligibility.html", context, status=400)
    items = facts_loader.eligibility_in_scope(
        scope_unit, award, year, subject, only_eligible=not show_all
    )
    rule = next(r for r in rules if r.code == award)
    context["rule"] = rule
    if request.GET.get("format") == "xlsx":
        rows = _scope_rows(items, subject)
        return _xlsx(
            _scope_workbook(rows, rule, year, scope_unit), f"du-dieu-kien-{award}-{year}.xlsx"
        )
    page = Paginator(items, SCOPE_PER_PAGE).get_page(request.GET.get("page"))
    context["page"] = page
    context["rows"] = _scope_rows(page.object_list, subject)
    context["rule_set_name"] = rule_set_for_year(year).name_vi
    return render(request, "awards/records/scope_eligibility.html", context)


def _reason_text(reasons: Iterable[Any]) -> str:
    return "\n".join(f"{r.code}: {r.message}" for r in reasons)


def _scope_workbook(rows: list[ScopeRow], rule: AwardRule, year: int, scope_unit: Unit) -> Any:
    columns = [
        Column(_("Code"), 14),
        Column(_("Name"), 32),
        Column(_("Unit"), 30),
        Column(_("Eligible"), 12),
        Column(_("Summary"), 50),
        Column(_("Criteria not met"), 60),
        Column(_("For the council to judge"), 50),
    ]
    data = (
        [
            row.code,
            row.name,
            row.unit_name,
            _("Yes") if row.verdict.eligible else _("No"),
            row.verdict.summary,
            _reason_text(row.not_met),
            _reason_text(row.to_judge),
        ]
        for row in rows
    )
    return write_table(
        title=f"{rule.name_vi} ({rule.code}) – {year}",
        subtitle=f"{scope_unit.name} · {timezone.localdate():%d/%m/%Y}",
        sheet=rule.code,
        columns=columns,
        rows=data,
        totals=None,
    )


# -- registry ------------------------------------------------------------------------------


@dataclass
class RegistryFilters:
    q: str = ""
    award: str = ""
    year: str = ""
    authority: str = ""
    subject: str = ""
    revoked: str = ""


def _registry_filters(request: HttpRequest) -> RegistryFilters:
    get = request.GET
    year = get.get("year", "").strip()
    return RegistryFilters(
        q=get.get("q", "").strip()[:100],
        award=get.get("award", "").strip()[:16],
        year=year if year.isdigit() else "",
        authority=get.get("authority", "").strip()[:255],
        subject=get.get("subject", "") if get.get("subject") in Subject.values else "",
        revoked=get.get("revoked", "") if get.get("revoked") in {"yes", "no"} else "",
    )


def registry_queryset(user: Any, f: RegistryFilters) -> Any:
    qs = selectors.commendations_visible_to(
        user, award=f.award or None, year=int(f.year) if f.year else None
    ).select_related("person__unit", "decision__authority_unit")
    if f.q:
        key = fold(f.q)
        qs = qs.filter(
            Q(person__name_folded__contains=key)
            | Q(unit__name_folded__contains=key)
            | Q(household_name__icontains=f.q)
            | Q(person__code=f.q)
        )
    if f.authority:
        qs = qs.filter(award__authority_vi=f.authority)
    if f.subject:
        qs = qs.filter(subject=f.subject)
    if f.revoked == "yes":
        qs = qs.filter(revoked_at__isnull=False)
    elif f.revoked == "no":
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("-year", "award__code", "id")


def _registry_workbook(qs: Any) -> Any:
    columns = [
        Column(_("Year"), 8),
        Column(_("Award"), 12),
        Column(_("Award name"), 36),
        Column(_("Subject"), 12),
        Column(_("Code"), 14),
        Column(_("Name"), 32),
        Column(_("Unit"), 30),
        Column(_("Decision number"), 24),
        Column(_("Decision date"), 14, "DD/MM/YYYY"),
        Column(_("Source"), 16),
        Column(_("Revoked"), 10),
        Column(_("Reason for revocation"), 40),
        Column(_("Revoking decision"), 24),
    ]

    def rows() -> Iterable[list[Any]]:
        for c in qs.iterator(chunk_size=2000):
            decision = c.decision.reference if c.decision_id else c.decision_number
            when = c.decision.date if c.decision_id else c.decision_date
            if c.person_id:
                code, name = c.person.code, c.person.full_name
                unit_name = c.person.unit.name if c.person.unit_id else ""
            else:
                code, name = c.unit.code, c.household_name or c.unit.name
                unit_name = c.unit.name
            yield [
                c.year,
                c.award.code,
                c.award.name_vi,
                c.get_subject_display(),
                code,
                name,
                unit_name,
                decision,
                when,
                c.get_source_display(),
                _("Yes") if c.revoked_at else "",
                c.revocation_reason,
                c.revoking_decision_number,
            ]

    return write_table(
        title=str(_("Commendation registry")),
        subtitle=f"{timezone.localdate():%d/%m/%Y}",
        sheet=str(_("Registry")),
        columns=columns,
        rows=rows(),
        totals=None,
    )


@login_required
@require_GET
def registry(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    f = _registry_filters(request)
    qs = registry_queryset(user, f)
    if request.GET.get("format") == "xlsx":
        return _xlsx(_registry_workbook(qs), "so-khen-thuong.xlsx")
    page = Paginator(qs, REGISTRY_PER_PAGE).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.can_revoke = c.revoked_at is None and _can_revoke(user, c)
    awards = sorted(set(Award.objects.values_list("code", "name_vi")))
    seen: set[str] = set()
    award_options = [(c, n) for c, n in awards if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]
    authorities = sorted(set(Award.objects.values_list("authority_vi", flat=True)))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["format"] = "xlsx"
    return render(
        request,
        "awards/records/registry.html",
        {
            "f": f,
            "page": page,
            "award_options": award_options,
            "authorities": authorities,
            "subjects": Subject.choices,
            "years": _years(timezone.localdate().year),
            "export_url": "?" + export_query.urlencode(),
        },
    )


def _can_revoke(user: Any, commendation: Commendation) -> bool:
    decision = commendation.decision
    unit_ = commendation.person.unit if commendation.person_id else commendation.unit  # type: ignore[union-attr]
    authority = decision.authority_unit if decision is not None else unit_
    return perms.is_admin(user) or (authority is not None and perms.is_office_over(user, authority))


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revocation (Law art. 93) by the office: ground and revoking decision are mandatory;
    the commendation is kept, struck through, with its history."""
    user = request.user
    commendation = selectors.access_commendation(user, pk)
    if not _can_revoke(user, commendation):
        raise PermissionDenied
    form = RevocationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if commendation.revoked_at is not None:
            form.add_error(None, _("This commendation is already revoked."))
        elif form.is_valid():
            try:
                services.commendation_revoke(
                    actor=user,
                    commendation=commendation,
                    reason=form.cleaned_data["reason"],
                    decision_number=form.decision_reference(),
                )
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("The commendation was revoked; it stays in the registry.")
                )
                return redirect(f"{reverse('awards_records:registry')}?revoked=yes")
        status = 400
    return render(
        request,
        "awards/records/revoke.html",
        {
            "c": commendation,
            "form": form,
            "history": history_rows(audit.history(commendation)[:50], Commendation),
        },
        status=status,
    )


# -- record entry --------------------------------------------------------------------------

PERSON_RECORDS = ("ratings", "discipline", "initiatives", "commendations")
UNIT_RECORDS = ("ratings", "initiatives", "commendations")
RECORD_TITLES: dict[str, Any] = {
    "ratings": gettext_lazy("Add a yearly task rating"),
    "discipline": gettext_lazy("Add a discipline period"),
    "initiatives": gettext_lazy("Add an initiative or science project"),
    "commendations": gettext_lazy("Add a historical commendation"),
}


def _award_choices(subject: str) -> list[tuple[str, str]]:
    rows = Award.objects.order_by("code", "-effective_from").values_list(
        "code", "name_vi", "subjects"
    )
    seen: dict[str, str] = {}
    for code, name, subjects in rows:
        if subject in (subjects or []) and code not in seen:
            seen[code] = f"{name} ({code})"
    return list(seen.items())


def _record_form(what: str, collective: bool, data: Any, initial: dict[str, Any]) -> forms.Form:
    if what == "ratings":
        return RatingForm(data, initial=initial)
    if what == "discipline":
        return DisciplineForm(data)
    if what == "initiatives":
        return InitiativeForm(data, initial=initial)
    subject = Subject.COLLECTIVE if collective else Subject.INDIVIDUAL
    awards = _award_choices(subject)
    if collective:
        codes = {c for c, _n in awards}
        awards += [c for c in _award_choices(Subject.HOUSEHOLD) if c[0] not in codes]
    return HistoricalCommendationForm(data, initial=initial, awards=awards, collective=collective)


def _save_record(
    what: str, form: Any, user: Any, someone: Person | None, collective: Unit | None
) -> None:
    d = form.cleaned_data
    if what == "ratings":
        services.rating_record(
            actor=user,
            year=d["year"],
            rating=d["rating"],
            person=someone,
            unit=collective,
            source=d["source"],
        )
    elif what == "discipline":
        assert someone is not None
        services.discipline_record(
            actor=user,
            person=someone,
            level=d["level"],
            start=d["start"],
            end=d["end"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            note=d["note"],
        )
    elif what == "initiatives":
        codes = form.author_codes()
        authors = list(people_visible_to(user).filter(code__in=codes))
        unknown = sorted(set(codes) - {p.code for p in authors})
        if unknown:
            raise ValidationError(
                _("Authors: no person with the code(s) %(codes)s in your units.")
                % {"codes": ", ".join(unknown)}
            )
        home = collective if collective is not None else someone.unit  # type: ignore[union-attr]
        if home is None:
            raise ValidationError(_("The person has no unit to record the initiative under."))
        services.initiative_record(
            actor=user,
            title=d["title"],
            unit=home,
            level=d["level"],
            year=d["year"],
            authors=authors,
            kind=d["kind"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
        )
    else:
        services.commendation_record_historical(
            actor=user,
            subject=form.subject(),
            award_code=d["award"],
            year=d["year"],
            person=someone,
            unit=collective,
            household_name=d.get("household_name", ""),
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            decision_authority=d["decision_authority"],
        )


def _record_new(
    request: HttpRequest, what: str, someone: Person | None, collective: Unit | None
) -> HttpResponse:
    user = request.user
    owner = collective if collective is not None else someone.unit  # type: ignore[union-attr]
    if not perms.can_record_for(user, owner):
        raise PermissionDenied
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    if what == "initiatives" and someone is not None:
        initial["authors"] = someone.code
    form = _record_form(what, collective is not None, request.POST or None, initial)
    back = (
        reverse("awards_records:person", args=[someone.code])
        if someone is not None
        else reverse("awards_records:unit", args=[collective.code])  # type: ignore[union-attr]
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _save_record(what, form, user, someone, collective)
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Saved."))
                return redirect(back)
        status = 400
    return render(
        request,
        "awards/records/record_form.html",
        {
            "form": form,
            "title": RECORD_TITLES[what],
            "person": someone,
            "unit": collective,
            "back": back,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_record_new(request: HttpRequest, code: str, what: str) -> HttpResponse:
    if what not in PERSON_RECORDS:
        raise Http404
    return _record_new(request, what, _access_person(request.user, code), None)


@login_required
@require_http_methods(["GET", "POST"])
def unit_record_new(request: HttpRequest, code: str, what: str) -> HttpResponse:
    if what not in UNIT_RECORDS:
        raise Http404
    return _record_new(request, what, None, access_unit(request.user, code))


# -- imports -------------------------------------------------------------------------------


def _import_forms(bound: tuple[str, forms.Form] | None = None) -> list[tuple[str, Any, Any]]:
    out = []
    for kind, label in IMPORT_KINDS.items():
        form = bound[1] if bound and bound[0] == kind else ImportForm(auto_id=f"{kind}_%s")
        out.append((kind, label, form))
    return out


@login_required
@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    return render(
        request,
        "awards/records/imports.html",
        {"forms": _import_forms(), "recent_jobs": recent_jobs(request.user, ["import.records.*"])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_run(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in IMPORT_KINDS:
        raise Http404
    if not can_write(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, auto_id=f"{kind}_%s")
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "awards/records/imports.html",
            {
                "forms": _import_forms((kind, form)),
                "recent_jobs": recent_jobs(request.user, ["import.records.*"]),
            },
            status=400 if request.method == "POST" else 200,
        )
    upload = form.cleaned_data["file"]
    # A background job (thidua.jobs): the job's page shows the progress, the summary or the
    # bad rows, and the receipt or error workbook.
    from thidua.jobs.services import start_job
    from thidua.jobs.tasks import import_records_file

    title = _("Import of %(what)s from %(file)s") % {
        "what": IMPORT_KINDS[kind],
        "file": upload.name,
    }
    job = start_job(
        user=request.user,
        kind=f"import.records.{kind}",
        title=title,
        task=import_records_file,
        args={"kind": kind, "dry_run": form.cleaned_data["dry_run"], "file_name": upload.name},
        input_file=upload,
        return_url=reverse("awards_records:imports"),
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in IMPORT_KINDS:
        raise Http404
    if not can_write(request.user):
        raise PermissionDenied
    response = HttpResponse(importers.template(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.xlsx"'
    return response
