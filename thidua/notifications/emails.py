"""E-mail copies of notifications.

``notify`` decides who gets an e-mail (an address, an active account, the kind not switched
off on the account's page) and, once the transaction has committed, enqueues the
``send_emails`` task (``thidua.notifications.tasks``) with what to send.  The task builds
one message per recipient, in Vietnamese, with the link made absolute from
``THIDUA_BASE_URL``, and sends them over one connection of the default mailer (SMTP when
``EMAIL_HOST`` is set, the console otherwise).  A failing address is logged and the others
still go; nothing here ever raises into a request.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def absolute(link: str) -> str:
    """A link as e-mails carry it: the site's address (``THIDUA_BASE_URL``) before a path."""
    if link.startswith("/"):
        return f"{getattr(settings, 'THIDUA_BASE_URL', '')}{link}"
    return link


class _Template:
    """The parts of a notification e-mail that are the same for every recipient, translated
    once (call inside the site's language)."""

    def __init__(self, *, subject: str, text: str, link: str) -> None:
        site = settings.SITE_NAME
        self.subject = f"[{site}] {subject}"
        self.greeting = _("Dear %(name)s,")
        parts = ["", text]
        if link:
            parts += ["", _("Open in %(site)s: %(link)s") % {"site": site, "link": absolute(link)}]
        parts += [
            "",
            "-- ",
            _("This message was sent automatically by %(site)s; please do not reply to it.")
            % {"site": site},
            _("Choose which e-mails you get: %(link)s")
            % {"link": absolute(reverse("notifications:preferences"))},
        ]
        self.rest = "\n".join(parts)

    def render(self, name: str) -> tuple[str, str]:
        return self.subject, f"{self.greeting % {'name': name}}\n{self.rest}"


def send(*, subject: str, text: str, link: str, recipients: Sequence[Sequence[str]]) -> int:
    """Send one e-mail to each ``(address, name)``; returns how many were sent."""
    sent = 0
    try:
        connection = mailers.default
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            template = _Template(subject=subject, text=text, link=link)
        for address, name in recipients:
            mail_subject, body = template.render(name)
            messages.append(
                EmailMessage(
                    subject=mail_subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                )
            )
    except Exception:
        logger.exception("Notification e-mails could not be prepared (%s)", subject)
        return 0
    try:
        connection.open()
    except Exception:
        logger.exception(
            "Mail server unreachable: %s e-mails not sent (%s)", len(messages), subject
        )
        return 0
    try:
        for message in messages:
            try:
                sent += connection.send_messages([message]) or 0
            except Exception:
                logger.exception("E-mail to %s failed (%s)", message.to[0], subject)
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Closing the mail connection failed")
    return sent
