"""Public notice of nominations (niêm yết công khai; LAW.md, Procedure: "Anh hùng nominations
are posted for 10 working days for comment"): which awards need it, posting a checked
nomination, the public's comments (pre-moderated by the office), closing the notice, and the
check that keeps a nomination from the council until its notice is closed.

Settings (``JurisdictionSetting`` rows of the awarding unit or a unit above it, nearer and
later rows winning; written with ``notice_setting_set``):

- ``public_notice`` with an ``award_code``: true / false — whether that award needs a notice
  (default: the Anh hùng titles ``NOTICE_AWARDS_DEFAULT``);
- ``public_notice_days`` (optionally per award): the length in working days (default 10).

Comments are refused without storing anything when the hidden honeypot field is filled or
the sender's address has sent ``COMMENT_LIMIT`` comments within ``COMMENT_WINDOW`` seconds
(counted in Django's cache).  Only accepted comments are ever shown to the public, and never
the e-mail address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import permissions as perms
from thidua.awards.models import Award, JurisdictionSetting, Nomination, NominationState
from thidua.awards.models_notice import CommentStatus, NoticeComment, PublicNotice
from thidua.awards.workdays import add_workdays, count_workdays
from thidua.core import audit
from thidua.core.text import nfc
from thidua.org.models import Unit, UnitKind

# Anh hùng Lao động, Anh hùng Lực lượng vũ trang nhân dân (when the catalog holds them).
NOTICE_AWARDS_DEFAULT = frozenset({"AHLD", "AHLLVT"})
DEFAULT_DAYS = 10
MAX_DAYS = 60
KEY_REQUIRED = "public_notice"
KEY_DAYS = "public_notice_days"
COMMENT_LIMIT = 5
COMMENT_WINDOW = 3600  # seconds
NAME_MAX = 160
BODY_MAX = 2000
NOTE_MAX = 500


def _today() -> dt.date:
    return timezone.localdate()


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You are not allowed to do this."))


# -- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeRule:
    required: bool
    days: int


def notice_rule(unit: Unit, award_code: str, day: dt.date | None = None) -> NoticeRule:
    """Whether ``award_code`` needs a public notice at ``unit`` (the awarding level) and for
    how many working days, from the settings in force on ``day``.  One query."""
    day = day or _today()
    ids = [*unit.ancestor_ids(), unit.pk]
    rows = JurisdictionSetting.objects.filter(
        Q(award_code="") | Q(award_code=award_code),
        unit_id__in=ids,
        key__in=(KEY_REQUIRED, KEY_DAYS),
    ).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=day),
        Q(effective_to__isnull=True) | Q(effective_to__gte=day),
    )
    depth = {pk: i for i, pk in enumerate(ids)}
    ordered = sorted(
        rows,
        key=lambda r: (depth[r.unit_id], bool(r.award_code), r.effective_from or dt.date.min, r.pk),
    )
    required, days = award_code in NOTICE_AWARDS_DEFAULT, DEFAULT_DAYS
    for row in ordered:
        if row.key == KEY_REQUIRED and row.award_code:
            required = bool(row.value)
        elif row.key == KEY_DAYS:
            days = int(row.value)
    return NoticeRule(required=required, days=days)


@transaction.atomic
def notice_setting_set(
    *,
    actor: Any,
    unit: Unit,
    award_code: str = "",
    required: bool | None = None,
    days: int | None = None,
    effective_from: dt.date | None = None,
    note: str = "",
) -> list[JurisdictionSetting]:
    """Mark an award as needing a public notice (or not) and/or set the notice's length in
    working days, for a province or a ministry (its office, or the administrator)."""
    if not (perms.is_admin(actor) or perms.is_office_over(actor, unit)):
        raise _deny()
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.MINISTRY):
        raise ValidationError(
            _("Settings are set for a province or a ministry, not for “%(unit)s”.") % {"unit": unit}
        )
    if award_code and not Award.objects.filter(code=award_code).exists():
        raise ValidationError(_("Unknown award code “%(code)s”.") % {"code": award_code})
    if required is not None and not award_code:
        raise ValidationError(_("Say which award needs a public notice."))
    if days is not None and (isinstance(days, bool) or not 1 <= days <= MAX_DAYS):
        raise ValidationError(
            _("The public notice lasts from 1 to %(max)s working days.") % {"max": MAX_DAYS}
        )
    changes: list[tuple[str, Any]] = []
    if required is not None:
        changes.append((KEY_REQUIRED, bool(required)))
    if days is not None:
        changes.append((KEY_DAYS, int(days)))
    rows = []
    for key, value in changes:
        row = JurisdictionSetting.objects.create(
            unit=unit,
            award_code=award_code,
            key=key,
            value=value,
            effective_from=effective_from,
            note=nfc(note),
        )
        audit.record(
            actor=actor,
            action="award_setting.set",
            obj=row,
            after=audit.snapshot(row),
            unit_id=unit.pk,
        )
        rows.append(row)
    return rows


# -- reads ---------------------------------------------------------------------------------------


def open_notice(nomination: Nomination) -> PublicNotice | None:
    return PublicNotice.objects.filter(nomination=nomination, closed_at__isnull=True).first()


def council_problem(nomination: Nomination, today: dt.date | None = None) -> str | None:
    """Why ``nomination`` cannot go before the council yet because of its public notice (a
    Vietnamese sentence), or None.  Two queries at most."""
    notices = list(PublicNotice.objects.filter(nomination=nomination).order_by("-posted_at"))
    current = next((n for n in notices if n.closed_at is None), None)
    if current is not None:
        return str(
            _(
                "“%(n)s” is on public notice until %(date)s: close the notice before putting "
                "it to the council."
            )
            % {"n": nomination, "date": f"{current.ends_on:%d/%m/%Y}"}
        )
    if notices:
        return None
    rule = notice_rule(nomination.awarding_unit, nomination.award.code, today)
    if rule.required:
        return str(
            _(
                "“%(n)s” must first be posted for public notice (%(days)s working days) and "
                "the notice closed before it goes to the council."
            )
            % {"n": nomination, "days": rule.days}
        )
    return None


def _accepted() -> Prefetch[Any]:
    return Prefetch(
        "comments",
        queryset=NoticeComment.objects.filter(status=CommentStatus.ACCEPTED).order_by(
            "created_at", "id"
        ),
        to_attr="accepted_comments",
    )


def public_notices(today: dt.date | None = None) -> QuerySet[PublicNotice]:
    """Notices open to comment today: not closed, period not over, the nomination still
    checked (a returned or declined nomination leaves the public list)."""
    today = today or _today()
    return (
        PublicNotice.objects.filter(
            closed_at__isnull=True,
            posted_on__lte=today,
            ends_on__gte=today,
            nomination__state=NominationState.CHECKED,
        )
        .select_related(
            "nomination__award",
            "nomination__person__unit",
            "nomination__unit",
            "nomination__awarding_unit",
        )
        .prefetch_related(_accepted())
        .order_by("ends_on", "id")
    )


def public_notice(pk: int | str, today: dt.date | None = None) -> PublicNotice:
    found = public_notices(today).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass
class StaffPanel:
    """What the nomination page shows the staff about the notice."""

    rule: NoticeRule
    notice: PublicNotice | None
    days_left: int | None = None
    ended: bool = False
    comments: list[NoticeComment] = field(default_factory=list)
    pending: int = 0
    can_post: bool = False
    can_moderate: bool = False
    can_close: bool = False


def staff_panel(user: Any, nomination: Nomination, today: dt.date | None = None) -> StaffPanel:
    """The notice status of a nomination for an account that can see it (three queries)."""
    today = today or _today()
    rule = notice_rule(nomination.awarding_unit, nomination.award.code, today)
    notice = (
        PublicNotice.objects.filter(nomination=nomination)
        .prefetch_related(
            Prefetch("comments", queryset=NoticeComment.objects.order_by("created_at", "id"))
        )
        .order_by("-posted_at", "-id")
        .first()
    )
    handler = perms.can_handle_nomination(user, nomination)
    panel = StaffPanel(rule=rule, notice=notice)
    checked = nomination.state == NominationState.CHECKED
    if notice is None:
        panel.can_post = handler and checked
        return panel
    panel.comments = list(notice.comments.all())
    panel.pending = sum(1 for c in panel.comments if c.status == CommentStatus.PENDING)
    if notice.closed_at is None:
        panel.days_left = max(count_workdays(today, notice.ends_on), 0)
        panel.ended = today > notice.ends_on
        panel.can_moderate = handler
        panel.can_close = handler and panel.ended and not panel.pending
    return panel


# -- writes --------------------------------------------------------------------------------------


@transaction.atomic
def notice_post(
    *, actor: Any, nomination: Nomination, today: dt.date | None = None
) -> PublicNotice:
    """Post a checked nomination for public notice (the office of the awarding level)."""
    if not perms.can_handle_nomination(actor, nomination):
        raise _deny()
    locked = (
        Nomination.objects.select_for_update()
        .select_related("award", "awarding_unit")
        .get(pk=nomination.pk)
    )
    if locked.state != NominationState.CHECKED:
        raise ValidationError(
            _("Only a nomination checked by the office can be posted for public notice.")
        )
    if PublicNotice.objects.filter(nomination=locked).exists():
        raise ValidationError(_("This nomination has already been posted for public notice."))
    today = today or _today()
    rule = notice_rule(locked.awarding_unit, locked.award.code, today)
    notice = PublicNotice.objects.create(
        nomination=locked,
        posted_on=today,
        days=rule.days,
        ends_on=add_workdays(today, rule.days),
        posted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="notice.post",
        obj=locked,
        after={
            "posted_on": notice.posted_on.isoformat(),
            "days": notice.days,
            "ends_on": notice.ends_on.isoformat(),
        },
        unit_id=locked.awarding_unit_id,
    )
    return notice


def _rate_key(address: str) -> str:
    return f"thidua:notice-comment:{address or 'unknown'}"


def notice_comment_add(
    *,
    notice: PublicNotice,
    name: str,
    body: str,
    email: str = "",
    address: str = "",
    honeypot: str = "",
    today: dt.date | None = None,
) -> NoticeComment:
    """A comment from anyone on an open notice, waiting for the office's review.  Nothing is
    stored when the honeypot is filled, the address is over its limit or a field is wrong."""
    if honeypot.strip():
        raise ValidationError(_("Your comment could not be accepted."), code="honeypot")
    key = _rate_key(address)
    if int(cache.get(key, 0)) >= COMMENT_LIMIT:
        raise ValidationError(
            _("Too many comments have been sent from your address; please try again in an hour."),
            code="rate_limited",
        )
    name, body, email = nfc(name).strip(), nfc(body).strip(), nfc(email).strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Write your name.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("The name is too long (at most %(n)s characters).") % {"n": NAME_MAX}]
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
            errors["email"] = [_("The e-mail address is not valid.")]
    if errors:
        raise ValidationError(errors)
    today = today or _today()
    with transaction.atomic():
        current = (
            PublicNotice.objects.select_for_update().select_related("nomination").get(pk=notice.pk)
        )
        open_now = (
            current.closed_at is None
            and current.posted_on <= today <= current.ends_on
            and current.nomination.state == NominationState.CHECKED
        )
        if not open_now:
            raise ValidationError(_("This public notice is closed to comments."))
        comment = NoticeComment.objects.create(notice=current, name=name, email=email, body=body)
    if not cache.add(key, 1, COMMENT_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, COMMENT_WINDOW)
    return comment


@transaction.atomic
def notice_comment_moderate(
    *, actor: Any, comment: NoticeComment, status: str, note: str = ""
) -> NoticeComment:
    """Accept (show to the public) or reject a comment (the office of the awarding level)."""
    locked = (
        NoticeComment.objects.select_for_update()
        .select_related("notice__nomination__awarding_unit")
        .get(pk=comment.pk)
    )
    nomination = locked.notice.nomination
    if not perms.can_handle_nomination(actor, nomination):
        raise _deny()
    if status not in (CommentStatus.ACCEPTED, CommentStatus.REJECTED):
        raise ValidationError(_("Choose to accept or reject the comment."))
    if locked.notice.closed_at is not None:
        raise ValidationError(_("The public notice is closed; its comments can no longer change."))
    note = nfc(note).strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("The note is too long (at most %(n)s characters).") % {"n": NOTE_MAX}
        )
    before = {"status": locked.status}
    locked.status = status
    locked.moderation_note = note
    locked.moderated_at = timezone.now()
    locked.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save()
    audit.record(
        actor=actor,
        action="notice.moderate",
        obj=nomination,
        before=before,
        after={"comment": locked.pk, "status": status, "note": note},
        unit_id=nomination.awarding_unit_id,
    )
    return locked


@transaction.atomic
def notice_close(*, actor: Any, notice: PublicNotice, today: dt.date | None = None) -> PublicNotice:
    """Close a notice once its period has ended and every comment has been reviewed; the
    nomination may then go before the council."""
    locked = (
        PublicNotice.objects.select_for_update()
        .select_related("nomination__awarding_unit")
        .get(pk=notice.pk)
    )
    nomination = locked.nomination
    if not perms.can_handle_nomination(actor, nomination):
        raise _deny()
    if locked.closed_at is not None:
        raise ValidationError(_("This public notice is already closed."))
    today = today or _today()
    if today <= locked.ends_on:
        raise ValidationError(
            _("The public notice runs until %(date)s; it can be closed after that day.")
            % {"date": f"{locked.ends_on:%d/%m/%Y}"}
        )
    pending = locked.comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        raise ValidationError(
            _("%(n)s comment(s) still wait for review; accept or reject them first.")
            % {"n": pending}
        )
    locked.closed_at = timezone.now()
    locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=actor,
        action="notice.close",
        obj=nomination,
        after={
            "ends_on": locked.ends_on.isoformat(),
            "accepted": locked.comments.filter(status=CommentStatus.ACCEPTED).count(),
            "rejected": locked.comments.filter(status=CommentStatus.REJECTED).count(),
        },
        unit_id=nomination.awarding_unit_id,
    )
    return locked
