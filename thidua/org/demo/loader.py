"""Load the demo province into the database, idempotently.

Units, reorganisations, the people linked to accounts, and the accounts go through the
services in ``thidua.org.services`` (each audited).  The synthetic people are written in bulk
for speed, with the same invariants the services keep (NFC names, ``name_folded``, one open
``Position`` matching ``Person.unit`` and ``Person.title``) and ONE audit event for the batch.

Everything is matched on stable codes (and usernames): what exists is left alone, so a second
run creates nothing and writes no audit events.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from thidua.core import audit
from thidua.core.text import fold, nfc
from thidua.org import services
from thidua.org.demo import data
from thidua.org.demo import people as synthetic
from thidua.org.models import (
    Person,
    Position,
    Role,
    SuccessionKind,
    SuccessionLink,
    Unit,
    User,
)

DEFAULT_PEOPLE = 3000
BATCH_SIZE = 500


@dataclass(frozen=True)
class AccountRow:
    username: str
    password: str
    role: str
    unit: Unit | None
    created: bool

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class DemoReport:
    units_created: int = 0
    successions_created: int = 0
    people_created: int = 0
    accounts_created: int = 0
    accounts: list[AccountRow] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.units_created,
                self.successions_created,
                self.people_created,
                self.accounts_created,
            )
        )


def demo_password(explicit: str | None = None) -> str:
    """The password of the demo accounts: explicit, else $THIDUA_DEMO_PASSWORD, else the
    documented default."""
    return explicit or os.environ.get(data.PASSWORD_ENV) or data.DEFAULT_PASSWORD


def check_demo_password(password: str) -> None:
    """Raise ``ValidationError`` if any demo account would refuse ``password``."""
    for spec in data.ACCOUNTS:
        validate_password(password, User(username=spec.username, full_name=spec.full_name))


@transaction.atomic
def load_demo(*, people: int = DEFAULT_PEOPLE, password: str | None = None) -> DemoReport:
    """Create whatever part of the demo is missing; return what was created."""
    password = demo_password(password)
    check_demo_password(password)
    report = DemoReport()
    units = _load_units(report)
    _load_mergers(units, report)
    persons = _load_named_people(units)
    report.accounts = _load_accounts(units, persons, password, report)
    if people > 0:
        report.people_created = _load_synthetic_people(units, people)
    return report


def _load_units(report: DemoReport) -> dict[str, Unit]:
    specs = data.all_units()
    units = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in specs])}
    for spec in specs:
        if spec.code in units:
            continue
        units[spec.code] = services.unit_create(
            actor=None,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None,
            short_name=spec.short_name,
            active_from=spec.active_from,
            active_to=spec.active_to,
            note=spec.note,
        )
        report.units_created += 1
    return units


def _load_mergers(units: dict[str, Unit], report: DemoReport) -> None:
    for merge in data.MERGERS:
        successor = units[merge.successor]
        predecessors = [units[code] for code in merge.predecessors]
        linked = SuccessionLink.objects.filter(
            succession__kind=SuccessionKind.MERGE,
            successor=successor,
            predecessor__in=predecessors,
        ).count()
        if linked >= len(predecessors):
            continue
        services.unit_merge(
            actor=None,
            predecessors=predecessors,
            successor=successor,
            effective_date=merge.effective_date,
            decision_number=merge.decision_number,
            decision_date=merge.decision_date,
            note=merge.note,
        )
        report.successions_created += 1


def _load_named_people(units: dict[str, Unit]) -> dict[str, Person]:
    wanted = [a.person for a in data.ACCOUNTS if a.person is not None]
    persons = {p.code: p for p in Person.objects.filter(code__in=[w.code for w in wanted])}
    for spec in wanted:
        if spec.code in persons:
            continue
        persons[spec.code] = services.person_create(
            actor=None,
            code=spec.code,
            full_name=spec.full_name,
            gender=spec.gender,
            unit=units[spec.unit],
            title=spec.title,
            birth_year=spec.birth_year,
            ethnicity=spec.ethnicity,
            start_date=data.DEMO_FROM,
        )
    return persons


def _load_accounts(
    units: dict[str, Unit], persons: dict[str, Person], password: str, report: DemoReport
) -> list[AccountRow]:
    existing = {
        u.username: u
        for u in User.objects.select_related("unit").filter(
            username__in=[a.username for a in data.ACCOUNTS]
        )
    }
    rows: list[AccountRow] = []
    for spec in data.ACCOUNTS:
        unit = units[spec.unit] if spec.unit else None
        user = existing.get(spec.username)
        if user is not None:
            rows.append(AccountRow(spec.username, password, user.role, user.unit, created=False))
            continue
        user = services.account_create(
            actor=None,
            username=spec.username,
            password=password,
            role=spec.role,
            unit=unit,
            full_name=spec.full_name,
            person=persons[spec.person.code] if spec.person else None,
        )
        if spec.superuser:
            _grant_superuser(user)
        report.accounts_created += 1
        rows.append(AccountRow(spec.username, password, spec.role, unit, created=True))
    return rows


def _grant_superuser(user: User) -> None:
    """The demo administrator may also use Django's admin site."""
    before = audit.snapshot(user, ("is_staff", "is_superuser"))
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    audit.record(
        actor=None,
        action="account.update",
        obj=user,
        before=before,
        after=audit.snapshot(user, ("is_staff", "is_superuser")),
        unit_id=user.unit_id,
    )


def _load_synthetic_people(units: dict[str, Unit], count: int) -> int:
    specs = list(synthetic.generate(data.all_units(), count))
    prefix = synthetic.CODE_PREFIX
    existing = set(Person.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    new = [s for s in specs if s.code not in existing]
    if not new:
        return 0
    Person.objects.bulk_create(
        [
            Person(
                code=s.code,
                full_name=nfc(s.full_name),
                name_folded=fold(nfc(s.full_name)),
                gender=s.gender,
                birth_year=s.birth_year,
                ethnicity=s.ethnicity,
                category=s.category,
                unit=units[s.unit],
                title=nfc(s.title),
            )
            for s in new
        ],
        batch_size=BATCH_SIZE,
    )
    ids = dict(Person.objects.filter(code__startswith=prefix).values_list("code", "pk"))
    Position.objects.bulk_create(
        [
            Position(
                person_id=ids[s.code],
                unit=units[s.unit],
                title=nfc(s.title),
                start_date=s.start_date,
            )
            for s in new
        ],
        batch_size=BATCH_SIZE,
    )
    _audit_batch(units[data.PROVINCE_CODE], new)
    return len(new)


def _audit_batch(province: Unit, new: Sequence[synthetic.PersonSpec]) -> None:
    audit.record(
        actor=None,
        action="person.bulk_create",
        obj=province,
        after={"count": len(new), "first_code": new[0].code, "last_code": new[-1].code},
        unit_id=province.pk,
        note="thidua demo",
    )
