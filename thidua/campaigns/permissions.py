"""Who may do what with campaigns.  Seeing is decided by the selectors (outsiders get 404);
these checks decide acting, for accounts that can already see the object (403 otherwise).

- A campaign is managed (edited, launched, moved through its reviews, evaluated, reminders
  sent) by the system administrator and by the emulation office whose scope holds the
  issuing unit.
- A registration is written (drafted, submitted, reported on) only by the unit's own officers
  (roles officer and office of that very unit) and by the system administrator.
- A submitted registration is approved or returned by the officer of the parent unit, by an
  emulation office whose scope holds the unit, or by the system administrator — never by the
  unit itself.
- Criterion assessments are recorded by offices and officers above the assessed unit.
- Clusters are managed by the office whose scope holds the organising unit; a member records
  its own self score.
"""

from __future__ import annotations

from typing import Any

from thidua.campaigns.models import Campaign, Cluster, Registration
from thidua.org.models import Role, Unit
from thidua.org.permissions import scope_for

UNIT_WRITERS = frozenset({Role.OFFICER, Role.OFFICE})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def is_admin(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def is_office_over(user: Any, unit: Unit) -> bool:
    return _active(user) and user.role == Role.OFFICE and scope_for(user).contains(unit)


def can_create_campaign(user: Any, issuing_unit: Unit) -> bool:
    return is_admin(user) or is_office_over(user, issuing_unit)


def can_manage_campaign(user: Any, campaign: Campaign) -> bool:
    return is_admin(user) or is_office_over(user, campaign.issuing_unit)


def can_write_for_unit(user: Any, unit_id: int) -> bool:
    """The unit's own officers (and the administrator)."""
    if is_admin(user):
        return True
    return _active(user) and user.role in UNIT_WRITERS and user.unit_id == unit_id


def can_edit_registration(user: Any, registration: Registration) -> bool:
    return can_write_for_unit(user, registration.unit_id)


def can_decide_registration(user: Any, registration: Registration) -> bool:
    if is_admin(user):
        return True
    if not _active(user) or user.unit_id == registration.unit_id:
        return False
    unit = registration.unit
    if user.role == Role.OFFICER and user.unit_id == unit.parent_id:
        return True
    return is_office_over(user, unit) or can_manage_campaign(user, registration.campaign)


def can_assess(user: Any, unit: Unit) -> bool:
    if is_admin(user):
        return True
    return (
        _active(user)
        and user.role in UNIT_WRITERS
        and user.unit_id != unit.pk
        and scope_for(user).contains(unit)
    )


def can_manage_cluster(user: Any, cluster: Cluster) -> bool:
    return is_admin(user) or is_office_over(user, cluster.owner_unit)
