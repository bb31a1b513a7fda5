"""Reads, always scoped to what the asking account may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thidua.core.text import fold
from thidua.org.models import Person, Succession, SuccessionLink, Unit
from thidua.org.permissions import Scope, scope_for, scope_for_unit


def subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and everything under it: one range scan on the path index."""
    low, high = unit.path_bounds()
    return Unit.objects.filter(path__gte=low, path__lt=high)


def units_visible_to(user: Any, *, search: str = "") -> QuerySet[Unit]:
    qs = Unit.objects.filter(scope_for(user).q("path"))
    if search:
        qs = qs.filter(name_folded__contains=fold(search))
    return qs


def people_visible_to(user: Any, *, search: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(scope_for(user).q("unit__path"))
    if search:
        # A name (diacritics ignored) or an exact code.
        code = search.strip()
        qs = qs.filter(Q(name_folded__contains=fold(search)) | Q(code__in={code, code.upper()}))
    return qs


def unit_lineage_scope(unit: Unit) -> Scope:
    """The unit's subtree plus the subtrees of all its predecessors: where everything ever
    recorded for this unit (under any of its former identities) can be found."""
    return scope_for_unit(unit)


def unit_successions(unit: Unit) -> QuerySet[Succession]:
    """Reorganisations the unit took part in, as predecessor or successor."""
    ids = SuccessionLink.objects.filter(Q(predecessor=unit) | Q(successor=unit)).values(
        "succession_id"
    )
    return Succession.objects.filter(pk__in=ids).prefetch_related(
        "links__predecessor", "links__successor"
    )
