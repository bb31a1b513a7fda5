"""Writes of the notifications app: ``notify`` (the one entry point other apps call),
marking read, and each account's e-mail preferences.

``notify`` resolves its recipients in one query (the given accounts plus the active accounts
of the given units, each with whether it switched e-mails of this kind off), writes the
in-app rows in one ``bulk_create`` and, after the surrounding transaction commits, enqueues
one ``send_emails`` task for the recipients that want an e-mail and have an address.  A
rolled-back change therefore mails nobody, and a slow mail server never holds a database
transaction.

Subjects and texts may be lazy (``gettext_lazy`` / ``format_lazy``): they are rendered in the
site's language (Vietnamese), whatever language the acting account's page is in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.text import nfc
from thidua.notifications.models import EmailOptOut, Kind, Notification
from thidua.org.models import User

logger = logging.getLogger(__name__)

SUBJECT_MAX = 255
LINK_MAX = 500


def _ids(items: Iterable[Any] | None) -> set[int]:
    """Primary keys of model instances or plain ids."""
    return {int(getattr(item, "pk", item)) for item in items or ()}


def addressed(users: Iterable[Any] | None, units: Iterable[Any] | None) -> QuerySet[User]:
    """The active accounts addressed, given directly or as members of the units."""
    user_ids, unit_ids = _ids(users), _ids(units)
    if not user_ids and not unit_ids:
        return User.objects.none()
    return User.objects.filter(Q(pk__in=user_ids) | Q(unit_id__in=unit_ids), is_active=True)


def email_recipients(accounts: QuerySet[User], kind: str) -> list[list[str]]:
    """``[address, name]`` of the accounts that have an address and want e-mails of
    ``kind``.  One query."""
    muted = EmailOptOut.objects.filter(user=OuterRef("pk"), kind=kind)
    return [
        [email, full_name or username]
        for email, full_name, username in accounts.exclude(email="")
        .exclude(Exists(muted))
        .order_by("pk")
        .values_list("email", "full_name", "username")
    ]


def _insert_rows(accounts: QuerySet[User], values: dict[str, Any]) -> int:
    """One ``INSERT … SELECT``: a notification row for every account of the query, built by
    the database (a campaign launched to a province is thousands of rows; building them as
    Python objects cost about a millisecond each)."""
    ids_sql, ids_params = accounts.order_by().values(rid=F("pk")).query.sql_with_params()
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ["recipient_id", *values])
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from model metadata
        f"SELECT addressed.rid, {placeholders} FROM ({ids_sql}) addressed"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(), *ids_params])
        return max(cursor.rowcount, 0)


def notify(
    *,
    kind: str,
    users: Iterable[Any] | None = None,
    units: Iterable[Any] | None = None,
    subject: Any,
    text: Any = "",
    link: str = "",
) -> int:
    """Tell accounts about something: an in-app notification for each active account in
    ``users`` or in ``units`` (instances or ids), and an e-mail to those whose preferences
    allow ``kind``, sent after the transaction commits.  Returns how many accounts were
    notified.  Two queries whatever the number of accounts."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    with translation.override(settings.LANGUAGE_CODE):
        subject_text = nfc(str(subject)).strip()[:SUBJECT_MAX]
        body = nfc(str(text)).strip()
    link = str(link)[:LINK_MAX]
    user_ids, unit_ids = _ids(users), _ids(units)
    if not user_ids and not unit_ids:
        return 0
    accounts = addressed(user_ids, unit_ids)
    count = _insert_rows(
        accounts,
        {
            "kind": kind,
            "subject": subject_text,
            "text": body,
            "link": link,
            "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        },
    )
    if not count:
        return 0
    mailed = email_recipients(accounts, kind)
    if mailed:
        transaction.on_commit(
            lambda: _enqueue_emails(subject=subject_text, text=body, link=link, recipients=mailed)
        )
    return count


def _enqueue_emails(*, subject: str, text: str, link: str, recipients: list[list[str]]) -> None:
    from thidua.notifications.tasks import send_emails

    try:
        send_emails.enqueue(subject=subject, text=text, link=link, recipients=recipients)
    except Exception:
        logger.exception("Could not enqueue %s notification e-mails (%s)", len(recipients), subject)


@transaction.atomic
def mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the account's own notifications as read."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the account as read; returns how many."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_kinds(*, actor: Any, kinds: Iterable[str]) -> set[str]:
    """The kinds the account wants e-mails for (the others are switched off); returns the
    kinds now switched off."""
    wanted = set(kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        )
    off = set(Kind.values) - wanted
    existing = set(EmailOptOut.objects.filter(user_id=actor.pk).values_list("kind", flat=True))
    if existing == off:
        return off
    EmailOptOut.objects.filter(user_id=actor.pk).exclude(kind__in=off).delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user_id=actor.pk, kind=kind) for kind in sorted(off - existing)]
    )
    audit.record(
        actor=actor,
        action="notifications.email_preferences",
        obj=actor,
        before={"email_off": sorted(existing)},
        after={"email_off": sorted(off)},
        unit_id=actor.unit_id,
    )
    return off
