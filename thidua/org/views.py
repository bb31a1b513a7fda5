"""Browsing pages: home, unit tree, unit and person pages, search, the account's profile.

Thin views: parse, authorise (404 for outsiders through ``access_unit``/scoped selectors),
read through selectors, render.  Every page runs a constant number of queries whatever the
amount of data: counts are aggregated in the database, lists are paginated, and related rows
are fetched with ``select_related``/one extra query per kind of object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.org.models import (
    Person,
    Position,
    Role,
    Succession,
    SuccessionKind,
    Unit,
    UnitKind,
    User,
)
from thidua.org.permissions import (
    Scope,
    access_unit,
    can_manage_units,
    can_write,
    scope_for,
)
from thidua.org.selectors import (
    people_visible_to,
    unit_lineage_scope,
    unit_successions,
    units_visible_to,
)

PEOPLE_PER_PAGE = 50
HISTORY_PER_PAGE = 50
SEARCH_PER_PAGE = 20
RECENT_EVENTS = 10

ACTION_LABELS = {
    "unit.create": gettext_lazy("Unit created"),
    "unit.update": gettext_lazy("Unit changed"),
    "unit.merge": gettext_lazy("Merger"),
    "unit.split": gettext_lazy("Split"),
    "unit.rename": gettext_lazy("Rename"),
    "unit.transfer": gettext_lazy("Transfer of duties"),
    "person.create": gettext_lazy("Person added"),
    "person.update": gettext_lazy("Person changed"),
    "person.assign": gettext_lazy("New position"),
    "account.create": gettext_lazy("Account created"),
    "account.update": gettext_lazy("Account changed"),
}

# Keys of audit snapshots that hold a unit id.
UNIT_KEYS = frozenset({"parent", "unit", "predecessor", "successor"})


# -- small helpers --------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _active_q(prefix: str = "") -> Q:
    """Units not dissolved today (``active_to`` empty or not yet past)."""
    return Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": _today()})


def _show_former(request: HttpRequest) -> bool:
    return request.GET.get("former") in {"1", "on", "true"}


def _with_child_counts(qs: QuerySet[Unit], *, show_former: bool) -> QuerySet[Unit]:
    counted = None if show_former else _active_q("children__")
    return qs.annotate(child_count=Count("children", filter=counted, distinct=True))


def _page(request: HttpRequest, qs: Any, per_page: int, param: str = "page") -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get(param))


def _scope_roots(scope: Scope) -> QuerySet[Unit]:
    """The top units of a scope: all root units for an administrator, else the unit at the
    top of each subtree the account may see."""
    if scope.everything:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=[low for low, _high in scope.ranges])


def _events_in_scope(scope: Scope) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "unit")
    if scope.everything:
        return qs
    return qs.filter(scope.q("unit__path"))


# -- audit history rendering ----------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    event: AuditEvent
    action_label: str
    changes: list[Change] = field(default_factory=list)


def _date_text(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return None


def _display(model: type[models.Model] | None, key: str, value: Any, names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if key in UNIT_KEYS and isinstance(value, int):
        return names.get(value, f"#{value}")
    if key == "links" and isinstance(value, list):
        return "; ".join(
            f"{names.get(link.get('predecessor') or 0, '?')} → "
            f"{names.get(link.get('successor') or 0, '?')}"
            for link in value
            if isinstance(link, dict)
        )
    if key == "kind" and model is None:
        return str(dict(SuccessionKind.choices).get(value, value))
    if model is not None:
        try:
            model_field = model._meta.get_field(key)
        except FieldDoesNotExist:  # not a field of the model: show the raw value
            model_field = None
        if model_field is not None and getattr(model_field, "choices", None):
            return str(dict(model_field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) == 10:
        date_text = _date_text(value)
        if date_text:
            return date_text
    return str(value)


def _label(model: type[models.Model] | None, key: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:  # not a model field (e.g. "links" of a succession)
            pass
        else:
            # Reverse relations (a key named like one) have no verbose name.
            return str(getattr(field, "verbose_name", key))
    labels = {
        "kind": _("kind"),
        "effective_date": _("effective date"),
        "decision_number": _("decision number"),
        "links": _("units concerned"),
    }
    return str(labels.get(key, key))


def _unit_ids_in(events: Iterable[AuditEvent]) -> set[int]:
    ids: set[int] = set()
    for event in events:
        for data in (event.before or {}, event.after or {}):
            for key, value in data.items():
                if key in UNIT_KEYS and isinstance(value, int):
                    ids.add(value)
                elif key == "links" and isinstance(value, list):
                    for link in value:
                        if isinstance(link, dict):
                            ids.update(v for v in link.values() if isinstance(v, int))
    return ids


def history_rows(
    events: Iterable[AuditEvent], model: type[models.Model] | None = None
) -> list[HistoryRow]:
    """Audit events as rows of "field: before → after", unit ids shown as names (one query
    for all of them).  Without ``model``, each event's fields are read from the model of its
    own object (a scope's events mix units, people, campaigns, nominations…)."""
    events = list(events)
    ids = _unit_ids_in(events)
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    rows = []
    for event in events:
        succession = event.action in {"unit.merge", "unit.split", "unit.transfer"}
        own_model = model or ContentType.objects.get_for_id(event.target_type_id).model_class()
        field_model = None if succession else own_model
        changes = [
            Change(
                label=_label(field_model, key),
                before=_display(field_model, key, before, names),
                after=_display(field_model, key, after, names),
            )
            for key, before, after in event.changes()
            if key != "id"
        ]
        # None and "" both mean "empty": do not list them as a change.
        changes = [c for c in changes if c.before != c.after]
        rows.append(
            HistoryRow(
                event=event,
                action_label=str(ACTION_LABELS.get(event.action, event.action)),
                changes=changes,
            )
        )
    return rows


# -- reorganisations ------------------------------------------------------------------------


@dataclass
class Reorganisation:
    succession: Succession
    text: str
    units: list[Unit]


def _reorganisations(unit: Unit, scope: Scope) -> list[Reorganisation]:
    """One sentence per reorganisation the unit took part in, naming the other units."""
    result = []
    for succession in unit_successions(unit):
        links = list(succession.links.all())
        preds = [link.predecessor for link in links if link.successor_id == unit.pk]
        succs = [link.successor for link in links if link.predecessor_id == unit.pk]
        preds = [u for u in preds if u.pk != unit.pk]
        succs = [u for u in succs if u.pk != unit.pk]
        kind = succession.kind
        if kind == SuccessionKind.RENAME:
            text = _("Renamed from “%(name)s”") % {"name": succession.former_name}
            others: list[Unit] = []
        elif kind == SuccessionKind.MERGE and succs:
            text, others = _("Merged into"), succs
        elif kind == SuccessionKind.MERGE:
            text, others = _("Took in by merger"), preds
        elif kind == SuccessionKind.SPLIT and succs:
            text, others = _("Split into"), succs
        elif kind == SuccessionKind.SPLIT:
            text, others = _("Split off from"), preds
        elif succs:
            text, others = _("Duties transferred to"), succs
        else:
            text, others = _("Took over the duties of"), preds
        for other in others:
            other.visible = scope.contains(other)  # type: ignore[attr-defined]
        result.append(Reorganisation(succession=succession, text=text, units=others))
    return result


def _edit_links_allowed(user: Any) -> dict[str, bool]:
    return {"can_manage_units": can_manage_units(user), "can_write": can_write(user)}


# -- views ----------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The work home of an account; a visitor without one gets the public portal's home."""
    if not request.user.is_authenticated:
        from thidua.portal.views_public import home as portal_home

        return portal_home(request)
    user = request.user
    scope = scope_for(user)
    role = getattr(user, "role", "")
    manager = bool(user.is_superuser or role in {Role.ADMIN, Role.OFFICE})
    officer = role == Role.OFFICER
    context: dict[str, Any] = {"manager": manager, "officer": officer}

    labels = dict(UnitKind.choices)
    kind_counts = (
        units_visible_to(user).filter(_active_q()).values("kind").annotate(n=Count("id")).order_by()
    )
    context["kind_counts"] = sorted(
        (
            {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "n": row["n"]}
            for row in kind_counts
        ),
        key=lambda row: -row["n"],
    )
    context["unit_total"] = sum(row["n"] for row in context["kind_counts"])
    context["people_count"] = people_visible_to(user).count()
    if manager:
        accounts = User.objects.filter(is_active=True)
        if not scope.everything:
            accounts = accounts.filter(scope.q("unit__path"))
        context["accounts_count"] = accounts.count()
    if manager or officer:
        context["events"] = history_rows(_events_in_scope(scope)[:RECENT_EVENTS])
    my_unit = getattr(user, "unit", None)
    if my_unit is not None:
        context["my_unit"] = my_unit
        context["my_children"] = list(
            _with_child_counts(Unit.objects.filter(parent=my_unit), show_former=False).filter(
                _active_q()
            )
        )
    return render(request, "org/home.html", context)


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    show_former = _show_former(request)
    roots = _with_child_counts(_scope_roots(scope_for(request.user)), show_former=show_former)
    if not show_former:
        roots = roots.filter(_active_q())
    return render(
        request,
        "org/unit_tree.html",
        {"nodes": list(roots), "show_former": show_former, "today": _today()},
    )


@login_required
@require_GET
def unit_children(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    show_former = _show_former(request)
    children = _with_child_counts(Unit.objects.filter(parent=unit), show_former=show_former)
    if not show_former:
        children = children.filter(_active_q())
    return render(
        request,
        "org/_tree_nodes.html",
        {"nodes": list(children), "show_former": show_former, "today": _today(), "parent": unit},
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    scope = scope_for(request.user)
    tab = "history" if request.GET.get("tab") == "history" else "overview"
    ancestors = [
        u
        for u in Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("path")
        if scope.contains(u)
    ]
    context: dict[str, Any] = {
        "unit": unit,
        "ancestors": ancestors,
        "tab": tab,
        "today": _today(),
        **_edit_links_allowed(request.user),
    }
    if tab == "history":
        page = _page(request, audit.history(unit), HISTORY_PER_PAGE)
        context["page_obj"] = page
        context["history"] = history_rows(page.object_list, Unit)
    else:
        context["children"] = list(
            _with_child_counts(Unit.objects.filter(parent=unit), show_former=True)
        )
        context["people_page"] = _page(
            request,
            Person.objects.filter(unit=unit).order_by("name_folded", "id"),
            PEOPLE_PER_PAGE,
        )
        context["reorganisations"] = _reorganisations(unit, scope)
        lineage = unit_lineage_scope(unit)
        context["predecessors"] = list(
            Unit.objects.filter(path__in=[low for low, _high in lineage.ranges])
            .exclude(pk=unit.pk)
            .order_by("name")
        )
    return render(request, "org/unit_detail.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = people_visible_to(request.user).select_related("unit").filter(code=code).first()
    if person is None:
        raise Http404
    scope = scope_for(request.user)
    positions = list(
        Position.objects.filter(person=person).select_related("unit").order_by("-start_date", "-id")
    )
    for position in positions:
        position.unit.visible = scope.contains(position.unit)  # type: ignore[attr-defined]
    events = audit.history(person)[:HISTORY_PER_PAGE]
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "history": history_rows(events, Person),
            **_edit_links_allowed(request.user),
        },
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context: dict[str, Any] = {"q": query}
    if query:
        units = units_visible_to(request.user, search=query).select_related("parent")
        people = people_visible_to(request.user, search=query).select_related("unit")
        context["units_page"] = _page(
            request, units.order_by("name_folded", "id"), SEARCH_PER_PAGE, "upage"
        )
        context["people_page"] = _page(
            request, people.order_by("name_folded", "id"), SEARCH_PER_PAGE, "ppage"
        )
        context["today"] = _today()
    template = "org/_search_results.html" if request.htmx else "org/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "org/profile.html", {"account": request.user})
