"""Council membership changes the web pages need beyond ``awards.services``: removing a
member (a seat is deactivated, never deleted, because attendance and ballot participation
refer to it) and seating an account again after a removal.

Same habits as the shared services: keyword-only, typed, in a transaction, audited;
``PermissionDenied`` for insiders without the right, ``ValidationError`` with a Vietnamese
message otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards import permissions as perms
from thidua.awards import services
from thidua.awards.models import (
    Council,
    CouncilMember,
    CouncilSession,
    MemberRole,
    SessionState,
)
from thidua.core import audit
from thidua.org.models import Person


def _open_session(council: Council) -> bool:
    return CouncilSession.objects.filter(
        council=council, state__in=(SessionState.VOTING, SessionState.COUNTED)
    ).exists()


@transaction.atomic
def council_seat_add(
    *,
    actor: Any,
    council: Council,
    role: str = MemberRole.MEMBER,
    name: str = "",
    account: Any = None,
    person: Person | None = None,
) -> CouncilMember:
    """Seat an account and/or a person on the council with a role.  An account whose seat
    was removed earlier gets that seat back (with the new role)."""
    if not perms.can_manage_council(actor, council):
        raise PermissionDenied(_("You are not allowed to do this."))
    if _open_session(council):
        raise ValidationError(
            _("Members cannot change while a session of this council is being voted.")
        )
    if account is not None:
        seat = CouncilMember.objects.select_for_update().filter(council=council, account=account)
        existing = seat.first()
        if existing is not None and existing.active:
            raise ValidationError(
                _("%(name)s is already a member of this council.") % {"name": existing.name}
            )
        if existing is not None:
            if role not in MemberRole.values:
                raise ValidationError(_("Choose a role from the list."))
            existing.active, existing.role = True, role
            if person is not None:
                existing.person = person
            if name:
                existing.name = name
            existing.save(update_fields=["active", "role", "person", "name"])
            audit.record(
                actor=actor,
                action="council.member_add",
                obj=council,
                after={"member": existing.name, "role": existing.role},
                unit_id=council.unit_id,
            )
            return existing
    if person is not None and (
        CouncilMember.objects.filter(council=council, person=person, active=True).exists()
    ):
        raise ValidationError(
            _("%(name)s is already a member of this council.") % {"name": person.full_name}
        )
    return services.council_member_add(
        actor=actor, council=council, name=name, role=role, account=account, person=person
    )


@transaction.atomic
def council_member_remove(*, actor: Any, member: CouncilMember) -> CouncilMember:
    """Take a member off the council.  The seat stays (inactive) so that past attendance
    and ballot participation keep their member; the quorum and the whole membership of
    later sessions no longer count it."""
    locked = CouncilMember.objects.select_for_update().select_related("council").get(pk=member.pk)
    council = locked.council
    if not perms.can_manage_council(actor, council):
        raise PermissionDenied(_("You are not allowed to do this."))
    if _open_session(council):
        raise ValidationError(
            _("Members cannot change while a session of this council is being voted.")
        )
    if not locked.active:
        raise ValidationError(_("%(name)s is no longer a member.") % {"name": locked.name})
    locked.active = False
    locked.save(update_fields=["active"])
    audit.record(
        actor=actor,
        action="council.member_remove",
        obj=council,
        before={"member": locked.name, "role": locked.role},
        after={"member": None},
        unit_id=council.unit_id,
    )
    return locked
