"""Reads of the notifications app, always limited to the asking account's own rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from thidua.notifications.models import EmailOptOut, Notification


def inbox_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The account's notifications, newest first (nobody else's, ever)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def access_notification(user: Any, pk: int | str) -> Notification:
    """One of the account's own notifications, else 404."""
    found = inbox_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def unread_count(request: Any) -> int:
    """Unread notifications of the request's account: one query, then cached on the
    request (the header asks on every page)."""
    cached = getattr(request, "_thidua_unread", None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = inbox_for(user, unread_only=True).count() if user is not None else 0
        request._thidua_unread = cached
    return cached


def email_off_kinds(user: Any) -> set[str]:
    """The kinds the account switched e-mails off for."""
    return set(EmailOptOut.objects.filter(user_id=user.pk).values_list("kind", flat=True))
