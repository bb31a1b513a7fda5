"""The events other apps report, each one call from the service that owns the change.

Each function writes its Vietnamese subject and text (in the site's language, whatever the
acting account's page language) and calls ``services.notify``.  They run inside the caller's
transaction: the in-app rows roll back with it and e-mails leave only after it commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.notifications.models import Kind
from thidua.notifications.services import notify

if TYPE_CHECKING:
    from thidua.awards.models import CouncilSession, Decision, Nomination
    from thidua.campaigns.models import Campaign, Registration


def vn_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _vi() -> Any:
    return translation.override(settings.LANGUAGE_CODE)


# -- campaigns -------------------------------------------------------------------------------


def campaign_launched(*, campaign: Campaign, unit_ids: Iterable[int]) -> int:
    with _vi():
        subject = _("Emulation campaign launched: %(name)s") % {"name": campaign.name}
        text = _("%(unit)s launched the campaign “%(name)s”. Register by %(date)s.") % {
            "unit": campaign.issuing_unit.name,
            "name": campaign.name,
            "date": vn_date(campaign.registration_deadline),
        }
    return notify(
        kind=Kind.CAMPAIGN_LAUNCHED,
        units=unit_ids,
        subject=subject,
        text=text,
        link=reverse("campaigns:detail", args=[campaign.pk]),
    )


def campaign_reminder(*, campaign: Campaign, unit_ids: Iterable[int], kind: str, text: str) -> int:
    """A reminder the office sends by hand (``kind`` is the campaigns' reminder kind)."""
    register = kind == "remind_register"
    with _vi():
        subject = (
            _("Reminder to register for the campaign: %(name)s")
            if register
            else _("Reminder to report progress in the campaign: %(name)s")
        ) % {"name": campaign.name}
    return notify(
        kind=Kind.REGISTRATION_DUE if register else Kind.PROGRESS_OVERDUE,
        units=unit_ids,
        subject=subject,
        text=text,
        link=reverse("campaign_unit:my_campaigns"),
    )


def registration_returned(*, registration: Registration, reason: str) -> int:
    name = registration.campaign.name
    with _vi():
        subject = _("Registration returned: %(name)s") % {"name": name}
        text = _("Your registration for “%(name)s” was returned: %(reason)s") % {
            "name": name,
            "reason": reason,
        }
    return notify(
        kind=Kind.REGISTRATION_RETURNED,
        units=[registration.unit_id],
        subject=subject,
        text=text,
        link=reverse("campaign_unit:registration", args=[registration.pk]),
    )


def registration_approved(*, registration: Registration) -> int:
    name = registration.campaign.name
    with _vi():
        subject = _("Registration approved: %(name)s") % {"name": name}
        text = _("Your registration for “%(name)s” was approved.") % {"name": name}
    return notify(
        kind=Kind.REGISTRATION_APPROVED,
        units=[registration.unit_id],
        subject=subject,
        text=text,
        link=reverse("campaign_unit:report", args=[registration.pk]),
    )


def campaign_stage_changed(*, campaign: Campaign, unit_ids: Iterable[int]) -> int:
    with _vi():
        subject = _("Campaign stage changed: %(name)s") % {"name": campaign.name}
        text = _("The campaign “%(name)s” moved to: %(state)s.") % {
            "name": campaign.name,
            "state": campaign.get_state_display(),
        }
    return notify(
        kind=Kind.CAMPAIGN_STAGE,
        units=unit_ids,
        subject=subject,
        text=text,
        link=reverse("campaign_unit:my_campaigns"),
    )


# -- commendation ----------------------------------------------------------------------------


def nomination_returned(*, nomination: Nomination, reason: str) -> int:
    with _vi():
        subject = _("Nomination returned: %(award)s – %(subject)s") % {
            "award": nomination.award.name_vi,
            "subject": nomination.subject_label,
        }
        text = _(
            "The nomination of %(subject)s for %(award)s (%(year)s) was returned as "
            "incomplete: %(reason)s"
        ) % {
            "subject": nomination.subject_label,
            "award": nomination.award.name_vi,
            "year": nomination.year,
            "reason": reason,
        }
    users = [nomination.created_by_id] if nomination.created_by_id else []
    return notify(
        kind=Kind.NOMINATION_RETURNED,
        users=users,
        units=[nomination.proposing_unit_id],
        subject=subject,
        text=text,
        link=reverse("nominations:detail", args=[nomination.pk]),
    )


def council_member_accounts(council_id: int) -> list[int]:
    from thidua.awards.models import CouncilMember

    return list(
        CouncilMember.objects.filter(
            council_id=council_id, active=True, account__isnull=False
        ).values_list("account_id", flat=True)
    )


def council_called(*, session: CouncilSession, nominations: Sequence[Nomination]) -> int:
    council = session.council
    with _vi():
        subject = _("Council session called: %(council)s, %(date)s") % {
            "council": council.name,
            "date": vn_date(session.date),
        }
        text = _("%(council)s meets on %(date)s%(place)s to consider %(n)s nominations.") % {
            "council": council.name,
            "date": vn_date(session.date),
            "place": (_(" at %(place)s") % {"place": session.place}) if session.place else "",
            "n": len(nominations),
        }
    return notify(
        kind=Kind.COUNCIL_CALLED,
        users=council_member_accounts(council.pk),
        subject=subject,
        text=text,
        link=reverse("council:session", args=[session.pk]),
    )


def decision_issued(*, decision: Decision, nominations: Sequence[Nomination]) -> int:
    """The units that proposed the awardees learn that the decision is issued."""
    units = {n.proposing_unit_id for n in nominations}
    with _vi():
        subject = _("Commendation decision issued: No. %(ref)s of %(date)s") % {
            "ref": decision.reference,
            "date": vn_date(decision.date),
        }
        text = _(
            "%(authority)s issued decision No. %(ref)s of %(date)s %(title)s. It decides "
            "nominations proposed by your unit; see the nominations list."
        ) % {
            "authority": decision.authority_name,
            "ref": decision.reference,
            "date": vn_date(decision.date),
            "title": decision.title[:1].lower() + decision.title[1:],
        }
    return notify(
        kind=Kind.DECISION_ISSUED,
        units=units,
        subject=subject,
        text=text,
        link=reverse("nominations:list"),
    )
