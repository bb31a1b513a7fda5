"""Who may see reports and who may change a unit's Word template.

Reports are read by the staff roles (system administrator, emulation office, unit emulation
officer, leader, viewer), each for their own unit's subtree (a unit outside it answers 404);
council members have no reports (403).  A unit's Word template is uploaded or removed by
the administrator, the emulation office and the unit emulation officers whose scope holds
the unit.
"""

from __future__ import annotations

from typing import Any

from thidua.org.models import Role, Unit
from thidua.org.permissions import scope_for

REPORT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.OFFICER, Role.LEADER, Role.VIEWER})
TEMPLATE_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.OFFICER})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def can_see_reports(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role in REPORT_ROLES)


def can_change_template(user: Any, unit: Unit | None) -> bool:
    if not _active(user) or unit is None:
        return False
    if not (user.is_superuser or user.role in TEMPLATE_ROLES):
        return False
    return scope_for(user).contains(unit)
