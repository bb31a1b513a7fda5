"""Daily deadline reminders: who gets each one, on which days, and never twice a day."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate
from tests.campaigns.conftest import launched_campaign, registered
from tests.conftest import Cast
from tests.notifications.conftest import sent_to
from thidua.awards import services as awards
from thidua.awards.workdays import add_workdays
from thidua.campaigns import services as campaigns
from thidua.campaigns.models import ProgressUpdate, Registration
from thidua.notifications import reminders
from thidua.notifications.models import Kind, Notification, SentReminder
from thidua.notifications.tasks import send_daily_reminders

pytestmark = pytest.mark.django_db


def usernames(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def run(day: dt.date, callbacks: Any) -> reminders.Summary:
    with callbacks(execute=True):
        return reminders.run(day)


def test_registration_due_goes_to_units_that_have_not_submitted(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    campaign = launched_campaign(cast)  # registration deadline 15/06/2020
    commune = campaigns.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    campaigns.target_add(
        actor=cast.commune_officer, registration=commune, name="Chỉ tiêu", target_value=10
    )
    campaigns.key_work_add(actor=cast.commune_officer, registration=commune, name="Cầu")
    campaigns.registration_submit(actor=cast.commune_officer, registration=commune)
    mail.outbox.clear()
    assert run(dt.date(2020, 6, 10), django_capture_on_commit_callbacks).sent == {}  # 5 days
    summary = run(dt.date(2020, 6, 12), django_capture_on_commit_callbacks)  # 3 days left
    assert summary.sent == {Kind.REGISTRATION_DUE: 1}
    assert usernames(Kind.REGISTRATION_DUE) == ["officer", "viewer"]  # not the commune
    row = Notification.objects.filter(kind=Kind.REGISTRATION_DUE).first()
    assert row is not None and "Còn 3 ngày hết hạn đăng ký" in row.subject
    assert "15/06/2020" in row.text
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]


def test_progress_overdue_goes_to_silent_units_before_the_deadline(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    campaign = launched_campaign(cast)  # deadline 02/09/2020
    district = registered(campaign, cast.district, cast.officer, approver=cast.office)
    commune = registered(campaign, cast.commune, cast.commune_officer, approver=cast.office)
    approved = timezone.make_aware(dt.datetime(2020, 6, 20, 9))
    Registration.objects.filter(pk__in=[district.pk, commune.pk]).update(decided_at=approved)
    target = commune.targets.get()
    report = campaigns.progress_report(actor=cast.commune_officer, target=target, value=5)
    ProgressUpdate.objects.filter(pk=report.pk).update(
        reported_at=timezone.make_aware(dt.datetime(2020, 8, 10, 9))
    )
    mail.outbox.clear()
    assert run(dt.date(2020, 8, 18), django_capture_on_commit_callbacks).sent == {}
    summary = run(dt.date(2020, 8, 19), django_capture_on_commit_callbacks)  # 14 days left
    assert summary.sent == {Kind.PROGRESS_OVERDUE: 1}
    assert usernames(Kind.PROGRESS_OVERDUE) == ["officer", "viewer"]  # the commune reported
    # Three days before the deadline the commune's report is 20 days old: still recent.
    Notification.objects.all().delete()
    run(dt.date(2020, 8, 30), django_capture_on_commit_callbacks)
    assert usernames(Kind.PROGRESS_OVERDUE) == ["officer", "viewer"]


def test_nominations_near_their_working_day_limit(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    draft = nominate(cast, fighter(cast, "P-DRAFT"), "LDTT", submit=False)
    # 10/12/2020 (the submission date) is 3 working days after Monday 07/12/2020.
    assert run(dt.date(2020, 12, 5), django_capture_on_commit_callbacks).sent == {}  # Saturday
    summary = run(dt.date(2020, 12, 7), django_capture_on_commit_callbacks)
    assert summary.sent == {Kind.NOMINATION_DUE: 1}
    assert usernames(Kind.NOMINATION_DUE) == ["officer", "viewer"]  # the proposing district
    row = Notification.objects.get(kind=Kind.NOMINATION_DUE, recipient=cast.officer)
    assert draft.person is not None and draft.person.full_name in row.text
    assert "10/12/2020" in row.text and "gửi hồ sơ" in row.text

    Notification.objects.all().delete()
    submitted = nominate(cast, fighter(cast, "P-SENT"), "LDTT", year=2020, check=False)
    assert submitted.submitted_at is not None
    received = timezone.localdate(submitted.submitted_at)
    day = add_workdays(received, 4)  # one working day left to accept or return it
    run(day, django_capture_on_commit_callbacks)
    assert usernames(Kind.NOMINATION_DUE) == ["office"]  # the awarding level's office only


def test_council_session_tomorrow(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    board = council(cast, 3)
    awards.session_create(
        actor=cast.office,
        council=board,
        date=SESSION_DAY,
        nominations=[nominate(cast, fighter(cast))],
    )
    Notification.objects.all().delete()
    assert run(SESSION_DAY - dt.timedelta(days=2), django_capture_on_commit_callbacks).sent == {}
    summary = run(SESSION_DAY - dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert summary.sent == {Kind.COUNCIL_TOMORROW: 1}
    assert usernames(Kind.COUNCIL_TOMORROW) == sorted(
        s.account.username for s in members(board) if s.account
    )


def test_a_reminder_is_sent_once_a_day_however_often_it_runs(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    launched_campaign(cast)
    day = dt.date(2020, 6, 14)  # one day left
    mail.outbox.clear()
    first = run(day, django_capture_on_commit_callbacks)
    second = run(day, django_capture_on_commit_callbacks)
    assert first.sent == {Kind.REGISTRATION_DUE: 1} and first.skipped == 0
    assert second.sent == {} and second.skipped == 1
    assert Notification.objects.filter(kind=Kind.REGISTRATION_DUE).count() == 3  # 3 accounts
    assert len(mail.outbox) == 3
    assert SentReminder.objects.get().recipients == 3


def test_a_reminder_another_worker_already_took_is_skipped(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    campaign = launched_campaign(cast)
    day = dt.date(2020, 6, 14)
    SentReminder.objects.create(key=f"registration_due:campaign:{campaign.pk}", day=day)
    summary = run(day, django_capture_on_commit_callbacks)
    assert summary.sent == {} and summary.skipped == 1
    assert not Notification.objects.filter(kind=Kind.REGISTRATION_DUE).exists()


def test_a_failing_reminder_leaves_no_record_so_the_next_run_sends_it(
    addressed: Cast, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = addressed
    launched_campaign(cast)
    day = dt.date(2020, 6, 14)

    def broken(**kwargs: Any) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(reminders, "notify", broken)
    summary = run(day, django_capture_on_commit_callbacks)
    assert summary.failed == 1 and not SentReminder.objects.exists()
    monkeypatch.undo()
    assert run(day, django_capture_on_commit_callbacks).sent == {Kind.REGISTRATION_DUE: 1}


def test_the_command_and_the_task_run_the_same_reminders(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    launched_campaign(addressed)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2020-06-14", stdout=out)
    assert out.getvalue().startswith("Nhắc việc ngày 14/06/2020: đã gửi ")
    assert f"{Kind.REGISTRATION_DUE.label}: 1" in out.getvalue()
    result = send_daily_reminders.enqueue("2020-06-14")  # immediate backend (mailer)
    assert result.return_value == {
        "day": "2020-06-14",
        "sent": {},
        "skipped": 1,
        "failed": 0,
    }
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "14/06/2020")
    english = StringIO()
    call_command("send_reminders", "--date", "2020-06-14", "--language", "en", stdout=english)
    assert english.getvalue().startswith("Reminders for 14/06/2020: sent none;")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_time_send_each_reminder_once(
    migrated_data: None, cast: Cast, mailer: Any
) -> None:
    launched_campaign(cast)
    day = dt.date(2020, 6, 14)
    start = threading.Barrier(2)
    results: list[reminders.Summary] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(reminders.run(day))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(sum(r.sent.values()) for r in results) == [0, 1]
    assert sum(r.skipped for r in results) == 1
    assert Notification.objects.filter(kind=Kind.REGISTRATION_DUE).count() == 3
    assert connection.vendor == "postgresql"


def test_the_demo_step_is_idempotent(cast: Cast, mailer: Any) -> None:
    from tests.factories import UserFactory
    from thidua.notifications import demo
    from thidua.org.models import Role, User

    UserFactory.create(username="hoidong", role=Role.COUNCIL, unit=cast.province)
    first, second = StringIO(), StringIO()
    demo.run_from_command(first)
    assert User.objects.get(username="hoidong").email == "hoidong@thidua.invalid"
    demo.run_from_command(second)
    assert "0 tài khoản được gán" in second.getvalue()  # nothing changed the second time
    assert User.objects.get(username="hoidong").email == "hoidong@thidua.invalid"
