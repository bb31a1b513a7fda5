"""Daily deadline reminders (run by ``tasks.send_daily_reminders`` and ``thidua
send_reminders``).

Four kinds, each sent at fixed points before a deadline rather than every day:

- registration due: participating units that have not submitted (or had approved) their
  registration, ``registration_days`` days before the campaign's registration deadline;
- progress overdue: units with an approved registration and no progress report in the last
  ``progress_silent_days`` days, ``progress_days`` days before the campaign's deadline;
- nominations near their time limit (``thidua.awards.deadlines``, working days): the
  proposing unit for a draft or returned dossier, the awarding level's emulation office for
  a submitted, checked or council-bound one, ``nomination_workdays`` working days before
  the limit (only run on working days); one message per unit listing its nominations;
- council sessions tomorrow: the council's members with an account.

Each reminder has a key (what and to whom); ``SentReminder`` holds one row per key and day
under a unique constraint, written in the same transaction as the notifications, so a
reminder goes out at most once a day however many workers or runs there are.

The points in time come from ``settings.THIDUA_REMINDERS`` (a dict overriding ``DEFAULTS``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from thidua.notifications.events import council_member_accounts, vn_date
from thidua.notifications.models import Kind, SentReminder
from thidua.notifications.services import notify

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "registration_days": (7, 3, 1),
    "progress_days": (14, 3),
    "progress_silent_days": 30,
    "nomination_workdays": (3, 1),
}
NOMINATIONS_LISTED = 15  # per message; the rest are counted
DUE_LABELS = {
    "submission": gettext_lazy("send the dossier"),
    "completeness": gettext_lazy("accept or return the dossier"),
    "appraisal": gettext_lazy("appraise the dossier"),
}


def config() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "THIDUA_REMINDERS", {})}


@dataclass
class Summary:
    day: dt.date
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: int = 0  # already sent today
    failed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sent": dict(self.sent),
            "skipped": self.skipped,
            "failed": self.failed,
        }


def send_once(summary: Summary, kind: str, key: str, send: Callable[[], int]) -> None:
    """Run ``send`` (which calls ``notify``) unless the reminder ``key`` was already sent
    today; the record and the notifications commit together or not at all."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = SentReminder.objects.create(key=key[:200], day=summary.day)
            except IntegrityError:
                summary.skipped += 1
                return
            record.recipients = send()
            record.save(update_fields=["recipients"])
    except Exception:
        summary.failed += 1
        logger.exception("Reminder %s of %s failed", key, summary.day)
        return
    summary.sent[kind] += 1


# -- campaigns -------------------------------------------------------------------------------


def registration_due(summary: Summary) -> None:
    from thidua.campaigns import selectors as campaign_selectors
    from thidua.campaigns.models import (
        Campaign,
        CampaignState,
        Registration,
        RegistrationState,
    )

    day = summary.day
    wanted = {day + dt.timedelta(days=n): n for n in config()["registration_days"]}
    campaigns = Campaign.objects.filter(
        state__in=(CampaignState.LAUNCHED, CampaignState.INTERIM_REVIEW),
        registration_deadline__in=list(wanted),
    ).order_by("pk")
    for campaign in campaigns:
        assert campaign.registration_deadline is not None
        done = Registration.objects.filter(
            campaign=campaign,
            unit_id=OuterRef("pk"),
            state__in=(RegistrationState.SUBMITTED, RegistrationState.APPROVED),
        )
        unit_ids = list(
            campaign_selectors.participant_units(campaign)
            .exclude(Exists(done))
            .values_list("pk", flat=True)
        )
        if not unit_ids:
            continue
        left = wanted[campaign.registration_deadline]

        def send(campaign: Any = campaign, unit_ids: list[int] = unit_ids, left: int = left) -> int:
            with translation.override(settings.LANGUAGE_CODE):
                subject = ngettext(
                    "Registration closes in %(n)s day: %(name)s",
                    "Registration closes in %(n)s days: %(name)s",
                    left,
                ) % {"n": left, "name": campaign.name}
                text = _(
                    "The registration for “%(name)s” closes on %(date)s. Your unit has not "
                    "submitted its targets and key works yet."
                ) % {"name": campaign.name, "date": vn_date(campaign.registration_deadline)}
            return notify(
                kind=Kind.REGISTRATION_DUE,
                units=unit_ids,
                subject=subject,
                text=text,
                link=reverse("campaign_unit:my_campaigns"),
            )

        send_once(summary, Kind.REGISTRATION_DUE, f"registration_due:campaign:{campaign.pk}", send)


def progress_overdue(summary: Summary) -> None:
    from thidua.campaigns.models import (
        OPEN_STATES,
        Campaign,
        ProgressUpdate,
        Registration,
        RegistrationState,
    )

    day = summary.day
    cfg = config()
    silent_days = int(cfg["progress_silent_days"])
    wanted = {day + dt.timedelta(days=n): n for n in cfg["progress_days"]}
    since = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=silent_days), dt.time.min)
    )
    campaigns = Campaign.objects.filter(state__in=OPEN_STATES, deadline__in=list(wanted))
    for campaign in campaigns.order_by("pk"):
        recent = ProgressUpdate.objects.filter(
            Q(target__registration=OuterRef("pk")) | Q(key_work__registration=OuterRef("pk")),
            reported_at__gte=since,
        )
        unit_ids = list(
            Registration.objects.filter(campaign=campaign, state=RegistrationState.APPROVED)
            .exclude(decided_at__gte=since)  # approved lately: not silent yet
            .exclude(Exists(recent))
            .values_list("unit_id", flat=True)
        )
        if not unit_ids:
            continue

        def send(campaign: Any = campaign, unit_ids: list[int] = unit_ids) -> int:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Progress report overdue: %(name)s") % {"name": campaign.name}
                text = _(
                    "“%(name)s” ends on %(date)s and your unit has reported no progress for "
                    "%(days)s days. Please report your progress."
                ) % {"name": campaign.name, "date": vn_date(campaign.deadline), "days": silent_days}
            return notify(
                kind=Kind.PROGRESS_OVERDUE,
                units=unit_ids,
                subject=subject,
                text=text,
                link=reverse("campaign_unit:my_campaigns"),
            )

        send_once(summary, Kind.PROGRESS_OVERDUE, f"progress_overdue:campaign:{campaign.pk}", send)


# -- commendation ----------------------------------------------------------------------------


def _deadline_rows(day: dt.date) -> list[tuple[str, str]]:
    """Submission dates set by jurisdictions, as (unit path, MM-DD): one query (the same
    rows the nominations list uses)."""
    from thidua.awards.models import JurisdictionSetting

    rows = (
        JurisdictionSetting.objects.filter(key="submission_deadline", award_code="")
        .filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=day),
            Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        )
        .order_by("effective_from", "pk")
        .values_list("unit__path", "value")
    )
    return [(path, str(value)) for path, value in rows]


def nominations_due(summary: Summary) -> None:
    from thidua.awards.deadlines import deadline_for_path, due_date
    from thidua.awards.models import Nomination, NominationState
    from thidua.awards.workdays import count_workdays, is_workday
    from thidua.org.models import Role, User

    day = summary.day
    if not is_workday(day):
        return
    wanted = set(config()["nomination_workdays"])
    rows = _deadline_rows(day)
    proposer_states = (NominationState.DRAFT, NominationState.RETURNED)
    office_states = (NominationState.SUBMITTED, NominationState.CHECKED, NominationState.COUNCIL)
    # Drafts are due by the submission date of their year; submitted dossiers within 20
    # working days of receipt (well inside 90 calendar days): older ones are overdue anyway.
    received_since = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=90), dt.time.min)
    )
    nominations = (
        Nomination.objects.filter(
            Q(state__in=proposer_states, year__gte=day.year)
            | Q(state__in=office_states, submitted_at__gte=received_since)
        )
        .select_related("award", "person", "unit", "awarding_unit")
        .order_by("pk")
    )
    # (who, unit id) -> [(nomination, due)]
    groups: dict[tuple[str, int], list[tuple[Any, Any, int]]] = defaultdict(list)
    for nomination in nominations.iterator(chunk_size=2000):
        submitted_on = (
            timezone.localdate(nomination.submitted_at) if nomination.submitted_at else None
        )
        due = due_date(
            state=nomination.state,
            year=nomination.year,
            submitted_on=submitted_on,
            today=day,
            submission_deadline=deadline_for_path(nomination.awarding_unit.path, rows),
        )
        if due is None or due.overdue:
            continue
        left = count_workdays(day, due.date)
        if left not in wanted:
            continue
        if nomination.state in proposer_states:
            groups[("unit", nomination.proposing_unit_id)].append((nomination, due, left))
        else:
            groups[("office", nomination.awarding_unit_id)].append((nomination, due, left))
    for (who, unit_id), items in sorted(groups.items()):
        if who == "office":
            users = list(
                User.objects.filter(unit_id=unit_id, role=Role.OFFICE, is_active=True).values_list(
                    "pk", flat=True
                )
            )
            units: list[int] = []
        else:
            users, units = [], [unit_id]

        def send(items: Any = items, users: list[int] = users, units: list[int] = units) -> int:
            with translation.override(settings.LANGUAGE_CODE):
                subject = ngettext(
                    "%(n)s nomination near its time limit",
                    "%(n)s nominations near their time limit",
                    len(items),
                ) % {"n": len(items)}
                lines = [
                    _("%(nomination)s: %(what)s by %(date)s (%(left)s working days left)")
                    % {
                        "nomination": f"{n.award.name_vi} {n.year} – {n.subject_label}",
                        "what": str(DUE_LABELS[due.kind]),
                        "date": vn_date(due.date),
                        "left": left,
                    }
                    for n, due, left in items[:NOMINATIONS_LISTED]
                ]
                if len(items) > NOMINATIONS_LISTED:
                    lines.append(
                        _("… and %(n)s more nominations.") % {"n": len(items) - NOMINATIONS_LISTED}
                    )
                text = "\n".join(f"- {line}" for line in lines)
            return notify(
                kind=Kind.NOMINATION_DUE,
                users=users,
                units=units,
                subject=subject,
                text=text,
                link=reverse("nominations:list"),
            )

        send_once(summary, Kind.NOMINATION_DUE, f"nomination_due:{who}:{unit_id}", send)


def council_tomorrow(summary: Summary) -> None:
    from thidua.awards.models import CouncilSession, SessionState

    tomorrow = summary.day + dt.timedelta(days=1)
    sessions = (
        CouncilSession.objects.filter(state=SessionState.PLANNED, date=tomorrow)
        .select_related("council")
        .order_by("pk")
    )
    for session in sessions:

        def send(session: Any = session) -> int:
            council = session.council
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Council session tomorrow: %(council)s, %(date)s") % {
                    "council": council.name,
                    "date": vn_date(session.date),
                }
                text = _(
                    "%(council)s meets tomorrow, %(date)s%(place)s, with %(n)s nominations "
                    "on the agenda."
                ) % {
                    "council": council.name,
                    "date": vn_date(session.date),
                    "place": (_(" at %(place)s") % {"place": session.place})
                    if session.place
                    else "",
                    "n": session.agenda.count(),
                }
            return notify(
                kind=Kind.COUNCIL_TOMORROW,
                users=council_member_accounts(council.pk),
                subject=subject,
                text=text,
                link=reverse("council:session", args=[session.pk]),
            )

        send_once(summary, Kind.COUNCIL_TOMORROW, f"council_tomorrow:session:{session.pk}", send)


STEPS = (registration_due, progress_overdue, nominations_due, council_tomorrow)


def run(day: dt.date | None = None) -> Summary:
    """Send today's reminders (or ``day``'s); safe to run any number of times."""
    summary = Summary(day=day or timezone.localdate())
    for step in STEPS:
        try:
            step(summary)
        except Exception:
            summary.failed += 1
            logger.exception("Reminders (%s) of %s failed", step.__name__, summary.day)
    return summary
