"""Each event of the campaigns and the commendation work writes the in-app notification for
the accounts concerned and e-mails only those of them that want it; strangers get nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.awards_decisions.conftest import draft, ldtt
from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate
from tests.campaigns.conftest import launched_campaign
from tests.conftest import Cast
from tests.notifications.conftest import sent_to
from thidua.awards import services as awards
from thidua.campaigns import services as campaigns
from thidua.notifications import services
from thidua.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def rows(kind: str) -> dict[str, Notification]:
    return {
        n.recipient.username: n
        for n in Notification.objects.filter(kind=kind).select_related("recipient")
    }


def mute(user: Any, kind: str) -> None:
    services.set_email_kinds(actor=user, kinds=[k for k in Kind.values if k != kind])


def test_campaign_launched(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    mute(cast.viewer, Kind.CAMPAIGN_LAUNCHED)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = launched_campaign(cast)
    found = rows(Kind.CAMPAIGN_LAUNCHED)
    assert set(found) == {"officer", "viewer", "xa"}  # district subtree and the department
    assert found["xa"].link == reverse("campaigns:detail", args=[campaign.pk])
    assert "15/06/2020" in found["xa"].text
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn", "ntla@baclieu.gov.vn"]


def test_registration_returned(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    campaign = launched_campaign(cast)
    registration = campaigns.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    campaigns.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Tỷ lệ hộ nghèo",
        baseline=0,
        target_value=100,
    )
    campaigns.key_work_add(actor=cast.commune_officer, registration=registration, name="Cầu")
    campaigns.registration_submit(actor=cast.commune_officer, registration=registration)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.registration_return(
            actor=cast.office, registration=registration, reason="Chỉ tiêu chưa có số liệu gốc"
        )
    found = rows(Kind.REGISTRATION_RETURNED)
    assert set(found) == {"xa"}
    assert "Chỉ tiêu chưa có số liệu gốc" in found["xa"].text
    assert found["xa"].link == reverse("campaign_unit:registration", args=[registration.pk])
    assert sent_to(mail.outbox) == ["ntla@baclieu.gov.vn"]


def test_reminders_sent_by_the_office(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    campaign = launched_campaign(cast)
    mute(cast.officer, Kind.PROGRESS_OVERDUE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.reminder_send(
            actor=cast.office, campaign=campaign, units=[cast.district], kind="remind_register"
        )
    assert set(rows(Kind.REGISTRATION_DUE)) == {"officer", "viewer"}
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.reminder_send(
            actor=cast.office, campaign=campaign, units=[cast.district], kind="remind_report"
        )
    assert set(rows(Kind.PROGRESS_OVERDUE)) == {"officer", "viewer"}
    assert sent_to(mail.outbox) == ["xem.hongdan@baclieu.gov.vn"]  # the officer muted it


def test_nomination_returned(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    nomination = nominate(cast, fighter(cast), check=False)
    with django_capture_on_commit_callbacks(execute=True):
        awards.nomination_return(
            actor=cast.office, nomination=nomination, reason="Thiếu biên bản họp xét"
        )
    found = rows(Kind.NOMINATION_RETURNED)
    assert set(found) == {"officer", "viewer"}  # the proposing district (and its author)
    assert "Thiếu biên bản họp xét" in found["officer"].text
    assert found["officer"].link == reverse("nominations:detail", args=[nomination.pk])
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]


def test_council_session_called(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    board = council(cast, 3)
    accounts = [s.account for s in members(board) if s.account is not None]
    assert len(accounts) == 3
    chair = accounts[0]
    chair.email = "chutich@baclieu.gov.vn"
    chair.save(update_fields=["email"])
    mute(accounts[1], Kind.COUNCIL_CALLED)
    nomination = nominate(cast, fighter(cast))
    with django_capture_on_commit_callbacks(execute=True):
        session = awards.session_create(
            actor=cast.office,
            council=board,
            date=SESSION_DAY,
            nominations=[nomination],
            place="Hội trường UBND tỉnh",
        )
    found = rows(Kind.COUNCIL_CALLED)
    assert set(found) == {a.username for a in accounts}  # the members, nobody else
    text = found[chair.username].text
    assert "20/12/2020" in text and "Hội trường UBND tỉnh" in text
    assert found[chair.username].link == reverse("council:session", args=[session.pk])
    assert sent_to(mail.outbox) == ["chutich@baclieu.gov.vn"]  # the others have no address


def test_decision_issued(addressed: Cast, django_capture_on_commit_callbacks: Any) -> None:
    cast = addressed
    nomination = ldtt(cast, "P-LDTT", "Võ Thị Hạnh")
    decision = draft(cast, [nomination])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = awards.decision_issue(
            actor=cast.leader, decision=decision, date=dt.date(2020, 12, 28), render=False
        )
    found = rows(Kind.DECISION_ISSUED)
    assert set(found) == {"officer", "viewer"}  # the proposing district's accounts
    assert issued.reference in found["officer"].subject
    assert "28/12/2020" in found["officer"].subject
    assert sent_to(mail.outbox) == ["hongdan@baclieu.gov.vn", "xem.hongdan@baclieu.gov.vn"]


def test_a_refused_change_notifies_nobody(
    addressed: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = addressed
    nomination = nominate(cast, fighter(cast), check=False)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        awards.nomination_return(actor=cast.outsider, nomination=nomination, reason="Thiếu")
    assert not Notification.objects.exists() and mail.outbox == []
