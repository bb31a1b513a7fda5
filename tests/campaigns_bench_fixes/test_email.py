"""Launch and reminders are e-mailed to the units' accounts when e-mail is configured."""

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
from thidua.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Any:
    settings.THIDUA_EMAIL_ENABLED = True  # as when EMAIL_HOST is set
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
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


def test_launch_mails_each_unit_once_after_the_commit(
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
        ("hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"),
        ("ntla@baclieu.gov.vn",),
    }  # the department has no account with an address: no e-mail
    message = by_to[("ntla@baclieu.gov.vn",)]
    assert message.from_email == "thidua@baclieu.gov.vn"
    assert message.subject == f"Phát động phong trào thi đua: {campaign.name}"
    assert cast.commune.name in message.body
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
    assert mail.outbox[0].subject.startswith("Nhắc đăng ký thi đua")
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_send(
            actor=cast.office, campaign=campaign, units=[cast.district], kind="remind_report"
        )
    assert mail.outbox[-1].subject.startswith("Nhắc báo cáo tiến độ")


def test_no_mail_without_email_host(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.THIDUA_EMAIL_ENABLED = False
    _with_addresses(cast)
    campaign = _ready(cast)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.campaign_launch(actor=cast.office, campaign=campaign)
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(campaign=campaign).count() == 3  # in-app as before


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

    def flaky_send(self: Any, fail_silently: bool = False) -> int:
        if "ntla@baclieu.gov.vn" in self.to:
            raise ConnectionRefusedError("mail server down")
        sent.append(self.to)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky_send)
    with (
        caplog.at_level(logging.ERROR, logger="thidua.campaigns.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        launched = services.campaign_launch(actor=cast.office, campaign=campaign)
    assert launched.state == "launched"
    assert sent == [["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]]  # others still go
    assert any(
        "failed" in r.getMessage() and str(cast.commune.pk) in r.getMessage()
        for r in caplog.records
    )
