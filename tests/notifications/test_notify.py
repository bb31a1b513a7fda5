"""``notify``: recipients, in-app rows in one insert, e-mails after the commit only to the
accounts that want them, in Vietnamese with absolute links."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from tests.conftest import Cast
from tests.factories import UserFactory
from tests.notifications.conftest import sent_to
from thidua.notifications import services
from thidua.notifications.models import Kind, Notification
from thidua.org.models import Role, User

pytestmark = pytest.mark.django_db


def test_units_resolve_to_their_active_accounts_and_users_are_added_once(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    retired = UserFactory.create(username="nghihuu", unit=cast.district, role=Role.OFFICER)
    User.objects.filter(pk=retired.pk).update(is_active=False, email="nghihuu@baclieu.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        count = services.notify(
            kind=Kind.REGISTRATION_RETURNED,
            units=[cast.district, cast.commune.pk],
            users=[cast.officer, cast.office.pk],
            subject="Đăng ký bị trả lại",
            text="Thiếu chỉ tiêu.",
            link="/campaigns/mine/",
        )
    expected = {cast.officer.pk, cast.viewer.pk, cast.commune_officer.pk, cast.office.pk}
    assert count == 4
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == expected
    assert not Notification.objects.filter(recipient=retired).exists()
    assert sent_to(mail.outbox) == sorted(
        [
            "hongdan@baclieu.gov.vn",
            "xem.hongdan@baclieu.gov.vn",
            "ntla@baclieu.gov.vn",
            "vanphong@baclieu.gov.vn",
        ]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses


def test_emails_leave_after_the_commit_and_not_at_all_on_rollback(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(kind=Kind.COUNCIL_CALLED, users=[cast.council], subject="Họp")
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert sent_to(mail.outbox) == ["hoidong@baclieu.gov.vn"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notify(kind=Kind.COUNCIL_CALLED, users=[cast.council], subject="Họp")
                raise RuntimeError("the change fails after notify")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.count() == 1  # the first one only


def test_accounts_that_switched_a_kind_off_get_the_notification_but_no_email(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    services.set_email_kinds(
        actor=cast.viewer, kinds=[k for k in Kind.values if k != Kind.PROGRESS_OVERDUE]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind=Kind.PROGRESS_OVERDUE, units=[cast.district], subject="Nhắc")
        services.notify(kind=Kind.REGISTRATION_DUE, units=[cast.district], subject="Nhắc 2")
    assert Notification.objects.filter(recipient=cast.viewer).count() == 2
    progress = [m.to[0] for m in mail.outbox if m.subject.endswith("Nhắc")]
    due = [m.to[0] for m in mail.outbox if m.subject.endswith("Nhắc 2")]
    assert progress == ["hongdan@baclieu.gov.vn"]
    assert sorted(due) == ["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]


def test_email_is_vietnamese_with_an_absolute_link_whatever_the_page_language(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.DECISION_ISSUED,
            units=[cast.commune],
            subject=gettext_lazy("Notifications"),
            text="Quyết định số 12/QĐ-UBND.",
            link="/awards/nominations/",
        )
    (message,) = mail.outbox
    assert message.from_email == "thidua@baclieu.gov.vn"
    assert message.subject == "[thidua] Thông báo"
    assert message.body.startswith(f"Kính gửi {cast.commune_officer.full_name},")
    assert "Quyết định số 12/QĐ-UBND." in message.body
    assert "https://thidua.baclieu.gov.vn/awards/nominations/" in message.body
    assert "https://thidua.baclieu.gov.vn/account/notifications/" in message.body
    row = Notification.objects.get()
    assert row.subject == "Thông báo" and row.link == "/awards/nominations/"


def test_in_app_rows_are_one_insert_however_many_recipients(
    cast: Cast, mailer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def queries(n: int) -> int:
        for i in range(n):
            UserFactory.create(username=f"xa-{n}-{i}", unit=cast.commune, role=Role.VIEWER)
        with CaptureQueriesContext(connection) as ctx:
            services.notify(kind=Kind.CAMPAIGN_LAUNCHED, units=[cast.commune], subject="Phát động")
        return len(ctx.captured_queries)

    with django_capture_on_commit_callbacks(execute=False):
        small, large = queries(2), queries(60)
    assert small == large == 2  # one INSERT … SELECT, then who wants an e-mail
    assert Notification.objects.filter(recipient__unit=cast.commune).count() == 3 + 63


def test_nobody_to_notify_writes_nothing(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notify(kind=Kind.CAMPAIGN_LAUNCHED, units=[], subject="x") == 0
        assert (
            services.notify(kind=Kind.CAMPAIGN_LAUNCHED, units=[cast.department], subject="x") == 0
        )
    assert callbacks == [] and not Notification.objects.exists()


def test_an_unknown_kind_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        services.notify(kind="launch", users=[cast.officer], subject="x")


def test_a_failing_address_is_logged_and_the_others_still_go(
    addressed: Cast,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def flaky(self: Any, messages: list[Any]) -> int:
        if messages[0].to == ["xem.hongdan@baclieu.gov.vn"]:
            raise ConnectionRefusedError("mailbox unavailable")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind=Kind.NOMINATION_RETURNED, units=[addressed.district], subject="x")
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn"]
    assert any("xem.hongdan@baclieu.gov.vn" in r.getMessage() for r in caplog.records)


def test_the_rows_carry_the_time_they_were_written(cast: Cast) -> None:
    before = timezone.now()
    services.notify(kind=Kind.CAMPAIGN_LAUNCHED, users=[cast.officer], subject="Phát động")
    row = Notification.objects.get()
    assert before - dt.timedelta(seconds=1) <= row.created_at <= timezone.now()
    assert row.read_at is None and row.kind == Kind.CAMPAIGN_LAUNCHED
