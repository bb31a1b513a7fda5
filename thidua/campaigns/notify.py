"""E-mail copies of campaign notifications, where e-mail is configured.

The in-app ``Notification`` rows are the record; e-mail is a courtesy on top.  When
``EMAIL_HOST`` is set (``THIDUA_EMAIL_ENABLED``), ``email_units`` arranges for one e-mail per
unit, addressed to the active accounts of that unit that have an e-mail address, to be sent
once the surrounding transaction has committed (``transaction.on_commit``): nothing is mailed
for a launch or a reminder that was rolled back, and a slow or failing mail server never holds
a database transaction or undoes a launch.  Failures are logged, not raised.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.campaigns.models import Campaign, NotificationKind
from thidua.org.models import Unit, User

logger = logging.getLogger(__name__)


def email_configured() -> bool:
    return bool(getattr(settings, "THIDUA_EMAIL_ENABLED", False))


def campaign_link(campaign_id: int) -> str:
    path = reverse("campaigns:detail", args=[campaign_id])
    return f"{getattr(settings, 'THIDUA_BASE_URL', '')}{path}"


def _subject(kind: str, name: str) -> str:
    if kind == NotificationKind.LAUNCHED:
        return _("Emulation campaign launched: %(name)s") % {"name": name}
    if kind == NotificationKind.REMIND_REGISTER:
        return _("Reminder to register for the campaign: %(name)s") % {"name": name}
    if kind == NotificationKind.REMIND_REPORT:
        return _("Reminder to report progress in the campaign: %(name)s") % {"name": name}
    return _("Emulation campaign: %(name)s") % {"name": name}


def _body(unit_name: str, text: str, link: str) -> str:
    return _(
        "To the emulation officers of %(unit)s,\n\n%(text)s\n\nOpen the campaign: %(link)s\n\n"
        "This message was sent automatically by %(site)s; please do not reply to it."
    ) % {"unit": unit_name, "text": text, "link": link, "site": settings.SITE_NAME}


def email_units(*, campaign: Campaign, unit_ids: Iterable[int], kind: str, text: str) -> bool:
    """Arrange e-mails to the units after the current transaction commits.  Returns whether
    e-mail is configured (False: nothing is arranged)."""
    if not email_configured():
        return False
    ids = sorted(set(unit_ids))
    if not ids:
        return True
    campaign_id, name = campaign.pk, campaign.name
    transaction.on_commit(lambda: send_unit_emails(campaign_id, name, ids, kind, text))
    return True


def send_unit_emails(campaign_id: int, name: str, unit_ids: list[int], kind: str, text: str) -> int:
    """Send one e-mail per unit to its active accounts with an address; returns how many were
    sent.  Never raises: every failure is logged with the unit concerned."""
    try:
        addresses: dict[int, list[str]] = defaultdict(list)
        for unit_id, email in (
            User.objects.filter(unit_id__in=unit_ids, is_active=True)
            .exclude(email="")
            .order_by("unit_id", "email")
            .values_list("unit_id", "email")
        ):
            if email not in addresses[unit_id]:
                addresses[unit_id].append(email)
        if not addresses:
            return 0
        names = dict(Unit.objects.filter(pk__in=list(addresses)).values_list("pk", "name"))
        link = campaign_link(campaign_id)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _subject(kind, name)
            bodies = {uid: _body(names.get(uid, ""), text, link) for uid in addresses}
    except Exception:
        logger.exception("Campaign %s: could not prepare the e-mails (%s)", campaign_id, kind)
        return 0
    sent = 0
    for unit_id, recipients in addresses.items():
        message = EmailMessage(
            subject=subject,
            body=bodies[unit_id],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        try:
            sent += message.send()
        except Exception:
            logger.exception(
                "Campaign %s: e-mail (%s) to unit %s failed", campaign_id, kind, unit_id
            )
    return sent
