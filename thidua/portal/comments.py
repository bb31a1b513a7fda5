"""Comments from the public on any object that accepts them (articles here, honor-board
profiles in ``thidua.honors``): posting, reporting abuse and moderation.

Pre-moderated: a new comment waits (``pending``) until an editor approves or rejects it; only
approved comments are shown.  A comment is refused without storing anything when the hidden
honeypot field is filled or the sender's address has posted ``COMMENT_LIMIT`` comments within
``COMMENT_WINDOW`` seconds (counted in Django's cache, shared by every server).  An approved
comment reported ``REPORTS_TO_REVIEW`` times (one report per address) goes back to the queue.
The e-mail address is never shown and no network address is stored.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.html import clean_text
from thidua.portal import permissions as perms
from thidua.portal import ratelimit
from thidua.portal.models import Comment, CommentStatus

COMMENT_LIMIT = 5
COMMENT_WINDOW = 3600  # seconds
REPORTS_TO_REVIEW = 3
REPORT_WINDOW = 7 * 24 * 3600
NAME_MAX = 120
BODY_MAX = 3000
NOTE_MAX = 500


def accepts(target: Any) -> bool:
    method = getattr(target, "accepts_public_comments", None)
    return bool(method and method())


def resolve_target(content_type_id: int, object_id: int) -> Any:
    """The object a comment form posts to, or 404 when there is none or it takes no
    comments (unpublished article, closed comments…)."""
    try:
        ct = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = ct.model_class()
    if model is None:
        raise Http404
    target = model._default_manager.filter(pk=object_id).first()
    if target is None or not accepts(target):
        raise Http404
    return target


def approved_for(target: models.Model) -> QuerySet[Comment]:
    ct = ContentType.objects.get_for_model(target.__class__)
    return Comment.objects.filter(
        content_type=ct, object_id=target.pk, status=CommentStatus.APPROVED
    ).order_by("created_at", "id")


def post_comment(
    target: models.Model,
    *,
    name: str,
    body: str,
    email: str = "",
    honeypot: str = "",
    address: str = "",
    limited: bool = True,
) -> Comment | None:
    """Store a pending comment on ``target``.  Returns None (storing nothing) when the
    honeypot is filled: robots get the same answer as people.  Raises ``ValidationError``
    (code ``rate_limited`` when the address sent too many) on bad input.  ``limited=False``
    (the demo loader, not a visitor) skips the per-address limit."""
    if not accepts(target):
        raise ValidationError(_("Comments are closed here."), code="closed")
    if honeypot.strip():
        return None
    name = clean_text(name)[:NAME_MAX]
    body = clean_text(body)
    email = email.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Write your name.")]
    if not body:
        errors["body"] = [_("Write your comment.")]
    elif len(body) > BODY_MAX:
        errors["body"] = [
            _("The comment is too long (at most %(n)s characters).") % {"n": BODY_MAX}
        ]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("This e-mail address is not valid.")]
    if errors:
        raise ValidationError(errors)
    if limited and not ratelimit.hit(
        "comment", address, limit=COMMENT_LIMIT, window=COMMENT_WINDOW
    ):
        raise ValidationError(
            _("Too many comments from your connection. Please try again in an hour."),
            code="rate_limited",
        )
    unit_method = getattr(target, "comment_unit", None)
    unit = unit_method() if unit_method else None
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target.__class__),
        object_id=target.pk,
        unit=unit,
        name=name,
        email=email,
        body=body,
    )
    return comment


def report_comment(comment: Comment, *, address: str) -> bool:
    """Count one abuse report (one per address and comment); after ``REPORTS_TO_REVIEW``
    reports an approved comment goes back to the moderation queue.  True if counted."""
    if comment.status != CommentStatus.APPROVED:
        return False
    if ratelimit.seen(f"report:{comment.pk}", address, window=REPORT_WINDOW):
        return False
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)
        Comment.objects.filter(
            pk=comment.pk, status=CommentStatus.APPROVED, reports__gte=REPORTS_TO_REVIEW
        ).update(status=CommentStatus.PENDING)
    return True


def moderate_comment(*, actor: Any, comment: Comment, status: str, note: str = "") -> Comment:
    """Approve or reject a comment (editors in whose scope the target lies)."""
    if not perms.comments_for(actor).filter(pk=comment.pk).exists():
        raise Http404
    if status not in (CommentStatus.APPROVED, CommentStatus.REJECTED):
        raise ValidationError(_("Choose approve or reject."))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        before = audit.snapshot(locked, ["status", "moderation_note"])
        locked.status = status
        locked.moderation_note = clean_text(note)[:NOTE_MAX]
        locked.moderated_by = actor
        locked.moderated_at = timezone.now()
        if status == CommentStatus.APPROVED:
            locked.reports = 0
        locked.save(
            update_fields=["status", "moderation_note", "moderated_by", "moderated_at", "reports"]
        )
        audit.record(
            actor=actor,
            action="comment.moderate",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, ["status", "moderation_note"]),
            unit_id=locked.unit_id,
        )
    return locked
