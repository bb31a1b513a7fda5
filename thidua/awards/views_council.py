"""Pages of the emulation and commendation council (Hội đồng Thi đua – Khen thưởng): its
members, sessions with quorum and ballot rounds, each member's own ballot screen, paper
ballots and written opinions, and the minutes (biên bản) as a Word file.

Thin views: parse, authorise (outsiders 404, insiders without the right 403), call
``awards.services`` / ``awards.council_ops``, render.  Results are SEALED: no count of any
kind is read or rendered until the round is counted (``selectors.session_results``), and a
member's screen never shows a choice once cast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.awards import council_ops, minutes, selectors, services
from thidua.awards import permissions as perms
from thidua.awards.forms_council import (
    BallotForm,
    CouncilForm,
    MemberForm,
    PaperBallotForm,
    SessionForm,
)
from thidua.awards.models import (
    AgendaItem,
    Attendance,
    BallotParticipation,
    Council,
    CouncilMember,
    CouncilSession,
    MemberRole,
    Nomination,
    NominationState,
    SessionState,
)
from thidua.org.models import User
from thidua.org.permissions import scope_for


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _no_store(response: HttpResponse) -> HttpResponse:
    """Ballot screens are never kept by the browser (back button, shared phones)."""
    response["Cache-Control"] = "no-store, private"
    return response


# -- access ------------------------------------------------------------------------------------


def _seat(council_id: int, user: User) -> CouncilMember | None:
    return CouncilMember.objects.filter(council_id=council_id, account=user, active=True).first()


def _access_council(user: User, pk: int) -> Council:
    """A council the account may see: in its scope, or one it sits on (404 otherwise)."""
    council = Council.objects.select_related("unit").filter(pk=pk).first()
    if council is None:
        raise Http404
    if not scope_for(user).contains(council.unit) and _seat(council.pk, user) is None:
        raise Http404
    return council


@dataclass
class Access:
    session: CouncilSession
    seat: CouncilMember | None
    manage: bool

    @property
    def secretary(self) -> bool:
        return self.seat is not None and self.seat.role == MemberRole.SECRETARY


def _access_session(request: HttpRequest, pk: int) -> Access:
    """The session with the account's seat on its council and whether it manages it.
    Members of the council and accounts whose scope holds the council see it exists; others
    get 404.  Pages then refuse (403) what the account may not do."""
    user = _user(request)
    session = (
        CouncilSession.objects.select_related("council", "council__unit").filter(pk=pk).first()
    )
    if session is None:
        raise Http404
    seat = _seat(session.council_id, user)
    if seat is None and not scope_for(user).contains(session.council.unit):
        raise Http404
    return Access(session, seat, perms.can_manage_council(user, session.council))


def _require_viewer(access: Access) -> None:
    if not (access.manage or access.seat is not None):
        raise PermissionDenied


def _require_manager(access: Access) -> None:
    if not access.manage:
        raise PermissionDenied


# -- formatting --------------------------------------------------------------------------------


def percent(value: Fraction | Decimal | float) -> str:
    """90 → "90", 2/3 → "66,67" (Vietnamese decimal comma, at most two decimals)."""
    text = f"{float(value) * 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def verdict_summary(nomination: Nomination) -> dict[str, Any]:
    """What the rules engine said, in a few words: eligible or not, and the reasons that
    were not met or are left for the council to judge."""
    verdict = nomination.verdict or {}
    reasons = verdict.get("reasons") or []
    return {
        "checked": bool(verdict),
        "eligible": verdict.get("eligible") if verdict else None,
        "met": [r for r in reasons if r.get("met") is True],
        "unmet": [r for r in reasons if r.get("met") is False],
        "judge": [r for r in reasons if r.get("met") is None],
    }


# -- councils ----------------------------------------------------------------------------------


def _councils_for(user: User) -> QuerySet[Council]:
    seats = CouncilMember.objects.filter(account=user, active=True).values("council_id")
    return (
        Council.objects.filter(scope_for(user).q("unit__path") | Q(pk__in=seats))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CouncilMember.objects.filter(active=True)
                .select_related("account", "person")
                .order_by("id"),
                to_attr="active_members",
            ),
            Prefetch(
                "sessions",
                queryset=CouncilSession.objects.annotate(items=Count("agenda")).order_by(
                    "-date", "-id"
                ),
                to_attr="all_sessions",
            ),
        )
        .order_by("unit__path", "name")
    )


@login_required
@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    councils = list(_councils_for(user))
    for council in councils:
        council.can_manage = perms.can_manage_council(user, council)  # type: ignore[attr-defined]
    can_create = perms.is_admin(user) or (user.role == "office" and user.unit_id is not None)
    return render(
        request,
        "awards/council/list.html",
        {
            "councils": councils,
            "can_create": can_create,
            "member_form": MemberForm(user=user),
            "council_form": CouncilForm(),
            "roles": MemberRole.choices,
        },
    )


@login_required
@require_POST
def council_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.unit is None or not perms.can_manage_council(user, Council(unit=user.unit)):
        raise PermissionDenied
    form = CouncilForm(request.POST)
    if form.is_valid():
        try:
            council = services.council_create(
                actor=user, unit=user.unit, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Council “%(name)s” was created.") % {"name": council})
    else:
        messages.error(request, _("The council's name is required."))
    return redirect("council:list")


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    council = _access_council(user, pk)
    if not perms.can_manage_council(user, council):
        raise PermissionDenied
    form = MemberForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = council_ops.council_seat_add(
                actor=user,
                council=council,
                role=data["role"],
                name=data["name"],
                account=data["account"],
                person=data["person"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s joined the council as %(role)s.")
                % {"name": member.name, "role": member.get_role_display().lower()},
            )
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(problems))
    return redirect(f"{reverse('council:list')}#council-{council.pk}")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = _user(request)
    council = _access_council(user, pk)
    member = CouncilMember.objects.filter(council=council, pk=member_pk).first()
    if member is None:
        raise Http404
    if not perms.can_manage_council(user, council):
        raise PermissionDenied
    try:
        council_ops.council_member_remove(actor=user, member=member)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(name)s left the council.") % {"name": member.name})
    return redirect(f"{reverse('council:list')}#council-{council.pk}")


def _candidates(user: User, council: Council) -> QuerySet[Nomination]:
    """Checked nominations addressed to the council's level that need a ballot."""
    low, high = council.unit.path_bounds()
    return (
        selectors.nominations_visible_to(user, state=NominationState.CHECKED)
        .filter(awarding_unit__path__gte=low, awarding_unit__path__lt=high)
        .filter(Q(award__ballot_threshold__isnull=False) | Q(award__ballot_from_settings=True))
        .order_by("award__code", "id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    council = _access_council(user, pk)
    if not perms.can_manage_council(user, council):
        raise PermissionDenied
    candidates = _candidates(user, council)
    form = SessionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=user,
                council=council,
                date=data["date"],
                place=data["place"],
                nominations=list(data["nominations"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was planned."))
            return redirect("council:session", session.pk)
    return render(
        request,
        "awards/council/session_form.html",
        {"council": council, "form": form, "has_candidates": candidates.exists()},
    )


# -- a session ---------------------------------------------------------------------------------


@dataclass
class SessionPage:
    """Everything the session page shows, read in a fixed number of queries."""

    session: CouncilSession
    members: list[CouncilMember]
    present: set[int]
    attendance_taken: bool
    items: list[dict[str, Any]]
    voted: set[int] = field(default_factory=set)
    written: int = 0
    sealed: bool = True
    need: int = 0
    max_rounds: int = 2
    written_allowed: bool = True

    @property
    def ballots(self) -> int:
        return len(self.voted)

    @property
    def voters(self) -> int:
        """Ballots expected this round: the members present."""
        return len(self.present)

    @property
    def chair(self) -> CouncilMember | None:
        return next((m for m in self.members if m.role == MemberRole.CHAIR), None)

    @property
    def secretary(self) -> CouncilMember | None:
        return next((m for m in self.members if m.role == MemberRole.SECRETARY), None)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i.get("passed") is False]

    @property
    def can_next_round(self) -> bool:
        return (
            self.session.state == SessionState.COUNTED
            and self.session.round < self.max_rounds
            and bool(self.failed)
        )


def session_page(session: CouncilSession) -> SessionPage:
    policy = selectors.policy_for(session.council.unit, session.date)
    attendance = list(
        Attendance.objects.filter(session=session).select_related("member").order_by("member_id")
    )
    if attendance:  # the seats as they were when the session opened
        members = [a.member for a in attendance]
    else:
        members = list(
            CouncilMember.objects.filter(council_id=session.council_id, active=True).order_by("id")
        )
    present = {a.member_id for a in attendance if a.present}
    sealed = session.state not in (SessionState.COUNTED, SessionState.CLOSED)
    agenda_qs = (
        AgendaItem.objects.filter(session=session)
        .select_related("nomination__award", "nomination__person", "nomination__unit")
        .select_related("nomination__proposing_unit")
        .order_by("id")
    )
    if sealed:  # the counts are not even read while the round is open
        agenda_qs = agenda_qs.defer("yes", "no", "abstain", "passed", "threshold")
    agenda = list(agenda_qs)
    total = session.members_total
    items: list[dict[str, Any]] = []
    for item in agenda:
        row: dict[str, Any] = {
            "item": item,
            "nomination": item.nomination,
            "verdict": verdict_summary(item.nomination),
            "in_ballot": item.in_ballot and item.round == session.round,
            "round": item.round,
        }
        if not sealed:
            threshold = item.threshold if item.threshold is not None else Decimal(0)
            row.update(
                yes=item.yes or 0,
                no=item.no or 0,
                abstain=item.abstain or 0,
                percent=percent(Fraction(item.yes or 0, total)) if total else "0",
                threshold=percent(threshold),
                passed=bool(item.passed),
            )
        items.append(row)
    page = SessionPage(
        session=session,
        members=members,
        present=present,
        attendance_taken=bool(attendance),
        items=items,
        sealed=sealed,
        need=services.quorum_needed(len(members), policy.council_quorum),
        max_rounds=policy.ballot_max_rounds,
        written_allowed=policy.written_opinions_count,
    )
    if session.round:
        rows = BallotParticipation.objects.filter(session=session, round=session.round)
        for member_id, written in rows.values_list("member_id", "written"):
            page.voted.add(member_id)
            page.written += int(written)
    return page


def _session_context(request: HttpRequest, access: Access) -> dict[str, Any]:
    page = session_page(access.session)
    return {
        "access": access,
        "s": access.session,
        "page": page,
        "council": access.session.council,
        "states": SessionState,
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_viewer(access)
    return render(request, "awards/council/session.html", _session_context(request, access))


@login_required
@require_GET
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX partial: the round status (ballots received; results once counted)."""
    access = _access_session(request, pk)
    _require_viewer(access)
    return render(request, "awards/council/_status.html", _session_context(request, access))


@login_required
@require_GET
def session_quorum(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX partial: the quorum as the office ticks members present."""
    access = _access_session(request, pk)
    _require_manager(access)
    members = CouncilMember.objects.filter(council_id=access.session.council_id, active=True)
    ids = set(members.values_list("pk", flat=True))
    present = {int(v) for v in request.GET.getlist("present") if v.isdigit()} & ids
    policy = selectors.policy_for(access.session.council.unit, access.session.date)
    need = services.quorum_needed(len(ids), policy.council_quorum)
    return render(
        request,
        "awards/council/_quorum.html",
        {"present": len(present), "total": len(ids), "need": need},
    )


def _back(pk: int) -> HttpResponse:
    return redirect("council:session", pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_manager(access)
    ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    present = list(CouncilMember.objects.filter(council_id=access.session.council_id, pk__in=ids))
    try:
        services.session_open(actor=_user(request), session=access.session, present=present)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The session is open; ballot round 1 has started."))
    return _back(pk)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_manager(access)
    try:
        services.round_close(actor=_user(request), session=access.session)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The round is closed and counted."))
    return _back(pk)


@login_required
@require_POST
def round_next(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_manager(access)
    try:
        session = services.round_next(actor=_user(request), session=access.session)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Ballot round %(n)s is open for the nominations that did not pass.")
            % {"n": session.round},
        )
    return _back(pk)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_manager(access)
    try:
        services.session_close(actor=_user(request), session=access.session)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The session is closed; the minutes can be downloaded."))
    return _back(pk)


# -- ballots -----------------------------------------------------------------------------------


def _ballot_items(session: CouncilSession) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session, in_ballot=True, round=session.round)
        .select_related("nomination__award", "nomination__person", "nomination__unit")
        .select_related("nomination__proposing_unit")
        .defer("yes", "no", "abstain", "passed", "threshold")
        .order_by("id")
    )


def _has_voted(session: CouncilSession, member: CouncilMember) -> bool:
    return BallotParticipation.objects.filter(
        session=session, round=session.round, member=member
    ).exists()


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's own ballot screen (made for a phone).  Once cast, only "you have voted"
    is shown: never the member's choices, never anyone else's."""
    access = _access_session(request, pk)
    if access.seat is None:
        raise PermissionDenied
    session, seat = access.session, access.seat
    present = Attendance.objects.filter(session=session, member=seat, present=True).exists()
    voting = session.state == SessionState.VOTING
    voted = voting and _has_voted(session, seat)
    items = _ballot_items(session) if voting and present and not voted else []
    form: BallotForm | None = None
    status = 200
    if request.method == "POST":
        if not voting:
            messages.error(request, _("The ballot is not open."))
            return redirect("council:vote", pk)
        if voted:
            messages.error(request, _("You have already voted in this round."))
            status = 409
        elif not present:
            raise PermissionDenied
        else:
            form = BallotForm(request.POST, items=items)
            if form.is_valid():
                try:
                    services.ballot_cast(
                        actor=_user(request), session=session, member=seat, choices=form.choices()
                    )
                except ValidationError as error:
                    messages.error(request, _error_text(error))
                    return redirect("council:vote", pk)
                messages.success(request, _("Your ballot was recorded. Thank you."))
                return redirect("council:vote", pk)
            status = 400
    if form is None and items:
        form = BallotForm(items=items)
    context = {
        "access": access,
        "s": session,
        "seat": seat,
        "present": present,
        "voted": voted,
        "form": form,
        "waiting": session.state in (SessionState.PLANNED, SessionState.COUNTED)
        or (voting and voted),
    }
    return _no_store(render(request, "awards/council/vote.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary enters paper ballots (members present) and written opinions (members
    absent, round 1, where the jurisdiction counts them), one ballot at a time."""
    access = _access_session(request, pk)
    if not (access.secretary or access.manage):
        raise PermissionDenied
    session = access.session
    if session.state != SessionState.VOTING:
        messages.error(request, _("The ballot is not open."))
        return redirect("council:session", pk)
    page = session_page(session)
    waiting: list[CouncilMember] = []
    for member in page.members:
        if member.pk in page.voted:
            continue
        paper_ballot = member.pk in page.present and access.secretary
        written = (
            member.pk not in page.present
            and page.written_allowed
            and session.round == 1
            and page.attendance_taken
        )
        if paper_ballot or written:
            waiting.append(member)
    items = _ballot_items(session)
    form = PaperBallotForm(request.POST or None, items=items, members=waiting)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        service = (
            services.ballot_cast if member.pk in page.present else services.written_opinion_record
        )
        try:
            service(actor=_user(request), session=session, member=member, choices=form.choices())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if member.pk in page.present:
                text = _("The paper ballot of %(name)s was recorded.")
            else:
                text = _("The written opinion of %(name)s was recorded.")
            messages.success(request, text % {"name": member.name})
            return redirect("council:paper", pk)
    return _no_store(
        render(
            request,
            "awards/council/paper.html",
            {
                "access": access,
                "s": session,
                "page": page,
                "form": form,
                "waiting": waiting,
            },
            status=400 if request.method == "POST" else 200,
        )
    )


# -- minutes -----------------------------------------------------------------------------------


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access_session(request, pk)
    _require_viewer(access)
    session = access.session
    if session.state != SessionState.CLOSED:
        messages.error(request, _("The minutes are ready once the session is closed."))
        return redirect("council:session", pk)
    content = minutes.minutes_docx(session, session_page(session))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"bien-ban-hop-hoi-dong-{session.date:%Y-%m-%d}-{session.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
