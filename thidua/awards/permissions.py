"""Who may do what with commendation records, nominations, councils and decisions.

Seeing is decided by the selectors (outsiders get 404); these checks decide acting, for
accounts that can already see the object (``PermissionDenied`` otherwise).

- Records (ratings, discipline, initiatives, historical commendations) are written by the
  administrator, and by emulation offices and unit officers whose scope holds the subject.
- A nomination is drafted, edited and submitted by the proposing unit's own officers (roles
  officer and office of that very unit).
- A submitted nomination is checked, returned, put to the council and decided by the
  emulation office of the awarding level (role office, scope holding the awarding unit) —
  never by the proposing unit itself, unless it is that office.
- Councils and sessions are managed by the office whose scope holds the council's unit; a
  member casts only their own ballot, the secretary enters paper ballots and written opinions.
- Decisions are prepared by that office and issued by it or by a leader of the authority.
"""

from __future__ import annotations

from typing import Any

from thidua.awards.models import Council, CouncilMember, Decision, MemberRole, Nomination
from thidua.org.models import Role, Unit
from thidua.org.permissions import scope_for

UNIT_WRITERS = frozenset({Role.OFFICER, Role.OFFICE})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def is_admin(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def is_office_over(user: Any, unit: Unit) -> bool:
    return _active(user) and user.role == Role.OFFICE and scope_for(user).contains(unit)


def can_record_for(user: Any, unit: Unit | None) -> bool:
    """Write ratings, discipline, initiatives or historical commendations of people and
    collectives of ``unit`` (the person's unit or the collective itself)."""
    if user is None:  # system jobs (command line imports, demo loader)
        return True
    if is_admin(user):
        return True
    return (
        _active(user)
        and user.role in UNIT_WRITERS
        and unit is not None
        and scope_for(user).contains(unit)
    )


def can_propose(user: Any, proposing_unit: Unit) -> bool:
    if is_admin(user):
        return True
    return _active(user) and user.role in UNIT_WRITERS and user.unit_id == proposing_unit.pk


def can_edit_nomination(user: Any, nomination: Nomination) -> bool:
    return can_propose(user, nomination.proposing_unit)


def can_handle_nomination(user: Any, nomination: Nomination) -> bool:
    """Check, return, send to council, decide: the office of the awarding level."""
    return is_admin(user) or is_office_over(user, nomination.awarding_unit)


def can_manage_council(user: Any, council: Council) -> bool:
    return is_admin(user) or is_office_over(user, council.unit)


def is_secretary(user: Any, council: Council) -> bool:
    return _active(user) and any(
        m.account_id == user.pk and m.role == MemberRole.SECRETARY and m.active
        for m in council.members.all()
    )


def can_cast_for(user: Any, member: CouncilMember) -> bool:
    """A member casts their own ballot; the secretary enters paper ballots."""
    if not _active(user) or not member.active:
        return False
    return member.account_id == user.pk or is_secretary(user, member.council)


def can_prepare_decision(user: Any, authority: Unit) -> bool:
    return is_admin(user) or is_office_over(user, authority)


def can_sign_decision(user: Any, decision: Decision) -> bool:
    if can_prepare_decision(user, decision.authority_unit):
        return True
    return (
        _active(user)
        and user.role == Role.LEADER
        and scope_for(user).contains(decision.authority_unit)
    )
