"""Per-account notifications: the in-app inbox, e-mail preferences and the daily reminders'
record of what was already sent.

Every change goes through ``thidua.notifications.services``; reads scoped to an account are
in ``selectors``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """What a notification is about.  Each account chooses, per kind, whether it also gets
    an e-mail; the in-app notification is always written."""

    CAMPAIGN_LAUNCHED = "campaign_launched", _("Campaign launched")
    REGISTRATION_DUE = "registration_due", _("Registration due")
    REGISTRATION_RETURNED = "registration_returned", _("Registration returned")
    REGISTRATION_APPROVED = "registration_approved", _("Registration approved")
    CAMPAIGN_STAGE = "campaign_stage", _("Campaign stage changed")
    PROGRESS_OVERDUE = "progress_overdue", _("Progress report overdue")
    NOMINATION_RETURNED = "nomination_returned", _("Nomination returned")
    NOMINATION_DUE = "nomination_due", _("Nomination time limit near")
    COUNCIL_CALLED = "council_called", _("Council session called")
    COUNCIL_TOMORROW = "council_tomorrow", _("Council session tomorrow")
    DECISION_ISSUED = "decision_issued", _("Commendation decision issued")


class Notification(models.Model):
    """One message to one account, shown in its inbox (``/notifications/``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject = models.CharField(pgettext_lazy("notification", "subject"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.subject[:80]


class EmailOptOut(models.Model):
    """An account that does not want e-mails of one kind.  No row: e-mails are on (the
    default for every kind)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class SentReminder(models.Model):
    """A daily reminder already sent: one row per reminder key and day.  The unique
    constraint is what keeps two workers (or two runs) from sending it twice."""

    key = models.CharField(_("reminder"), max_length=200)
    day = models.DateField(_("day"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "day"], name="sent_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.key}"
