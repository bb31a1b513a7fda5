"""Launch and reminders are e-mailed to the units' accounts (through
``thidua.notifications``: one e-mail per account, after the commit, unless the account
switched that kind off)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.campaigns.conftest import draft_campaign
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Notification
from thidua.notifications import services as notifications
from thidua.notifications.models import Kind
from thidua.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Any:
    settings.THIDUA_EMAIL_ENABLED = True  # as when EMAIL_HOST is set
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    # E-mails are sent by a task: run it at once instead of queueing it for the worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.DEFAULT_FROM_EMAIL = "thidua@baclieu.gov.vn"
    settings.THIDUA_BASE_URL = "https://thidua.baclieu.gov.vn"
    return settings


def _with_addresses(cast: Cast) -> None:
    User.objects.filter(pk=cast.officer.pk).update(email="hongdan@baclieu.gov.vn")
    User.objects.filter(pk=cast.viewer.pk).update(email="xem.hongdan@baclieu.gov.vn")
    User.objects.filter(pk=cast.commune_officer.pk).update(email="ntla@baclieu.gov.vn")
    # Not mailed: an inactive account, an account without an address, another province.
    User.objects.filter(pk=cast.outsider.pk).update(email="st@soctrang.gov.vn")


def _ready(cast: Cast) -> Campaign:
    campaign = draft_campaign(cast)
    services.campaign_participant_add(
        actor=cast.office, campaign=campaign, unit=cast.district, include_subtree=True
    )
    services.campaign_participant_add(actor=cast.office, campaign=campaign, unit=cast.department)
    return campaign


def test_launch_mails_each_account_once_after_the_commit(
    cast: Cast, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _with_addresses(cast)
    inactive = User.objects.create_user(
        username="nghi.huu", unit=cast.district, email="nghihuu@baclieu.gov.vn", is_active=False
    )
    assert not inactive.is_active
    campaign = _ready(cast)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.campaign_launch(actor=cast.office, campaign=campaign)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert Notification.objects.filter(campaign=campaign).count() == 3  # district, commune, dept
    by_to = {tuple(m.to): m for m in mail.outbox}
    assert set(by_to) == {
        ("hongdan@baclieu.gov.vn",),
        ("xem.hongdan@baclieu.gov.vn",),
        ("ntla@baclieu.gov.vn",),
    }  # the department has no account with an address: no e-mail
    message = by_to[("ntla@baclieu.gov.vn",)]
    assert message.from_email == "thidua@baclieu.gov.vn"
    assert message.subject.endswith(f"Phát động phong trào thi đua: {campaign.name}")
    assert cast.commune_officer.full_name in message.body
    assert "https://thidua.baclieu.gov.vn" + reverse("campaigns:detail", args=[campaign.pk]) in (
        message.body
    )
    assert "đăng ký trước ngày 15/06/2020" in message.body  # the notification's own text


def test_reminders_are_mailed_too(
    cast: Cast, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _with_addresses(cast)
    campaign = _ready(cast)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_launch(actor=cast.office, campaign=campaign)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_send(
            actor=cast.office, campaign=campaign, units=[cast.commune], kind="remind_register"
        )
    assert [m.to for m in mail.outbox] == [["ntla@baclieu.gov.vn"]]
    assert "Nhắc đăng ký thi đua" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_send(
            actor=cast.office, campaign=campaign, units=[cast.district], kind="remind_report"
        )
    assert "Nhắc báo cáo tiến độ" in mail.outbox[-1].subject


def test_no_mail_to_an_account_that_switched_launches_off(
    cast: Cast, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _with_addresses(cast)
    kinds = [k for k in Kind.values if k != Kind.CAMPAIGN_LAUNCHED]
    notifications.set_email_kinds(actor=cast.viewer, kinds=kinds)
    campaign = _ready(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_launch(actor=cast.office, campaign=campaign)
    assert sorted(m.to[0] for m in mail.outbox) == ["hongdan@baclieu.gov.vn", "ntla@baclieu.gov.vn"]
    assert Notification.objects.filter(campaign=campaign).count() == 3  # in-app as before
    assert cast.viewer.notifications.filter(kind=Kind.CAMPAIGN_LAUNCHED).count() == 1


def test_a_rolled_back_launch_mails_nothing(
    cast: Cast, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _with_addresses(cast)
    campaign = draft_campaign(cast)  # no participants: the launch is refused
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.campaign_launch(actor=cast.office, campaign=campaign)
    assert callbacks == [] and mail.outbox == []


def test_mail_failures_are_logged_not_raised(
    cast: Cast,
    smtp: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _with_addresses(cast)
    campaign = _ready(cast)
    sent: list[list[str]] = []

    def flaky_send(self: Any, messages: list[Any]) -> int:
        if "ntla@baclieu.gov.vn" in messages[0].to:
            raise ConnectionRefusedError("mail server down")
        sent.append(messages[0].to)
        return 1

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky_send)
    with (
        caplog.at_level(logging.ERROR, logger="thidua.notifications.emails"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        launched = services.campaign_launch(actor=cast.office, campaign=campaign)
    assert launched.state == "launched"
    assert sorted(sent) == [["hongdan@baclieu.gov.vn"], ["xem.hongdan@baclieu.gov.vn"]]
    assert any(
        "failed" in r.getMessage() and "ntla@baclieu.gov.vn" in r.getMessage()
        for r in caplog.records
    )
