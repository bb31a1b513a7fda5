"""Web forms that change units, people and accounts.

Every view: parse, authorise (outsiders get 404 before anything else, insiders without the
right role get 403), call a service from ``thidua.org.services``, render.  The services run
in one transaction each, so a failed write leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.text import fold
from thidua.org import services
from thidua.org.ethnicities import ETHNICITIES, FOREIGN
from thidua.org.forms import (
    AccountCreateForm,
    AccountEditForm,
    AssignForm,
    CodesWidget,
    DecisionFields,
    MergeForm,
    PersonForm,
    RenameForm,
    SplitForm,
    UnitForm,
)
from thidua.org.models import Person, Role, Unit, User
from thidua.org.permissions import access_unit, can_manage_units, can_write, scope_for
from thidua.org.selectors import people_visible_to, units_visible_to

ACCOUNTS_PER_PAGE = 50
LOOKUP_LIMIT = 20
CANDIDATE_LIMIT = 200


def _url_or_home(name: str, *args: Any) -> str:
    """The browsing page if it exists yet, else the site root."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return "/"


def _unit_url(unit: Unit) -> str:
    return _url_or_home("org:unit_detail", unit.code)


def _person_url(person: Person) -> str:
    return _url_or_home("org:person_detail", person.code)


def _require_unit_manager(request: HttpRequest) -> None:
    if not can_manage_units(request.user):
        raise PermissionDenied


def _require_writer(request: HttpRequest) -> None:
    if not can_write(request.user):
        raise PermissionDenied


def _access_person(request: HttpRequest, code: str) -> Person:
    person = people_visible_to(request.user).select_related("unit").filter(code=code).first()
    if person is None:
        raise Http404
    return person


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# -- units --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    parent_code = request.GET.get("parent", "").strip()
    parent = access_unit(request.user, parent_code) if parent_code else None
    _require_unit_manager(request)
    user = _user(request)
    scope = scope_for(user)
    if request.method == "POST":
        form = UnitForm(request.POST, user=user, scope=scope)
        if form.is_valid():
            data = form.cleaned_data
            try:
                unit = services.unit_create(
                    actor=user,
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    parent=data["parent"],
                    short_name=data["short_name"],
                    active_from=data["active_from"],
                    active_to=data["active_to"],
                    address=data["address"],
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Unit %(u)s was created.") % {"u": unit})
                return redirect(_unit_url(unit))
    else:
        form = UnitForm(
            user=user,
            scope=scope,
            initial={"parent": parent.code if parent else "", "kind": ""},
        )
    return render(
        request, "org/edit/unit_form.html", {"form": form, "unit": None, "parent": parent}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    _require_unit_manager(request)
    user = _user(request)
    if request.method == "POST":
        form = UnitForm(request.POST, user=user, scope=scope_for(user), instance=unit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                unit = services.unit_update(actor=user, unit=unit, **data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Unit %(u)s was saved.") % {"u": unit})
                return redirect(_unit_url(unit))
    else:
        form = UnitForm(user=user, scope=scope_for(user), instance=unit)
    return render(
        request, "org/edit/unit_form.html", {"form": form, "unit": unit, "parent": unit.parent}
    )


REORGANIZE_FORMS: dict[str, type[DecisionFields]] = {
    "rename": RenameForm,
    "merge": MergeForm,
    "split": SplitForm,
}


def _candidates(request: HttpRequest, unit: Unit) -> list[Unit]:
    """Units offered as tick boxes: the unit's active siblings in the user's scope."""
    siblings = units_visible_to(request.user).filter(parent_id=unit.parent_id).exclude(pk=unit.pk)
    return [u for u in siblings.order_by("name_folded")[:CANDIDATE_LIMIT] if u.is_active]


@login_required
@require_http_methods(["GET", "POST"])
def unit_reorganize(request: HttpRequest, code: str) -> HttpResponse:
    """Rename, merge or split a unit: the clerk fills a form, sees what will happen, confirms.

    ``step=preview`` only validates and shows the summary (nothing is written);
    ``step=confirm`` validates the same data again and calls the service."""
    unit = access_unit(request.user, code)
    _require_unit_manager(request)
    user = _user(request)
    scope = scope_for(user)
    tab = request.POST.get("action") or request.GET.get("tab") or "rename"
    if tab not in REORGANIZE_FORMS:
        tab = "rename"
    form_class = REORGANIZE_FORMS[tab]
    context: dict[str, Any] = {
        "unit": unit,
        "tab": tab,
        "tabs": [
            ("rename", _("Rename")),
            ("merge", _("Merge")),
            ("split", _("Split")),
        ],
        "candidates": _candidates(request, unit),
    }
    if request.method == "POST":
        form = form_class(request.POST, unit=unit, scope=scope)
        step = request.POST.get("step", "preview")
        if form.is_valid() and step in {"preview", "confirm"}:
            if step == "preview":
                context.update({"form": form, "summary": form.summary()})
                return render(request, "org/edit/unit_reorganize_confirm.html", context)
            try:
                _reorganize(user, unit, form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The reorganisation was recorded."))
                unit.refresh_from_db()
                target = getattr(form, "successor", unit)
                return redirect(_unit_url(target))
    else:
        form = form_class(unit=unit, scope=scope)
    context["form"] = form
    if "units" in form.fields:
        widget = form.fields["units"].widget
        assert isinstance(widget, CodesWidget)
        widget.hide_codes = frozenset(c.code for c in context["candidates"])
        context["chosen"] = form["units"].value() or []
    return render(request, "org/edit/unit_reorganize.html", context)


def _reorganize(user: User, unit: Unit, form: DecisionFields) -> None:
    data = form.cleaned_data
    decision = {
        "effective_date": data["effective_date"],
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
        "note": data["note"],
    }
    if isinstance(form, RenameForm):
        services.unit_rename(actor=user, unit=unit, new_name=data["new_name"], **decision)
    elif isinstance(form, MergeForm):
        services.unit_merge(
            actor=user,
            predecessors=form.predecessors,
            successor=form.successor,
            move_children=data["move_children"],
            **decision,
        )
    elif isinstance(form, SplitForm):
        services.unit_split(
            actor=user,
            predecessor=unit,
            successors=data["units"],
            keep_predecessor=data["keep_predecessor"],
            **decision,
        )


# -- people -------------------------------------------------------------------------------


def _person_context(form: PersonForm | AssignForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "ethnicities": [*ETHNICITIES, FOREIGN], **extra}


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    unit_code = request.GET.get("unit", "").strip()
    unit = access_unit(request.user, unit_code) if unit_code else None
    _require_writer(request)
    user = _user(request)
    scope = scope_for(user)
    if request.method == "POST":
        form = PersonForm(request.POST, scope=scope)
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = services.person_create(
                    actor=user,
                    code=data["code"],
                    full_name=data["full_name"],
                    gender=data["gender"],
                    unit=data["unit"],
                    title=data["title"],
                    birth_year=data["birth_year"],
                    ethnicity=data["ethnicity"],
                    category=data["category"],
                    start_date=data["start_date"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("%(p)s was added.") % {"p": person})
                return redirect(_person_url(person))
    else:
        form = PersonForm(scope=scope, initial={"unit": unit.code if unit else ""})
    return render(request, "org/edit/person_form.html", _person_context(form, person=None))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = _access_person(request, code)
    _require_writer(request)
    user = _user(request)
    if request.method == "POST":
        form = PersonForm(request.POST, scope=scope_for(user), instance=person)
        if form.is_valid():
            try:
                person = services.person_update(actor=user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("%(p)s was saved.") % {"p": person})
                return redirect(_person_url(person))
    else:
        form = PersonForm(scope=scope_for(user), instance=person)
    return render(request, "org/edit/person_form.html", _person_context(form, person=person))


@login_required
@require_http_methods(["GET", "POST"])
def person_assign(request: HttpRequest, code: str) -> HttpResponse:
    person = _access_person(request, code)
    _require_writer(request)
    user = _user(request)
    if request.method == "POST":
        form = AssignForm(request.POST, scope=scope_for(user), person=person)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.person_assign(
                    actor=user,
                    person=person,
                    unit=data["unit"],
                    title=data["title"],
                    start_date=data["start_date"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The new position of %(p)s was saved.") % {"p": person})
                return redirect(_person_url(person))
    else:
        form = AssignForm(scope=scope_for(user), person=person)
    current = person.positions.filter(end_date__isnull=True).select_related("unit").first()
    return render(
        request,
        "org/edit/person_assign.html",
        {"form": form, "person": person, "current": current},
    )


# -- accounts -----------------------------------------------------------------------------


@login_required
@require_GET
def account_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    _require_unit_manager(request)
    low, high = unit.path_bounds()
    accounts = (
        User.objects.filter(unit__path__gte=low, unit__path__lt=high)
        .select_related("unit", "person")
        .order_by("unit__path", "username")
    )
    page = Paginator(accounts, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/edit/account_list.html", {"unit": unit, "page": page})


def _access_account(request: HttpRequest, username: str) -> User:
    account = User.objects.select_related("unit", "person").filter(username=username).first()
    user = _user(request)
    if account is None:
        raise Http404
    if not user.is_system_admin and not scope_for(user).contains(account.unit):
        raise Http404
    return account


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    unit_code = request.GET.get("unit", "").strip()
    unit = access_unit(request.user, unit_code) if unit_code else None
    _require_unit_manager(request)
    user = _user(request)
    if request.method == "POST":
        form = AccountCreateForm(request.POST, user=user, scope=scope_for(user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                account = services.account_create(
                    actor=user,
                    username=data["username"],
                    password=data["password1"],
                    role=data["role"],
                    unit=data["unit"],
                    full_name=data["full_name"],
                    email=data["email"],
                    person=data["person"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Account %(u)s was created.") % {"u": account.username})
                if account.unit is not None:
                    return redirect("org_edit:account_list", code=account.unit.code)
                return redirect("org_edit:account_edit", username=account.username)
    else:
        form = AccountCreateForm(
            user=user,
            scope=scope_for(user),
            initial={"unit": unit.code if unit else "", "role": Role.OFFICER},
        )
    return render(
        request, "org/edit/account_form.html", {"form": form, "account": None, "unit": unit}
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, username: str) -> HttpResponse:
    account = _access_account(request, username)
    _require_unit_manager(request)
    user = _user(request)
    if account.is_system_admin and not user.is_system_admin:
        raise PermissionDenied
    if request.method == "POST":
        form = AccountEditForm(request.POST, user=user, scope=scope_for(user), account=account)
        if form.is_valid():
            data = form.cleaned_data
            try:
                account = services.account_update(
                    actor=user,
                    account=account,
                    role=data["role"],
                    unit=data["unit"],
                    is_active=data["is_active"],
                    full_name=data["full_name"],
                    email=data["email"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Account %(u)s was saved.") % {"u": account.username})
                if account.unit is not None and scope_for(user).contains(account.unit):
                    return redirect("org_edit:account_list", code=account.unit.code)
                return redirect("/")
    else:
        form = AccountEditForm(user=user, scope=scope_for(user), account=account)
    return render(
        request,
        "org/edit/account_form.html",
        {"form": form, "account": account, "unit": account.unit},
    )


# -- suggestions for code boxes -------------------------------------------------------------


@login_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for a code box's ``<datalist>``: units or people in scope whose
    code starts with, or whose name contains, what was typed (diacritics ignored)."""
    kind = request.GET.get("kind", "unit")
    field = request.GET.get("field", "q")
    text = (request.GET.get(field) or request.GET.get("q") or "").strip()
    options: list[tuple[str, str]] = []
    if len(text) >= 1:
        folded = fold(text)
        if kind == "person":
            people = people_visible_to(request.user).filter(
                Q(code__istartswith=text) | Q(name_folded__contains=folded)
            )
            options = [(p.code, p.full_name) for p in people[:LOOKUP_LIMIT]]
        else:
            units = units_visible_to(request.user).filter(
                Q(code__istartswith=text) | Q(name_folded__contains=folded)
            )
            options = [(u.code, u.name) for u in units[:LOOKUP_LIMIT]]
    return render(request, "org/edit/lookup_options.html", {"options": options})
