"""Decision pages: the list, preparing a decision, issuing it, and its files (Word, PDF,
certificates).

Thin views: parse, authorise (outsiders get 404 through ``selectors.access_decision``;
insiders without the right 403), call ``services.decision_create`` / ``decision_issue``,
render.  Cash before issue is previewed by ``decision_cash`` with the rule the issue applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.awards import decision_cash, documents, pdf, selectors, services
from thidua.awards import permissions as perms
from thidua.awards.forms_decisions import AUTHORITY_KINDS, DecisionForm, IssueForm, prefill
from thidua.awards.models import (
    AgendaItem,
    Commendation,
    CouncilSession,
    Decision,
    DecisionState,
    Nomination,
    NominationState,
    SessionState,
)
from thidua.org.models import Role, Unit, User
from thidua.org.permissions import scope_for
from thidua.org.selectors import units_visible_to

PER_PAGE = 30
NOMINATION_RELATED = ("award", "person", "person__unit", "unit", "awarding_unit")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# -- list ----------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = selectors.decisions_visible_to(user)
    year = _int(request.GET.get("year"))
    authority = request.GET.get("authority", "").strip()
    state = request.GET.get("state", "")
    qs = visible
    if year:
        qs = qs.filter(year=year)
    if authority:
        qs = qs.filter(authority_unit__code=authority)
    if state in DecisionState.values:
        qs = qs.filter(state=state)
    nominations = (
        Nomination.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cash = (
        Commendation.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(s=Sum("cash_paid_vnd"))
        .values("s")
    )
    qs = qs.annotate(
        awardees=Coalesce(Subquery(nominations, output_field=IntegerField()), 0),
        cash_total=Subquery(cash),
    ).order_by("-year", "state", "-number", "-id")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    years = sorted(set(visible.values_list("year", flat=True).distinct()), reverse=True)
    authorities = list(
        Unit.objects.filter(pk__in=visible.values("authority_unit")).order_by("path")
    )
    return render(
        request,
        "awards/decisions/list.html",
        {
            "page": page,
            "years": years,
            "authorities": authorities,
            "states": DecisionState.choices,
            "f": {"year": year, "authority": authority, "state": state},
            "can_create": _authorities(user).exists(),
        },
    )


# -- preparing a decision ---------------------------------------------------------------------


def _authorities(user: User) -> QuerySet[Unit]:
    """Units the account may prepare decisions for."""
    if not (perms.is_admin(user) or (user.is_active and user.role == Role.OFFICE)):
        return Unit.objects.none()
    return units_visible_to(user).filter(kind__in=AUTHORITY_KINDS).order_by("path")


def _candidates(user: User, authority: Unit) -> QuerySet[Nomination]:
    """Nominations the authority may decide now: passed by the council, or checked and
    needing no ballot, and in no decision yet."""
    low, high = authority.path_bounds()
    pool = (
        selectors.nominations_visible_to(user)
        .filter(
            awarding_unit__path__gte=low,
            awarding_unit__path__lt=high,
            decision__isnull=True,
            state__in=(NominationState.CHECKED, NominationState.COUNCIL),
        )
        .select_related(*NOMINATION_RELATED)
        .order_by("award__code", "id")
    )
    ids = [n.pk for n in pool if services.decidable_problem(n) is None]
    return (
        Nomination.objects.filter(pk__in=ids)
        .select_related(*NOMINATION_RELATED)
        .order_by("award__code", "id")
    )


def _sessions(user: User, authority: Unit) -> list[CouncilSession]:
    low, high = authority.path_bounds()
    return list(
        CouncilSession.objects.filter(
            scope_for(user).q("council__unit__path"),
            council__unit__path__gte=low,
            council__unit__path__lt=high,
            state__in=(SessionState.COUNTED, SessionState.CLOSED),
        )
        .select_related("council")
        .order_by("-date", "-id")[:50]
    )


def _prepare(request: HttpRequest) -> tuple[User, QuerySet[Unit], Unit]:
    user = _user(request)
    authorities = _authorities(user)
    if not authorities.exists():
        raise PermissionDenied
    code = (request.POST.get("authority_code") or request.GET.get("authority") or "").strip()
    if code:
        authority = authorities.filter(code=code).first()
        if authority is None:
            # Outside the scope: not found; inside but not an authority: refused.
            if not units_visible_to(user).filter(code=code).exists():
                raise Http404
            raise PermissionDenied
    else:
        mine = authorities.filter(pk=user.unit_id).first() if user.unit_id else None
        authority = mine or authorities.first()
    assert authority is not None
    if not perms.can_prepare_decision(user, authority):
        raise PermissionDenied
    return user, authorities, authority


def _preview(candidates: list[Nomination], chosen: set[int], authority: Unit) -> dict[str, Any]:
    picked = [n for n in candidates if n.pk in chosen]
    lines = decision_cash.cash_lines(picked, authority)
    for line in decision_cash.cash_lines(candidates, authority):
        line.nomination.cash_amount = line.amount  # type: ignore[attr-defined]
    return {"lines": lines, "total": decision_cash.total(lines)}


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    user, authorities, authority = _prepare(request)
    year = _int(request.POST.get("year") or request.GET.get("year")) or dt.date.today().year
    candidates_qs = _candidates(user, authority)
    candidates = list(candidates_qs)
    session_pk = _int(request.GET.get("session"))
    session = selectors.access_session(user, session_pk) if session_pk else None
    chosen: set[int] = set()
    if request.method == "POST":
        form = DecisionForm(request.POST, authority=authority, candidates=candidates_qs)
        chosen = {pk for pk in (_int(v) for v in request.POST.getlist("nominations")) if pk}
        if "preview" not in request.POST and form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_create(
                    actor=user,
                    authority_unit=authority,
                    year=data["year"],
                    title=data["title"],
                    place=data["place"],
                    authority_name=data["authority_name"],
                    parent_authority=data["parent_authority"],
                    symbol=data["symbol"],
                    bases=data["bases"],
                    recipients=data["recipients"],
                    signer=data["signer"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                    nominations=list(data["nominations"]),
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                count = len(data["nominations"])
                messages.success(
                    request,
                    ngettext(
                        "The draft decision was prepared with %(n)s awardee.",
                        "The draft decision was prepared with %(n)s awardees.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("decisions:detail", decision.pk)
    else:
        if session is not None:
            passed = set(
                AgendaItem.objects.filter(session=session, passed=True).values_list(
                    "nomination_id", flat=True
                )
            )
            chosen = {n.pk for n in candidates if n.pk in passed}
            years = {n.year for n in candidates if n.pk in chosen}
            if len(years) == 1 and not request.GET.get("year"):
                year = years.pop()
        initial = prefill(authority, year)
        initial["nominations"] = sorted(chosen)
        form = DecisionForm(initial=initial, authority=authority, candidates=candidates_qs)
    context = {
        "form": form,
        "authority": authority,
        "authorities": authorities,
        "sessions": _sessions(user, authority),
        "session": session,
        "candidates": candidates,
        "chosen": chosen,
        "year": year,
        **_preview(candidates, chosen, authority),
    }
    return render(request, "awards/decisions/create.html", context)


@login_required
@require_POST
def decision_preview(request: HttpRequest) -> HttpResponse:
    """The cash box of the create page for the chosen nominations (htmx)."""
    user, _authorities_qs, authority = _prepare(request)
    candidates = list(_candidates(user, authority))
    chosen = {pk for pk in (_int(v) for v in request.POST.getlist("nominations")) if pk}
    return render(
        request,
        "awards/decisions/_cash_preview.html",
        _preview(candidates, chosen, authority),
    )


# -- one decision ----------------------------------------------------------------------------


def may_sign(user: Any, decision: Decision) -> bool:
    """The office of the authority, or a leader of it — the signer when one is named."""
    if not perms.can_sign_decision(user, decision):
        return False
    return not (user.role == Role.LEADER and decision.signer_id not in (None, user.pk))


def may_issue(user: Any, decision: Decision) -> bool:
    return decision.state == DecisionState.DRAFT and may_sign(user, decision)


def _awardees(decision: Decision) -> dict[str, Any]:
    if decision.state == DecisionState.ISSUED:
        rows = list(
            Commendation.objects.filter(decision=decision)
            .select_related("award", "person", "person__unit", "unit", "nomination")
            .order_by("award__code", "id")
        )
        total = sum(c.cash_paid_vnd or 0 for c in rows if not c.is_revoked)
        return {"commendations": rows, "total": total}
    nominations = list(
        Nomination.objects.filter(decision=decision)
        .select_related(*NOMINATION_RELATED)
        .order_by("award__code", "id")
    )
    lines = decision_cash.cash_lines(nominations, decision.authority_unit)
    return {"lines": lines, "total": decision_cash.total(lines)}


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.access_decision(user, pk)
    context: dict[str, Any] = {
        "decision": decision,
        "may_issue": may_issue(user, decision),
        "issue_form": IssueForm(decision=decision),
        **_awardees(decision),
    }
    return render(request, "awards/decisions/detail.html", context)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.access_decision(user, pk)
    if not may_sign(user, decision):
        raise PermissionDenied
    form = IssueForm(request.POST, decision=decision)
    if form.is_valid():
        try:
            issued = services.decision_issue(
                actor=user,
                decision=decision,
                date=form.cleaned_data["date"],
                number=form.cleaned_data["number"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Decision No. %(ref)s was issued.") % {"ref": issued.reference},
            )
            return redirect("decisions:detail", issued.pk)
    context = {
        "decision": decision,
        "may_issue": may_issue(user, decision),
        "issue_form": form,
        **_awardees(decision),
    }
    return render(request, "awards/decisions/detail.html", context, status=400)


# -- files -----------------------------------------------------------------------------------


def _slug(decision: Decision) -> str:
    if decision.number:
        return f"QD-{decision.number}-{decision.year}"
    return f"QD-du-thao-{decision.pk}"


def _attachment(content: bytes, name: str, content_type: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{name}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.access_decision(_user(request), pk)
    name = f"{_slug(decision)}.docx"
    stored = decision.file.name if decision.file else None
    if stored and decision.file.storage.exists(stored):
        with decision.file.open("rb") as fh:
            return _attachment(fh.read(), name, DOCX, inline=False)
    return _attachment(documents.decision_docx(decision), name, DOCX, inline=False)


def _pdf_failed(request: HttpRequest, decision: Decision, error: pdf.PdfUnavailable) -> Any:
    messages.error(request, str(error))
    return redirect("decisions:detail", decision.pk)


@login_required
@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.access_decision(_user(request), pk)
    cash: dict[int, int | None] | None = None
    if decision.state == DecisionState.DRAFT:
        cash = {line.nomination.pk: line.paid for line in _awardees(decision)["lines"]}
    try:
        content = pdf.decision_pdf(decision, cash)
    except pdf.PdfUnavailable as error:
        return _pdf_failed(request, decision, error)
    return _attachment(content, f"{_slug(decision)}.pdf", "application/pdf", inline=True)


def _issued(request: HttpRequest, pk: int) -> Decision:
    decision = selectors.access_decision(_user(request), pk)
    if decision.state != DecisionState.ISSUED:
        raise Http404
    return decision


def _certified(decision: Decision) -> QuerySet[Commendation]:
    return (
        Commendation.objects.filter(decision=decision, revoked_at__isnull=True)
        .select_related("award", "person", "person__unit", "unit", "unit__parent", "nomination")
        .order_by("award__code", "id")
    )


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int, commendation: int) -> HttpResponse:
    decision = _issued(request, pk)
    found = _certified(decision).filter(pk=commendation).first()
    if found is None:
        raise Http404
    try:
        content = pdf.certificates_pdf(decision, [found])
    except pdf.PdfUnavailable as error:
        return _pdf_failed(request, decision, error)
    name = f"Bang-{_slug(decision)}-{found.pk}.pdf"
    return _attachment(content, name, "application/pdf", inline=True)


@login_required
@require_GET
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _issued(request, pk)
    rows = list(_certified(decision))
    if not rows:
        messages.error(request, _("This decision has no awardee left to print."))
        return redirect(reverse("decisions:detail", args=[decision.pk]))
    try:
        content = pdf.certificates_pdf(decision, rows)
    except pdf.PdfUnavailable as error:
        return _pdf_failed(request, decision, error)
    return _attachment(content, f"Bang-{_slug(decision)}.pdf", "application/pdf", inline=True)
