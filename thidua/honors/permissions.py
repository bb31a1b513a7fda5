"""Who may do what on the honor board.  Seeing is decided by the selectors (outsiders get
404); these checks decide acting, for accounts that can already see the object (403).

- Editors are the emulation office whose scope holds the profile's unit, and the system
  administrator: they create, edit, publish and withdraw profiles and review replications.
- A unit emulation officer may propose a profile (a draft) for a collective or a person of
  their own subtree, and edit it while it is a draft; publishing is the editors' call.
- A unit's officers (officer or office role) record that a unit of their own subtree has
  taken up a published model.
"""

from __future__ import annotations

from typing import Any

from thidua.honors.models import Profile, ProfileState
from thidua.org.models import Role, Unit
from thidua.org.permissions import scope_for


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def is_admin(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def is_editor_over(user: Any, unit: Unit) -> bool:
    if is_admin(user):
        return True
    return _active(user) and user.role == Role.OFFICE and scope_for(user).contains(unit)


def is_editor(user: Any) -> bool:
    return is_admin(user) or (_active(user) and user.role == Role.OFFICE)


def can_propose(user: Any, unit: Unit) -> bool:
    """Create a draft profile whose owner is ``unit``."""
    if is_editor_over(user, unit):
        return True
    return _active(user) and user.role == Role.OFFICER and scope_for(user).contains(unit)


def can_edit(user: Any, profile: Profile) -> bool:
    if is_editor_over(user, profile.owner_unit):
        return True
    return profile.state == ProfileState.DRAFT and can_propose(user, profile.owner_unit)


def can_publish(user: Any, profile: Profile) -> bool:
    return is_editor_over(user, profile.owner_unit)


def can_record_replication(user: Any, unit: Unit) -> bool:
    if is_admin(user):
        return True
    return (
        _active(user)
        and user.role in (Role.OFFICER, Role.OFFICE)
        and scope_for(user).contains(unit)
    )


def may_record_any(user: Any) -> bool:
    return is_admin(user) or (
        _active(user) and user.role in (Role.OFFICER, Role.OFFICE) and user.unit_id is not None
    )


def can_review_replication(user: Any, profile: Profile) -> bool:
    return is_editor_over(user, profile.owner_unit)
