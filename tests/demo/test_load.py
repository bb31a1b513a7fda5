"""``thidua demo`` against the database: counts, idempotence, accounts, merger, people."""

from __future__ import annotations

import io
import unicodedata
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.demo.conftest import TEST_PEOPLE
from thidua.core.models import AuditEvent
from thidua.org.demo.loader import DemoReport, load_demo
from thidua.org.models import (
    PATH_SEGMENT,
    Person,
    Position,
    Role,
    Succession,
    SuccessionLink,
    Unit,
    User,
)
from thidua.org.permissions import scope_for, scope_for_unit
from thidua.org.selectors import people_visible_to, subtree

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "admin": (Role.ADMIN, None),
    "vanphong": (Role.OFFICE, "BL"),
    "canbo.hongdan": (Role.OFFICER, "BL-HD"),
    "canbo.ntla": (Role.OFFICER, "BL-HD-NTLA"),
    "hoidong": (Role.COUNCIL, "BL"),
    "lanhdao": (Role.LEADER, "BL"),
    "xem": (Role.VIEWER, "BL"),
}


def counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "successions": Succession.objects.count(),
        "links": SuccessionLink.objects.count(),
        "people": Person.objects.count(),
        "positions": Position.objects.count(),
        "accounts": User.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_the_demo_loads_the_province_with_its_districts_and_communes(demo: DemoReport) -> None:
    province = Unit.objects.get(code="BL")
    under = Counter(u.kind for u in subtree(province))
    assert under["district"] == 7
    assert (under["commune"], under["ward"], under["town"]) == (49, 10, 5)
    assert province.active_to is not None and province.active_to.isoformat() == "2025-06-30"
    commune = Unit.objects.get(code="BL-HD-NTLA")
    assert commune.name == "Xã Ninh Thạnh Lợi A"
    assert commune.parent is not None and commune.parent.code == "BL-HD"
    assert commune.name_folded.startswith("xa ninh thanh loi a")
    assert commune.depth == 2 and len(commune.path) == 3 * PATH_SEGMENT
    assert demo.units_created == Unit.objects.count()
    assert demo.people_created == TEST_PEOPLE
    assert Person.objects.count() == TEST_PEOPLE + 6  # plus the people linked to accounts


def test_running_it_twice_changes_nothing(demo: DemoReport) -> None:
    before = counts()
    second = load_demo(people=TEST_PEOPLE)
    assert not second.changed
    assert counts() == before


def test_asking_for_more_people_later_adds_only_the_missing_ones(demo: DemoReport) -> None:
    audit_before = AuditEvent.objects.count()
    more = load_demo(people=TEST_PEOPLE + 20)
    assert (more.people_created, more.units_created, more.accounts_created) == (20, 0, 0)
    assert Person.objects.filter(code__startswith="BL-P").count() == TEST_PEOPLE + 20
    # One audit event for the whole batch.
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.get(action="person.bulk_create", after__count=20)
    assert event.actor_label == "system"


def test_the_demo_accounts_can_log_in_with_the_demo_password(demo: DemoReport) -> None:
    request = RequestFactory().post("/login/")
    for username, (role, unit_code) in ACCOUNTS.items():
        user = authenticate(request, username=username, password="ThiDua@2020")
        assert isinstance(user, User), username
        assert user.role == role
        assert (user.unit.code if user.unit else None) == unit_code
    assert authenticate(request, username="xem", password="wrong-password-1") is None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert [row.username for row in demo.accounts] == list(ACCOUNTS)


def test_accounts_are_linked_to_people_in_their_own_scope(demo: DemoReport) -> None:
    for user in User.objects.exclude(username="admin").select_related("person__unit", "unit"):
        assert user.person is not None, user.username
        assert scope_for(user).contains(user.person.unit), user.username
    ntla = User.objects.get(username="canbo.ntla")
    assert ntla.person is not None and ntla.person.unit is not None
    assert ntla.person.unit.code == "BL-HD-NTLA"


def test_the_demo_password_comes_from_the_environment(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_DEMO_PASSWORD", "Khac-Mat-Khau-2025")
    report = load_demo(people=0)
    assert {row.password for row in report.accounts} == {"Khac-Mat-Khau-2025"}
    assert User.objects.get(username="hoidong").check_password("Khac-Mat-Khau-2025")


def test_a_weak_demo_password_is_refused_before_anything_is_written(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_DEMO_PASSWORD", "123")
    with pytest.raises(ValidationError):
        load_demo(people=0)
    assert Unit.objects.count() == 0 and User.objects.count() == 0


def test_the_merger_into_the_new_ca_mau_keeps_the_old_units_reachable(demo: DemoReport) -> None:
    new_ca_mau = Unit.objects.get(code="CM25")
    old_commune = Unit.objects.get(code="BL-HD-NTLA")
    old_ca_mau = Unit.objects.get(code="CM-TPCM")
    scope = scope_for_unit(new_ca_mau)
    assert scope.contains(old_commune) and scope.contains(old_ca_mau)
    # History stays where it was: old units are not moved under the new province.
    assert not old_commune.is_descendant_of(new_ca_mau)
    assert not scope_for_unit(Unit.objects.get(code="BL")).contains(new_ca_mau)
    merger = Succession.objects.get(links__successor=new_ca_mau, links__predecessor__code="BL")
    assert merger.decision_number == "202/2025/QH15"
    assert merger.effective_date.isoformat() == "2025-07-01"


def test_the_illustrative_ward_merger_shows_its_predecessors(demo: DemoReport) -> None:
    ward = Unit.objects.get(code="CM25-PBL")
    predecessors = set(
        SuccessionLink.objects.filter(successor=ward).values_list("predecessor__code", flat=True)
    )
    assert predecessors == {"BL-TPBL-P1", "BL-TPBL-P2", "BL-TPBL-P3"}
    assert scope_for_unit(ward).contains(Unit.objects.get(code="BL-TPBL-P2"))
    assert not scope_for_unit(ward).contains(Unit.objects.get(code="BL-TPBL-P5"))
    merged = Unit.objects.get(code="BL-TPBL-P1")
    assert merged.active_to is not None and merged.active_to.isoformat() == "2025-06-30"
    assert "minh họa" in ward.note.lower()


def test_people_are_nfc_searchable_without_diacritics_and_consistent(demo: DemoReport) -> None:
    admin = User.objects.get(username="admin")
    nguyen = people_visible_to(admin, search="nguyen")
    assert nguyen.exists()
    assert all(p.full_name.startswith("Nguyễn") or "nguyen" in p.name_folded for p in nguyen)
    for person in Person.objects.all():
        assert unicodedata.is_normalized("NFC", person.full_name)
        assert unicodedata.is_normalized("NFC", person.title)
    # Exactly one position per person, matching the person's current unit and title.
    per_person = Position.objects.values("person").annotate(n=Count("id"))
    assert {row["n"] for row in per_person} == {1}
    assert per_person.count() == Person.objects.count()
    for position in Position.objects.select_related("person"):
        assert position.end_date is None
        assert (position.unit_id, position.title) == (
            position.person.unit_id,
            position.person.title,
        )


def test_people_are_scoped_to_the_unit_of_the_account(demo: DemoReport) -> None:
    officer = User.objects.get(username="canbo.hongdan")
    visible = people_visible_to(officer)
    assert visible.exists()
    hong_dan = Unit.objects.get(code="BL-HD")
    assert all(p.unit is not None and p.unit.is_descendant_of(hong_dan) for p in visible)
    assert visible.count() < Person.objects.count()


def test_the_command_prints_the_accounts_table_and_is_idempotent(db: None) -> None:
    out = io.StringIO()
    call_command("demo", "--people", "30", stdout=out)
    text = out.getvalue()
    for username in ACCOUNTS:
        assert username in text
    assert "ThiDua@2020" in text
    assert "Huyện Hồng Dân" in text and "Xã Ninh Thạnh Lợi A" in text
    before = counts()
    again = io.StringIO()
    call_command("demo", "--people", "30", stdout=again)
    assert counts() == before
    assert "ThiDua@2020" in again.getvalue()


def test_no_people_loads_units_and_accounts_only(db: None) -> None:
    call_command("demo", "--no-people", stdout=io.StringIO())
    assert Unit.objects.filter(code="BL-HD-NTLA").exists()
    assert User.objects.count() == len(ACCOUNTS)
    assert not Person.objects.filter(code__startswith="BL-P").exists()


def test_a_negative_number_of_people_is_refused(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("demo", "--people", "-1", stdout=io.StringIO())


def test_people_are_written_in_bulk_whatever_their_number(demo: DemoReport) -> None:
    with CaptureQueriesContext(connection) as few:
        assert load_demo(people=TEST_PEOPLE + 5).people_created == 5
    with CaptureQueriesContext(connection) as many:
        assert load_demo(people=TEST_PEOPLE + 405).people_created == 400
    assert len(many.captured_queries) == len(few.captured_queries)
