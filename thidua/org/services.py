"""The one write path for units, successions, people and accounts.

Keyword-only, typed, each in a transaction, each writing an audit event.  Views, the admin,
the API, commands, imports and the demo loader all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.text import nfc
from thidua.org.models import (
    PATH_SEGMENT,
    Gender,
    Person,
    PersonCategory,
    Position,
    Role,
    Succession,
    SuccessionKind,
    SuccessionLink,
    Unit,
    UnitKind,
    User,
    path_segment,
)

UNIT_FIELDS = ("code", "name", "short_name", "kind", "active_from", "active_to", "address", "note")
PERSON_FIELDS = ("code", "full_name", "gender", "birth_year", "ethnicity", "category", "title")


# -- units --------------------------------------------------------------------------------


def _set_path(unit: Unit) -> None:
    parent_path = unit.parent.path if unit.parent_id and unit.parent else ""
    unit.path = parent_path + path_segment(unit.pk)
    unit.depth = len(unit.path) // PATH_SEGMENT - 1


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
    address: str = "",
    note: str = "",
) -> Unit:
    code = nfc(code)
    if not code:
        raise ValidationError(_("The unit code is required."))
    if kind not in UnitKind.values:
        raise ValidationError(_("Unknown unit kind: %(kind)s.") % {"kind": kind})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(_("A unit with code %(code)s already exists.") % {"code": code})
    unit = Unit(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        active_from=active_from,
        active_to=active_to,
        address=address,
        note=note,
        path="",
    )
    unit.full_clean(exclude=["path", "name_folded"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit.record(
        actor=actor,
        action="unit.create",
        obj=unit,
        after=audit.snapshot(unit, (*UNIT_FIELDS, "parent")),
        unit_id=unit.pk,
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    unknown = set(changes) - set(UNIT_FIELDS) - {"parent"}
    if unknown:
        raise ValidationError(_("Fields that cannot be changed: %(f)s") % {"f": ", ".join(unknown)})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, (*UNIT_FIELDS, "parent"))
    new_parent = changes.pop("parent", unit.parent)
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.full_clean(exclude=["path", "name_folded", "depth", "parent"])
    unit.save()
    if (new_parent.pk if new_parent else None) != unit.parent_id:
        _move(unit, new_parent)
    after = audit.snapshot(unit, (*UNIT_FIELDS, "parent"))
    if after != before:
        audit.record(
            actor=actor, action="unit.update", obj=unit, before=before, after=after, unit_id=unit.pk
        )
    return unit


def _move(unit: Unit, new_parent: Unit | None) -> None:
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "") + path_segment(unit.pk)
    low, high = unit.path_bounds()
    # One statement rewrites the whole subtree: new prefix + the rest of each old path.
    Unit.objects.filter(path__gte=low, path__lt=high).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (len(new_path) - len(old_path)) // PATH_SEGMENT,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()


def unit_move(*, actor: Any, unit: Unit, new_parent: Unit | None) -> Unit:
    return unit_update(actor=actor, unit=unit, parent=new_parent)


def _close_unit(unit: Unit, effective_date: dt.date) -> None:
    last_day = effective_date - dt.timedelta(days=1)
    if unit.active_to is None or unit.active_to > last_day:
        Unit.objects.filter(pk=unit.pk).update(active_to=last_day)
        unit.active_to = last_day


def _new_succession(
    *,
    kind: str,
    effective_date: dt.date,
    decision_number: str,
    decision_date: dt.date | None,
    note: str,
    former_name: str = "",
) -> Succession:
    return Succession.objects.create(
        kind=kind,
        effective_date=effective_date,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        note=note,
        former_name=former_name,
    )


def _audit_succession(actor: Any, succession: Succession, units: Sequence[Unit]) -> None:
    links = [
        {"predecessor": link.predecessor_id, "successor": link.successor_id}
        for link in succession.links.all()
    ]
    for unit in units:
        audit.record(
            actor=actor,
            action=f"unit.{succession.kind}",
            obj=unit,
            after={
                "kind": succession.kind,
                "effective_date": succession.effective_date.isoformat(),
                "decision_number": succession.decision_number,
                "links": links,
            },
            unit_id=unit.pk,
        )


@transaction.atomic
def unit_merge(
    *,
    actor: Any,
    predecessors: Sequence[Unit],
    successor: Unit,
    effective_date: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    move_children: bool = False,
) -> Succession:
    """Several units become one (the successor may be one of them, or a new unit).

    Predecessors other than the successor stop on the day before ``effective_date``; with
    ``move_children`` their still-active child units move under the successor."""
    if not predecessors:
        raise ValidationError(_("A merger needs at least one predecessor unit."))
    if successor.active_from and successor.active_from > effective_date:
        raise ValidationError(_("The successor unit is not active on the effective date."))
    succession = _new_succession(
        kind=SuccessionKind.MERGE,
        effective_date=effective_date,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    for unit in predecessors:
        if unit.pk == successor.pk:
            continue
        if successor.path.startswith(unit.path):
            raise ValidationError(
                _("%(s)s lies under %(p)s and cannot succeed it.") % {"s": successor, "p": unit}
            )
        SuccessionLink.objects.create(succession=succession, predecessor=unit, successor=successor)
        if move_children:
            for child in Unit.objects.filter(parent=unit):
                if child.active_to is None or child.active_to >= effective_date:
                    _move(child, successor)
        _close_unit(unit, effective_date)
    _audit_succession(actor, succession, [*predecessors, successor])
    return succession


@transaction.atomic
def unit_split(
    *,
    actor: Any,
    predecessor: Unit,
    successors: Sequence[Unit],
    effective_date: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    keep_predecessor: bool = False,
) -> Succession:
    """One unit becomes several.  Unless ``keep_predecessor`` (a part split off while the
    unit goes on), the predecessor stops on the day before ``effective_date``."""
    if not successors:
        raise ValidationError(_("A split needs at least one successor unit."))
    succession = _new_succession(
        kind=SuccessionKind.SPLIT,
        effective_date=effective_date,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    for unit in successors:
        if unit.pk == predecessor.pk:
            raise ValidationError(_("A unit cannot be split into itself."))
        SuccessionLink.objects.create(
            succession=succession, predecessor=predecessor, successor=unit
        )
    if not keep_predecessor:
        _close_unit(predecessor, effective_date)
    _audit_succession(actor, succession, [predecessor, *successors])
    return succession


@transaction.atomic
def unit_rename(
    *,
    actor: Any,
    unit: Unit,
    new_name: str,
    effective_date: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> Succession:
    """The unit keeps its identity and records; its former name is kept in the succession."""
    new_name = nfc(new_name)
    if not new_name:
        raise ValidationError(_("The new name is required."))
    if new_name == unit.name:
        raise ValidationError(_("The new name is the same as the current one."))
    succession = _new_succession(
        kind=SuccessionKind.RENAME,
        effective_date=effective_date,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        former_name=unit.name,
    )
    SuccessionLink.objects.create(succession=succession, predecessor=unit, successor=unit)
    unit_update(actor=actor, unit=unit, name=new_name)
    unit.refresh_from_db()
    return succession


# -- people -------------------------------------------------------------------------------


def _validate_person(*, full_name: str, gender: str, birth_year: int | None, category: str) -> None:
    if not nfc(full_name):
        raise ValidationError(_("The full name is required."))
    if gender not in Gender.values:
        raise ValidationError(_("Unknown gender: %(g)s.") % {"g": gender})
    if category not in PersonCategory.values:
        raise ValidationError(_("Unknown category: %(c)s.") % {"c": category})
    this_year = dt.date.today().year
    if birth_year is not None and not (1900 <= birth_year <= this_year):
        raise ValidationError(
            _("Birth year %(y)s is outside 1900–%(max)s.") % {"y": birth_year, "max": this_year}
        )


@transaction.atomic
def person_create(
    *,
    actor: Any,
    code: str,
    full_name: str,
    gender: str,
    unit: Unit | None,
    title: str = "",
    birth_year: int | None = None,
    ethnicity: str = "Kinh",
    category: str = PersonCategory.GENERAL,
    start_date: dt.date | None = None,
) -> Person:
    code = nfc(code)
    if not code:
        raise ValidationError(_("The person code is required."))
    _validate_person(full_name=full_name, gender=gender, birth_year=birth_year, category=category)
    if Person.objects.filter(code=code).exists():
        raise ValidationError(_("A person with code %(code)s already exists.") % {"code": code})
    person = Person.objects.create(
        code=code,
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        ethnicity=ethnicity or "Kinh",
        category=category,
        unit=unit,
        title=title,
    )
    if unit is not None:
        Position.objects.create(person=person, unit=unit, title=nfc(title), start_date=start_date)
    audit.record(
        actor=actor,
        action="person.create",
        obj=person,
        after=audit.snapshot(person, (*PERSON_FIELDS, "unit")),
        unit_id=person.unit_id,
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **changes: Any) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS) - {"code"}
    if unknown:
        raise ValidationError(_("Fields that cannot be changed: %(f)s") % {"f": ", ".join(unknown)})
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(person, (*PERSON_FIELDS, "unit"))
    for field, value in changes.items():
        setattr(person, field, value)
    _validate_person(
        full_name=person.full_name,
        gender=person.gender,
        birth_year=person.birth_year,
        category=person.category,
    )
    person.save()
    after = audit.snapshot(person, (*PERSON_FIELDS, "unit"))
    if after != before:
        audit.record(
            actor=actor,
            action="person.update",
            obj=person,
            before=before,
            after=after,
            unit_id=person.unit_id,
        )
    return person


@transaction.atomic
def person_assign(
    *,
    actor: Any,
    person: Person,
    unit: Unit,
    title: str,
    start_date: dt.date,
) -> Position:
    """A new position: the open one ends the day before, the person's current unit moves."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(person, ("unit", "title"))
    open_positions = Position.objects.filter(person=person, end_date__isnull=True)
    for position in open_positions:
        if position.start_date and position.start_date >= start_date:
            raise ValidationError(
                _("The new position must start after the current one (%(d)s).")
                % {"d": position.start_date.strftime("%d/%m/%Y")}
            )
    open_positions.update(end_date=start_date - dt.timedelta(days=1))
    position = Position.objects.create(
        person=person, unit=unit, title=nfc(title), start_date=start_date
    )
    person.unit = unit
    person.title = title
    person.save(update_fields=["unit", "title", "updated_at", "full_name", "name_folded"])
    audit.record(
        actor=actor,
        action="person.assign",
        obj=person,
        before=before,
        after=audit.snapshot(person, ("unit", "title")),
        unit_id=unit.pk,
    )
    return position


# -- accounts -----------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    role: str,
    unit: Unit | None,
    full_name: str = "",
    email: str = "",
    person: Person | None = None,
    validate_password: bool = True,
) -> User:
    from django.contrib.auth.password_validation import validate_password as check

    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(r)s.") % {"r": role})
    if role != Role.ADMIN and unit is None:
        raise ValidationError(_("Every account except a system administrator needs a unit."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("The username %(u)s is taken.") % {"u": username})
    user = User(
        username=username,
        role=role,
        # A system administrator manages everything, Django's admin site included.
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        unit=unit,
        full_name=nfc(full_name),
        email=email,
        person=person,
    )
    if password:
        if validate_password:
            check(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        action="account.create",
        obj=user,
        after=audit.snapshot(user, ("username", "role", "unit", "full_name", "email", "person")),
        unit_id=user.unit_id,
    )
    return user


_UNCHANGED: Any = object()


@transaction.atomic
def account_update(
    *,
    actor: Any,
    account: User,
    role: str | None = None,
    unit: Unit | None = _UNCHANGED,
    is_active: bool | None = None,
    full_name: str | None = None,
    email: str | None = None,
) -> User:
    """Change an account's role, unit, active flag, name or e-mail (None = unchanged).

    Only a system administrator may grant the administrator role, and nobody may deactivate
    their own account (they would lock themselves out)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    fields = ("role", "unit", "is_active", "full_name", "email")
    before = audit.snapshot(account, fields)
    actor_is_admin = actor is None or bool(getattr(actor, "is_system_admin", False))
    if role is not None:
        if role not in Role.values:
            raise ValidationError(_("Unknown role: %(r)s.") % {"r": role})
        if role == Role.ADMIN and role != account.role and not actor_is_admin:
            raise ValidationError(
                _("Only a system administrator can grant the system administrator role.")
            )
        account.role = role
        account.is_staff = account.is_superuser = role == Role.ADMIN
    if unit is not _UNCHANGED:
        account.unit = unit
    if account.role != Role.ADMIN and account.unit_id is None:
        raise ValidationError(_("Every account except a system administrator needs a unit."))
    if is_active is not None:
        if not is_active and actor is not None and getattr(actor, "pk", None) == account.pk:
            raise ValidationError(_("You cannot deactivate your own account."))
        account.is_active = is_active
    if full_name is not None:
        account.full_name = nfc(full_name)
    if email is not None:
        account.email = email.strip()
    account.save()
    after = audit.snapshot(account, fields)
    if after != before:
        audit.record(
            actor=actor,
            action="account.update",
            obj=account,
            before=before,
            after=after,
            unit_id=account.unit_id,
        )
    return account
