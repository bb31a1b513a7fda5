"""Who may see and change what.

An account sees its unit's subtree, plus everything recorded for the predecessors of the units
in that subtree (history follows a unit into its successor).  System administrators and Django
superusers see everything.  Outsiders get 404, never 403, so that the existence of an object is
not disclosed; an insider without the right to change something gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.http import Http404

from thidua.org.models import Role, SuccessionLink, Unit, path_bounds

WRITE_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.OFFICER})
UNIT_MANAGER_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


@dataclass(frozen=True)
class Scope:
    """A set of subtrees, as half-open ranges of materialised paths."""

    everything: bool = False
    ranges: tuple[tuple[str, str], ...] = ()

    def q(self, path_field: str = "path") -> Q:
        if self.everything:
            return Q()
        if not self.ranges:
            return Q(pk__in=[])
        q = Q()
        for low, high in self.ranges:
            q |= Q(**{f"{path_field}__gte": low, f"{path_field}__lt": high})
        return q

    def contains_path(self, path: str) -> bool:
        return self.everything or any(low <= path < high for low, high in self.ranges)

    def contains(self, unit: Unit | None) -> bool:
        return unit is not None and self.contains_path(unit.path)

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.ranges


def _merge_ranges(paths: list[str]) -> tuple[tuple[str, str], ...]:
    """Subtree ranges of ``paths`` with those nested in another removed."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if kept and path.startswith(kept[-1]):
            continue
        kept.append(path)
    return tuple(path_bounds(p) for p in kept)


def predecessor_paths(low: str, high: str) -> list[str]:
    """Paths of every unit that, directly or through a chain of reorganisations, was succeeded
    by a unit in the subtree [low, high).  One recursive query on SQLite and PostgreSQL."""
    link = SuccessionLink._meta.db_table
    unit = Unit._meta.db_table
    sql = f"""
        WITH RECURSIVE ancestry(id) AS (
            SELECT l.predecessor_id FROM {link} l
              JOIN {unit} u ON u.id = l.successor_id
             WHERE u.path >= %s AND u.path < %s AND l.predecessor_id <> l.successor_id
            UNION
            SELECT l.predecessor_id FROM {link} l
              JOIN ancestry a ON l.successor_id = a.id
             WHERE l.predecessor_id <> l.successor_id
        )
        SELECT u.path FROM {unit} u WHERE u.id IN (SELECT id FROM ancestry)
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, high])
        return [row[0] for row in cursor.fetchall()]


def scope_for_unit(unit: Unit) -> Scope:
    low, high = unit.path_bounds()
    return Scope(ranges=_merge_ranges([unit.path, *predecessor_paths(low, high)]))


def scope_for(user: Any) -> Scope:
    """The scope of an account, computed once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_thidua_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.role == Role.ADMIN:
        scope = Scope(everything=True)
    elif user.unit_id is None:
        scope = Scope()
    else:
        scope = scope_for_unit(user.unit)
    user._thidua_scope = scope
    return scope


def can_write(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.role in WRITE_ROLES
    )


def can_manage_units(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.role in UNIT_MANAGER_ROLES
    )


def access_unit(user: Any, code: str) -> Unit:
    """Fetch a unit by code if the user may see it, else 404."""
    scope = scope_for(user)
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None or not scope.contains(unit):
        raise Http404
    return unit
