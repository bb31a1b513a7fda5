"""Public notice (niêm yết công khai) of nominations and the comments the public sends.

Models only; the services and selectors are in ``thidua.awards.notice``.  Imported at the end
of ``thidua.awards.models`` so that Django registers them with the awards app.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicNotice(models.Model):
    """A nomination posted for comment from ``posted_on`` until ``ends_on`` (the last
    working day of the period, ``days`` working days after posting).  At most one open
    notice per nomination; ``closed_at`` is set by the office once the period has ended."""

    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    posted_on = models.DateField(_("posted on"))
    days = models.PositiveSmallIntegerField(_("working days"))
    ends_on = models.DateField(_("ends on"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering: ClassVar = ["ends_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(closed_at__isnull=True),
                name="notice_one_open_per_nomination",
            )
        ]
        indexes: ClassVar = [models.Index(fields=["closed_at", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.posted_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class NoticeComment(models.Model):
    """A comment from the public on a notice, shown only after the office accepts it.  The
    e-mail address, if given, is for the office's reply and never shown."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("e-mail"), blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    moderated_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("notice comment")
        verbose_name_plural = _("notice comments")
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["notice", "status"])]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.name}"
