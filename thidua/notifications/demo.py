"""Demo notifications (``thidua demo``, after the campaign and commendation years).

The campaign and commendation demos already notify the demo accounts through the services
(the launch, a returned registration, a returned nomination, the council sessions, the
decision).  This step gives the demo accounts that have no e-mail address one at the
reserved ``.invalid`` domain, so the e-mail settings page and the console mailer (no
``EMAIL_HOST``) can be seen at work, and runs the daily reminders of 29/12/2020, the eve of
the demo's open council session.  Idempotent: addresses are only set where none is, and a
reminder is never sent twice for the same day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.notifications import reminders
from thidua.notifications.models import Notification
from thidua.org import services as org_services
from thidua.org.models import User

DEMO_USERNAMES = ("vanphong", "canbo.hongdan", "canbo.ntla", "hoidong", "lanhdao", "xem")
DEMO_DOMAIN = "thidua.invalid"  # reserved (RFC 2606): nothing is ever delivered there
REMINDER_DAY = dt.date(2020, 12, 29)


@transaction.atomic
def give_addresses() -> int:
    changed = 0
    for account in User.objects.filter(username__in=DEMO_USERNAMES, email="").order_by("pk"):
        org_services.account_update(
            actor=None, account=account, email=f"{account.username}@{DEMO_DOMAIN}"
        )
        changed += 1
    return changed


def run_from_command(stdout: Any) -> None:
    addressed = give_addresses()
    summary = reminders.run(REMINDER_DAY)
    total = Notification.objects.filter(recipient__username__in=DEMO_USERNAMES).count()
    stdout.write("")
    stdout.write(
        _(
            "Demo notifications: %(total)s in the demo accounts' inboxes, %(reminders)s "
            "reminders of %(day)s sent now, %(addressed)s accounts given a demo e-mail address "
            "(without EMAIL_HOST, e-mails are printed by the worker on its console)."
        )
        % {
            "total": total,
            "reminders": sum(summary.sent.values()),
            "day": REMINDER_DAY.strftime("%d/%m/%Y"),
            "addressed": addressed,
        }
    )
