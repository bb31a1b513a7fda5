"""Staff pages of the honor board: profiles (list, propose, edit, photos, publish) and
replications (a unit records taking up a model; editors review).

Thin views: parse, authorise (outsiders get 404 through the selectors; insiders without the
right get 403), call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.audit import history
from thidua.honors import permissions as perms
from thidua.honors import selectors, services
from thidua.honors.forms import NewProfileForm, PhotoForm, ProfileForm, ReplicationForm, ReviewForm
from thidua.honors.models import (
    Photo,
    Profile,
    ProfileState,
    Replication,
    Sector,
    SubjectKind,
)
from thidua.org.models import Person, Role, User
from thidua.org.permissions import scope_for
from thidua.org.selectors import units_visible_to
from thidua.org.views import history_rows

PER_PAGE = 30
HISTORY_LIMIT = 30


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errs:
                form.add_error(target, " ".join(e.messages))
    else:
        form.add_error(None, " ".join(error.messages))


def _may_propose_any(user: User) -> bool:
    return perms.is_admin(user) or (
        user.is_active and user.role in (Role.OFFICE, Role.OFFICER) and user.unit_id is not None
    )


# -- profiles ------------------------------------------------------------------------------


@login_required
@require_GET
def profile_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    state = request.GET.get("state", "")
    state = state if state in ProfileState.values else ""
    subject = request.GET.get("subject", "")
    subject = subject if subject in SubjectKind.values else ""
    q = request.GET.get("q", "").strip()[:200]
    qs = selectors.filter_profiles(selectors.profiles_visible_to(user), subject=subject, q=q)
    if state:
        qs = qs.filter(state=state)
    qs = selectors.with_counts(qs).order_by("state", "-updated_at", "-id")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/staff/list.html",
        {
            "page": page,
            "f": {"state": state, "subject": subject, "q": q},
            "states": ProfileState.choices,
            "subjects": SubjectKind.choices,
            "can_propose": _may_propose_any(user),
            "can_replicate": perms.may_record_any(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_propose_any(user):
        raise PermissionDenied
    units = units_visible_to(user)
    people = Person.objects.filter(scope_for(user).q("unit__path"))
    if request.method == "POST":
        form = NewProfileForm(request.POST, units=units, people=people)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.profile_create(
                    actor=user,
                    subject=data["subject"],
                    unit=data["unit"],
                    person=data["person"],
                    title=data["title"],
                    summary=data["summary"],
                    story=data["story"],
                    sector=data["sector"],
                    campaign=data["campaign"],
                )
            except PermissionDenied:
                form.add_error(None, _("You may not propose a model for this unit."))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The draft profile was saved."))
                return redirect("honors_staff:detail", created.pk)
    else:
        initial: dict[str, Any] = {"sector": Sector.OTHER}
        if request.GET.get("unit"):
            initial.update(subject=SubjectKind.COLLECTIVE, unit_code=request.GET["unit"][:32])
        if request.GET.get("person"):
            initial.update(subject=SubjectKind.INDIVIDUAL, person_code=request.GET["person"][:32])
        form = NewProfileForm(initial=initial, units=units, people=people)
    return render(request, "honors/staff/form.html", {"form": form, "profile": None})


@login_required
@require_GET
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    return render(request, "honors/staff/detail.html", _detail_context(user, found))


ACTION_LABELS = {
    "honors.profile.create": gettext_lazy("Profile created"),
    "honors.profile.update": gettext_lazy("Profile changed"),
    "honors.profile.publish": gettext_lazy("Published on the board"),
    "honors.profile.unpublish": gettext_lazy("Taken off the board"),
}


def _history(profile: Profile) -> list[Any]:
    rows = history_rows(history(profile)[:HISTORY_LIMIT], Profile)
    for row in rows:
        row.action_label = str(ACTION_LABELS.get(row.event.action, row.action_label))
    return rows


def _detail_context(user: User, found: Profile, **extra: Any) -> dict[str, Any]:
    can_edit = perms.can_edit(user, found)
    return {
        "profile": found,
        "photos": selectors.photos_of(found),
        "commendations": selectors.commendations_of(found),
        "replications": selectors.replications_of(found),
        "spread": selectors.spread_of(found),
        "can_edit": can_edit,
        "can_publish": perms.can_publish(user, found),
        "can_review": perms.can_review_replication(user, found),
        "can_replicate": found.is_published and perms.may_record_any(user),
        "photo_form": extra.pop("photo_form", None) or (PhotoForm() if can_edit else None),
        "history": _history(found),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    if not perms.can_edit(user, found):
        raise PermissionDenied
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(actor=user, profile=found, **form.cleaned_data)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The profile was saved."))
                return redirect("honors_staff:detail", found.pk)
    else:
        form = ProfileForm(
            initial={
                "title": found.title,
                "summary": found.summary,
                "story": found.story,
                "sector": found.sector,
                "campaign": found.campaign_id,
            }
        )
    return render(request, "honors/staff/form.html", {"form": form, "profile": found})


@login_required
@require_POST
def profile_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    if not perms.can_publish(user, found):
        raise PermissionDenied
    publish = request.POST.get("action") != "unpublish"
    try:
        if publish:
            services.profile_publish(actor=user, profile=found)
            messages.success(request, _("The profile is now on the public honor board."))
        else:
            services.profile_unpublish(actor=user, profile=found)
            messages.success(request, _("The profile was taken off the public honor board."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("honors_staff:detail", found.pk)


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    if not perms.can_edit(user, found):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=user,
                profile=found,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("honors_staff:detail", found.pk)
    return render(
        request,
        "honors/staff/detail.html",
        _detail_context(user, found, photo_form=form),
        status=400,
    )


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    target = Photo.objects.filter(pk=photo, profile=found).first()
    if target is None:
        raise Http404
    if not perms.can_edit(user, found):
        raise PermissionDenied
    services.photo_delete(actor=user, photo=target)
    messages.success(request, _("The photo was removed."))
    return redirect("honors_staff:detail", found.pk)


# -- replications --------------------------------------------------------------------------


@login_required
@require_GET
def replications(request: HttpRequest) -> HttpResponse:
    """What the account's units have taken up, and the published models to take up."""
    user = _user(request)
    mine = list(
        Replication.objects.filter(scope_for(user).q("unit__path"))
        .select_related("unit", "profile")
        .order_by("-date", "-id")[:200]
    )
    q = request.GET.get("q", "").strip()[:200]
    models = selectors.board(q=q)[:50]
    return render(
        request,
        "honors/staff/replications.html",
        {
            "mine": mine,
            "models": models,
            "q": q,
            "can_replicate": perms.may_record_any(user),
        },
    )


def _replicable(user: User, pk: int) -> Profile:
    """A published profile (public, so any account may take it up) or, for a draft, 404."""
    found = (
        Profile.objects.select_related(*selectors.PROFILE_RELATED)
        .filter(pk=pk, state=ProfileState.PUBLISHED)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def replicate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = _replicable(user, pk)
    if not perms.may_record_any(user):
        raise PermissionDenied
    units = units_visible_to(user).filter(active_to__isnull=True).order_by("path")
    if request.method == "POST":
        form = ReplicationForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.replication_record(
                    actor=user,
                    profile=found,
                    unit=data["unit"],
                    date=data["date"],
                    action=data["action"],
                    result=data["result"],
                )
            except PermissionDenied:
                form.add_error("unit", _("You may not record for this unit."))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded. The emulation office will review it before it shows publicly."),
                )
                return redirect("honors_staff:replications")
    else:
        form = ReplicationForm(units=units, initial={"unit": user.unit_id})
    return render(request, "honors/staff/replicate.html", {"form": form, "profile": found})


@login_required
@require_POST
def replication_review(request: HttpRequest, pk: int, replication: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_profile(user, pk)
    target = Replication.objects.filter(pk=replication, profile=found).first()
    if target is None:
        raise Http404
    if not perms.can_review_replication(user, found):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or do not accept."))
    else:
        try:
            services.replication_review(
                actor=user,
                replication=target,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review was saved."))
    return redirect("honors_staff:detail", found.pk)
