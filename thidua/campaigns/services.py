"""The one write path for campaigns, standards, registrations, progress and evaluation.

Keyword-only, typed, each in a transaction, each writing an audit event (scoped to the unit the
object belongs to).  Insiders without the right to act get ``PermissionDenied``; views fetch
objects through ``selectors.access_*`` first, so outsiders get 404 before reaching here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.campaigns import files, scoring, selectors
from thidua.campaigns import permissions as perms
from thidua.campaigns.models import (
    COLLECTIVE_AWARDS,
    INDIVIDUAL_AWARDS,
    OPEN_STATES,
    AwardCode,
    Campaign,
    CampaignForm,
    CampaignParticipant,
    CampaignState,
    Cluster,
    ClusterKind,
    ClusterScore,
    CompletionClass,
    CriteriaSet,
    Criterion,
    CriterionAssessment,
    Direction,
    Evaluation,
    Evidence,
    KeyWork,
    Milestone,
    Movement,
    Notification,
    NotificationKind,
    ProgressUpdate,
    Registration,
    RegistrationState,
    ReviewStage,
    ScoringCriterion,
    Target,
    TargetKind,
    TitlePledge,
)
from thidua.core import audit
from thidua.core.text import nfc
from thidua.notifications import events as notifications
from thidua.org.models import Person, Unit, UnitKind

CAMPAIGN_FIELDS = (
    "code",
    "form",
    "name",
    "issuing_unit",
    "document_number",
    "document_date",
    "document_signer",
    "purpose",
    "requirements",
    "contents",
    "occasions",
    "start_date",
    "deadline",
    "registration_deadline",
    "min_key_works",
    "max_key_works",
    "threshold_htxs",
    "threshold_htt",
    "threshold_ht",
)
# What may still change once a campaign is launched (not its identity or its rules of entry).
CAMPAIGN_FIELDS_AFTER_LAUNCH = frozenset(
    {
        "purpose",
        "requirements",
        "contents",
        "occasions",
        "deadline",
        "registration_deadline",
        "threshold_htxs",
        "threshold_htt",
        "threshold_ht",
    }
)
TEXT_FIELDS = frozenset(
    {
        "name",
        "code",
        "document_number",
        "document_signer",
        "purpose",
        "requirements",
        "contents",
        "occasions",
    }
)
TARGET_FIELDS = (
    "kind",
    "name",
    "indicator",
    "measure",
    "baseline",
    "target_value",
    "direction",
    "weight",
    "due_date",
    "public",
    "criteria_set",
    "scope_unit",
)
KEY_WORK_FIELDS = (
    "name",
    "description",
    "place",
    "cost",
    "people_money",
    "people_labour_days",
    "weight",
    "due_date",
    "public",
)


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You are not allowed to do this."))


def _decimal(value: Any, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(field)s: “%(value)s” is not a number.") % {"field": label, "value": value}
        ) from None
    if not result.is_finite():
        raise ValidationError(
            _("%(field)s: “%(value)s” is not a number.") % {"field": label, "value": value}
        )
    return result


# -- movements -------------------------------------------------------------------------------


@transaction.atomic
def movement_create(*, actor: Any, name: str, description: str = "") -> Movement:
    if not (perms.is_admin(actor) or getattr(actor, "role", None) == "office"):
        raise _deny()
    name = nfc(name)
    if not name:
        raise ValidationError(_("The movement's name is required."))
    if Movement.objects.filter(name=name).exists():
        raise ValidationError(_("The movement “%(name)s” already exists.") % {"name": name})
    movement = Movement.objects.create(name=name, description=description.strip())
    audit.record(
        actor=actor, action="movement.create", obj=movement, after=audit.snapshot(movement)
    )
    return movement


# -- campaigns -------------------------------------------------------------------------------


def _check_campaign(campaign: Campaign) -> None:
    errors: dict[str, list[str]] = {}
    if campaign.min_key_works > campaign.max_key_works:
        errors.setdefault("min_key_works", []).append(
            _("The minimum number of key works cannot exceed the maximum.")
        )
    if campaign.start_date and campaign.deadline and campaign.deadline < campaign.start_date:
        errors.setdefault("deadline", []).append(_("The deadline is before the start date."))
    if (
        campaign.registration_deadline
        and campaign.deadline
        and campaign.registration_deadline > campaign.deadline
    ):
        errors.setdefault("registration_deadline", []).append(
            _("The registration deadline is after the campaign's deadline.")
        )
    try:
        scoring.Thresholds(*campaign.thresholds())
    except ValueError:
        errors.setdefault("threshold_htxs", []).append(
            _("Thresholds must rise from completed to good to excellent, between 0 and 1.")
        )
    if float(campaign.threshold_htxs) > 1:
        errors.setdefault("threshold_htxs", []).append(
            _("Thresholds must rise from completed to good to excellent, between 0 and 1.")
        )
    if campaign.form not in CampaignForm.values:
        errors.setdefault("form", []).append(_("Unknown campaign form."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    code: str,
    name: str,
    issuing_unit: Unit,
    form: str = CampaignForm.THEMATIC,
    document_number: str = "",
    document_date: dt.date | None = None,
    document_signer: str = "",
    purpose: str = "",
    requirements: str = "",
    contents: str = "",
    occasions: str = "",
    start_date: dt.date | None = None,
    deadline: dt.date | None = None,
    registration_deadline: dt.date | None = None,
    min_key_works: int = 1,
    max_key_works: int = 2,
    movements: Iterable[Movement] = (),
    thresholds: scoring.Thresholds | None = None,
) -> Campaign:
    if not perms.can_create_campaign(actor, issuing_unit):
        raise _deny()
    code, name = nfc(code), nfc(name)
    if not code or not name:
        raise ValidationError(_("The campaign's code and name are required."))
    if Campaign.objects.filter(code=code).exists():
        raise ValidationError(_("A campaign with code %(code)s already exists.") % {"code": code})
    th = thresholds or scoring.Thresholds()
    campaign = Campaign(
        code=code,
        name=name,
        issuing_unit=issuing_unit,
        form=form,
        document_number=nfc(document_number),
        document_date=document_date,
        document_signer=nfc(document_signer),
        purpose=purpose.strip(),
        requirements=requirements.strip(),
        contents=contents.strip(),
        occasions=occasions.strip(),
        start_date=start_date,
        deadline=deadline,
        registration_deadline=registration_deadline,
        min_key_works=min_key_works,
        max_key_works=max_key_works,
        threshold_htxs=Decimal(str(th.htxs)),
        threshold_htt=Decimal(str(th.htt)),
        threshold_ht=Decimal(str(th.ht)),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_campaign(campaign)
    campaign.save()
    campaign.movements.set(list(movements))
    audit.record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        after={
            **audit.snapshot(campaign, CAMPAIGN_FIELDS),
            "movements": sorted(m.pk for m in campaign.movements.all()),
        },
        unit_id=issuing_unit.pk,
    )
    return campaign


def _lock_campaign(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("issuing_unit")
        .get(pk=campaign.pk)
    )


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, **changes: Any) -> Campaign:
    unknown = set(changes) - set(CAMPAIGN_FIELDS) - {"movements"}
    if unknown:
        raise ValidationError(
            _("Fields that cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    if campaign.state != CampaignState.DRAFT:
        frozen = set(changes) - CAMPAIGN_FIELDS_AFTER_LAUNCH
        if frozen:
            raise ValidationError(
                _("Once launched, these cannot be changed: %(f)s")
                % {"f": ", ".join(sorted(frozen))}
            )
    if "issuing_unit" in changes and not perms.can_create_campaign(actor, changes["issuing_unit"]):
        raise _deny()
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    movements = changes.pop("movements", None)
    for field, value in changes.items():
        if field.startswith("threshold_"):
            value = _decimal(value, field)
        if field in TEXT_FIELDS:
            value = (
                nfc(value)
                if field in {"name", "code", "document_number", "document_signer"}
                else value.strip()
            )
        setattr(campaign, field, value)
    if not campaign.code or not campaign.name:
        raise ValidationError(_("The campaign's code and name are required."))
    if Campaign.objects.filter(code=campaign.code).exclude(pk=campaign.pk).exists():
        raise ValidationError(
            _("A campaign with code %(code)s already exists.") % {"code": campaign.code}
        )
    _check_campaign(campaign)
    campaign.save()
    if movements is not None:
        campaign.movements.set(list(movements))
    after = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    audit.record(
        actor=actor,
        action="campaign.update",
        obj=campaign,
        before=before,
        after=after,
        unit_id=campaign.issuing_unit_id,
    )
    return campaign


@transaction.atomic
def campaign_attach_plan(*, actor: Any, campaign: Campaign, upload: Any) -> Campaign:
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    checked = files.check_plan(upload)
    before = campaign.plan_file.name or None
    campaign.plan_file.save(checked.name, upload, save=True)
    audit.record(
        actor=actor,
        action="campaign.attach_plan",
        obj=campaign,
        before={"plan_file": before},
        after={"plan_file": campaign.plan_file.name},
        unit_id=campaign.issuing_unit_id,
    )
    return campaign


@transaction.atomic
def campaign_participant_add(
    *,
    actor: Any,
    campaign: Campaign,
    unit: Unit,
    include_subtree: bool = False,
    levels: int | None = None,
) -> CampaignParticipant:
    """Add a participating unit (and its subtree, optionally only ``levels`` deep).  Only while
    the campaign is a draft: launching notifies exactly the units that take part."""
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if campaign.state != CampaignState.DRAFT:
        raise ValidationError(_("Participants can only be changed while the campaign is a draft."))
    if levels is not None and not include_subtree:
        raise ValidationError(_("Levels below only apply when the units under it take part."))
    participant, created = CampaignParticipant.objects.update_or_create(
        campaign=campaign,
        unit=unit,
        defaults={"include_subtree": include_subtree, "levels": levels},
    )
    audit.record(
        actor=actor,
        action="campaign.participant_add" if created else "campaign.participant_change",
        obj=campaign,
        after={"unit": unit.pk, "include_subtree": include_subtree, "levels": levels},
        unit_id=campaign.issuing_unit_id,
    )
    return participant


@transaction.atomic
def campaign_participant_remove(*, actor: Any, campaign: Campaign, unit: Unit) -> None:
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if campaign.state != CampaignState.DRAFT:
        raise ValidationError(_("Participants can only be changed while the campaign is a draft."))
    deleted, _rows = CampaignParticipant.objects.filter(campaign=campaign, unit=unit).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="campaign.participant_remove",
            obj=campaign,
            before={"unit": unit.pk},
            unit_id=campaign.issuing_unit_id,
        )


def launch_problems(campaign: Campaign) -> list[str]:
    """What is missing before a campaign can be launched (empty when complete)."""
    problems: list[str] = []
    required = [
        (campaign.document_number, _("the launching document's number")),
        (campaign.document_date, _("the launching document's date")),
        (campaign.document_signer, _("the signer of the launching document")),
        (campaign.purpose, _("the purpose")),
        (campaign.start_date, _("the start date")),
        (campaign.deadline, _("the deadline")),
        (campaign.registration_deadline, _("the registration deadline")),
    ]
    problems.extend(
        _("Missing: %(what)s.") % {"what": what} for value, what in required if not value
    )
    if not CampaignParticipant.objects.filter(campaign=campaign).exists():
        problems.append(_("No participating unit has been chosen."))
    if (
        campaign.registration_deadline
        and campaign.start_date
        and campaign.registration_deadline < campaign.start_date
    ):
        problems.append(_("The registration deadline is before the start date."))
    return problems


def _notify(*, campaign: Campaign, unit_ids: Iterable[int], kind: str, text: str) -> int:
    now = timezone.now()
    rows = [
        Notification(recipient_id=uid, campaign=campaign, kind=kind, text=text, created_at=now)
        for uid in unit_ids
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def campaign_launch(*, actor: Any, campaign: Campaign) -> Campaign:
    """draft → launched: checks completeness, then notifies every participating unit."""
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if not campaign.can_move_to(CampaignState.LAUNCHED):
        raise ValidationError(
            _("A campaign in state “%(state)s” cannot be launched.")
            % {"state": campaign.get_state_display()}
        )
    problems = launch_problems(campaign)
    if problems:
        raise ValidationError(problems)
    campaign.state = CampaignState.LAUNCHED
    campaign.launched_at = timezone.now()
    campaign.save(update_fields=["state", "launched_at", "updated_at"])
    unit_ids = selectors.participant_unit_ids(campaign)
    text = _("%(unit)s launched the campaign “%(name)s”. Register by %(date)s.") % {
        "unit": campaign.issuing_unit.name,
        "name": campaign.name,
        "date": f"{campaign.registration_deadline:%d/%m/%Y}",
    }
    sent = _notify(campaign=campaign, unit_ids=unit_ids, kind=NotificationKind.LAUNCHED, text=text)
    notifications.campaign_launched(campaign=campaign, unit_ids=unit_ids)
    audit.record(
        actor=actor,
        action="campaign.launch",
        obj=campaign,
        before={"state": CampaignState.DRAFT},
        after={"state": campaign.state, "notified": sent},
        unit_id=campaign.issuing_unit_id,
    )
    return campaign


@transaction.atomic
def campaign_transition(*, actor: Any, campaign: Campaign, to_state: str) -> Campaign:
    """Move a launched campaign to interim review, final review or closed (see
    ``CAMPAIGN_TRANSITIONS``); participants are notified of each new stage."""
    if to_state == CampaignState.LAUNCHED:
        return campaign_launch(actor=actor, campaign=campaign)
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if to_state not in CampaignState.values or not campaign.can_move_to(to_state):
        raise ValidationError(
            _("A campaign cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": campaign.get_state_display(),
                "new": CampaignState(to_state).label
                if to_state in CampaignState.values
                else to_state,
            }
        )
    before = campaign.state
    campaign.state = to_state
    campaign.save(update_fields=["state", "updated_at"])
    text = _("The campaign “%(name)s” moved to: %(state)s.") % {
        "name": campaign.name,
        "state": campaign.get_state_display(),
    }
    participants = selectors.participant_unit_ids(campaign)
    _notify(
        campaign=campaign, unit_ids=participants, kind=NotificationKind.STATE_CHANGED, text=text
    )
    notifications.campaign_stage_changed(campaign=campaign, unit_ids=participants)
    audit.record(
        actor=actor,
        action="campaign.transition",
        obj=campaign,
        before={"state": before},
        after={"state": to_state},
        unit_id=campaign.issuing_unit_id,
    )
    return campaign


@transaction.atomic
def reminder_send(
    *, actor: Any, campaign: Campaign, units: Iterable[Unit], kind: str, text: str = ""
) -> int:
    """Record reminders sent to units (to register, or to report progress); returns how many."""
    if kind not in (NotificationKind.REMIND_REGISTER, NotificationKind.REMIND_REPORT):
        raise ValidationError(_("Unknown kind of reminder."))
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if campaign.state not in OPEN_STATES:
        raise ValidationError(_("Reminders can only be sent while the campaign is running."))
    participating = selectors.participant_unit_ids(campaign)
    unit_ids = sorted({u.pk for u in units})
    strangers = [uid for uid in unit_ids if uid not in participating]
    if strangers:
        raise ValidationError(_("Reminders can only be sent to participating units."))
    if not text:
        text = (
            _("Reminder: please register your targets and key works for “%(name)s”.")
            if kind == NotificationKind.REMIND_REGISTER
            else _("Reminder: please report your progress in “%(name)s”.")
        ) % {"name": campaign.name}
    sent = _notify(campaign=campaign, unit_ids=unit_ids, kind=kind, text=nfc(text))
    notifications.campaign_reminder(campaign=campaign, unit_ids=unit_ids, kind=kind, text=nfc(text))
    audit.record(
        actor=actor,
        action="campaign.remind",
        obj=campaign,
        after={"kind": kind, "units": unit_ids},
        unit_id=campaign.issuing_unit_id,
    )
    return sent


# -- standards -------------------------------------------------------------------------------


@transaction.atomic
def criteria_set_create(
    *,
    actor: Any,
    code: str,
    version: str,
    name: str,
    valid_from: dt.date,
    criteria: Sequence[tuple[int, str, str, str]],
    valid_to: dt.date | None = None,
    unit_kinds: Sequence[str] = (),
    legal_basis: str = "",
    note: str = "",
) -> CriteriaSet:
    """A new version of a standard, with its criteria as (number, code, name, group)."""
    if not perms.is_admin(actor) and getattr(actor, "role", None) != "office":
        raise _deny()
    bad = [k for k in unit_kinds if k not in UnitKind.values]
    if bad:
        raise ValidationError(_("Unknown unit kind: %(kind)s.") % {"kind": ", ".join(bad)})
    if valid_to and valid_to < valid_from:
        raise ValidationError(_("The end of validity is before its start."))
    if not criteria:
        raise ValidationError(_("A criteria set needs at least one criterion."))
    if CriteriaSet.objects.filter(code=code, version=version).exists():
        raise ValidationError(
            _("Criteria set %(code)s version %(version)s already exists.")
            % {"code": code, "version": version}
        )
    criteria_set = CriteriaSet.objects.create(
        code=nfc(code),
        version=nfc(version),
        name=nfc(name),
        valid_from=valid_from,
        valid_to=valid_to,
        unit_kinds=list(unit_kinds),
        legal_basis=nfc(legal_basis),
        note=note,
    )
    numbers = [c[0] for c in criteria]
    codes = [c[1] for c in criteria]
    if len(set(numbers)) != len(numbers) or len(set(codes)) != len(codes):
        raise ValidationError(_("Criteria numbers and codes must be unique within a set."))
    Criterion.objects.bulk_create(
        Criterion(criteria_set=criteria_set, number=n, code=nfc(c), name=nfc(nm), group=nfc(g))
        for n, c, nm, g in criteria
    )
    audit.record(
        actor=actor,
        action="criteria_set.create",
        obj=criteria_set,
        after={**audit.snapshot(criteria_set), "criteria": len(criteria)},
    )
    return criteria_set


@transaction.atomic
def criterion_assess(
    *,
    actor: Any,
    unit: Unit,
    criterion: Criterion,
    met: bool,
    assessed_on: dt.date,
    evidence: Any = None,
    note: str = "",
) -> CriterionAssessment:
    """Record an assessment (a new row every time; earlier ones stay as history)."""
    if not perms.can_assess(actor, unit):
        raise _deny()
    kinds = criterion.criteria_set.unit_kinds
    if kinds and unit.kind not in kinds:
        raise ValidationError(
            _("The standard “%(set)s” does not apply to %(unit)s.")
            % {"set": criterion.criteria_set.name, "unit": unit.name}
        )
    if assessed_on > timezone.localdate():
        raise ValidationError(_("The assessment date is in the future."))
    checked = files.check_evidence(evidence) if evidence is not None else None
    assessment = CriterionAssessment(
        unit=unit,
        criterion=criterion,
        met=met,
        assessed_on=assessed_on,
        note=note.strip(),
        assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if evidence is not None and checked is not None:
        assessment.evidence.save(checked.name, evidence, save=False)
    assessment.save()
    audit.record(
        actor=actor,
        action="criterion.assess",
        obj=assessment,
        after=audit.snapshot(assessment),
        unit_id=unit.pk,
    )
    return assessment


# -- registration ----------------------------------------------------------------------------


def _lock_registration(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__issuing_unit", "unit")
        .get(pk=registration.pk)
    )


def _editable(actor: Any, registration: Registration) -> Registration:
    registration = _lock_registration(registration)
    if not perms.can_edit_registration(actor, registration):
        raise _deny()
    if not registration.is_editable:
        raise ValidationError(
            _("The registration is %(state)s and can no longer be changed.")
            % {"state": registration.get_state_display().lower()}
        )
    if registration.campaign.state not in OPEN_STATES:
        raise ValidationError(_("The campaign is not open for registration."))
    return registration


@transaction.atomic
def registration_create(
    *, actor: Any, campaign: Campaign, unit: Unit, self_assessment: str = ""
) -> Registration:
    if not perms.can_write_for_unit(actor, unit.pk):
        raise _deny()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state not in (CampaignState.LAUNCHED, CampaignState.INTERIM_REVIEW):
        raise ValidationError(_("The campaign is not open for registration."))
    if unit.pk not in selectors.participant_unit_ids(campaign):
        raise ValidationError(
            _("%(unit)s does not take part in this campaign.") % {"unit": unit.name}
        )
    if Registration.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s has already registered for this campaign.") % {"unit": unit.name}
        )
    registration = Registration.objects.create(
        campaign=campaign, unit=unit, self_assessment=self_assessment.strip()
    )
    audit.record(
        actor=actor,
        action="registration.create",
        obj=registration,
        after=audit.snapshot(registration),
        unit_id=unit.pk,
    )
    return registration


@transaction.atomic
def registration_update(
    *, actor: Any, registration: Registration, self_assessment: str
) -> Registration:
    registration = _editable(actor, registration)
    before = registration.self_assessment
    registration.self_assessment = self_assessment.strip()
    registration.save(update_fields=["self_assessment", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.update",
        obj=registration,
        before={"self_assessment": before},
        after={"self_assessment": registration.self_assessment},
        unit_id=registration.unit_id,
    )
    return registration


def _clean_target(target: Target, registration: Registration) -> None:
    errors: list[str] = []
    target.name = nfc(target.name)
    target.indicator = nfc(target.indicator)
    target.measure = nfc(target.measure)
    if not target.name:
        errors.append(_("The target's name is required."))
    if target.kind not in TargetKind.values:
        errors.append(_("Unknown kind of target."))
    if target.direction not in Direction.values:
        errors.append(_("Unknown direction."))
    if target.weight is None or target.weight <= 0:
        errors.append(_("The weight of “%(name)s” must be above zero.") % {"name": target.name})
    if target.baseline is not None and target.target_value is not None:
        if target.direction == Direction.MORE_IS_BETTER and target.target_value <= target.baseline:
            errors.append(
                _("“%(name)s”: more is better, so the target must be above the baseline.")
                % {"name": target.name}
            )
        if target.direction == Direction.LESS_IS_BETTER and target.target_value >= target.baseline:
            errors.append(
                _("“%(name)s”: less is better, so the target must be below the baseline.")
                % {"name": target.name}
            )
    if target.kind == TargetKind.STANDARD_COUNT:
        if target.criteria_set is None or target.scope_unit is None:
            errors.append(
                _(
                    "“%(name)s”: a standard-count target needs a standard and the unit whose "
                    "subtree is counted."
                )
                % {"name": target.name}
            )
        elif not target.scope_unit.path.startswith(registration.unit.path):
            errors.append(
                _("“%(name)s”: units can only be counted under the registering unit.")
                % {"name": target.name}
            )
        if target.direction != Direction.MORE_IS_BETTER:
            errors.append(_("A standard-count target is always “more is better”."))
        if target.target_value is not None and (
            target.target_value < 1 or target.target_value != target.target_value.to_integral()
        ):
            errors.append(
                _("“%(name)s”: the number of units must be a whole number of at least 1.")
                % {"name": target.name}
            )
    else:
        target.criteria_set = None
        target.scope_unit = None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_add(
    *,
    actor: Any,
    registration: Registration,
    name: str,
    target_value: Decimal | int | str,
    kind: str = TargetKind.VALUE,
    indicator: str = "",
    measure: str = "",
    baseline: Decimal | int | str | None = None,
    direction: str = Direction.MORE_IS_BETTER,
    weight: Decimal | int | str = 1,
    due_date: dt.date | None = None,
    public: bool = False,
    criteria_set: CriteriaSet | None = None,
    scope_unit: Unit | None = None,
) -> Target:
    registration = _editable(actor, registration)
    value = _decimal(target_value, _("target value"))
    if value is None:
        raise ValidationError(_("The target value is required."))
    target = Target(
        registration=registration,
        kind=kind,
        name=name,
        indicator=indicator,
        measure=measure,
        baseline=_decimal(baseline, _("baseline")),
        target_value=value,
        direction=direction,
        weight=_decimal(weight, _("weight")) or Decimal(0),
        due_date=due_date or registration.campaign.deadline,
        public=public,
        criteria_set=criteria_set,
        scope_unit=scope_unit,
        position=registration.targets.count(),
    )
    _clean_target(target, registration)
    target.save()
    audit.record(
        actor=actor,
        action="target.add",
        obj=target,
        after=audit.snapshot(target, TARGET_FIELDS),
        unit_id=registration.unit_id,
    )
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, **changes: Any) -> Target:
    unknown = set(changes) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(
            _("Fields that cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    registration = _editable(actor, target.registration)
    target = Target.objects.select_for_update().get(pk=target.pk, registration=registration)
    before = audit.snapshot(target, TARGET_FIELDS)
    for field, value in changes.items():
        if field in {"baseline", "target_value", "weight"}:
            value = _decimal(value, field)
        setattr(target, field, value)
    if target.target_value is None:
        raise ValidationError(_("The target value is required."))
    _clean_target(target, registration)
    target.save()
    audit.record(
        actor=actor,
        action="target.update",
        obj=target,
        before=before,
        after=audit.snapshot(target, TARGET_FIELDS),
        unit_id=registration.unit_id,
    )
    return target


@transaction.atomic
def target_remove(*, actor: Any, target: Target) -> None:
    registration = _editable(actor, target.registration)
    before = audit.snapshot(target, TARGET_FIELDS)
    audit.record(
        actor=actor,
        action="target.remove",
        obj=target,
        before=before,
        unit_id=registration.unit_id,
    )
    target.delete()


def _clean_key_work(work: KeyWork) -> None:
    work.name = nfc(work.name)
    work.place = nfc(work.place)
    errors = []
    if not work.name:
        errors.append(_("The key work's name is required."))
    for field, label in (
        ("cost", _("cost")),
        ("people_money", _("people's contribution in money")),
        ("people_labour_days", _("people's contribution in labour")),
    ):
        value = getattr(work, field)
        if value is not None and value < 0:
            errors.append(_("%(field)s cannot be negative.") % {"field": label})
    if work.weight is None or work.weight <= 0:
        errors.append(_("The weight of “%(name)s” must be above zero.") % {"name": work.name})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def key_work_add(
    *,
    actor: Any,
    registration: Registration,
    name: str,
    description: str = "",
    place: str = "",
    cost: Decimal | int | str | None = None,
    people_money: Decimal | int | str | None = None,
    people_labour_days: Decimal | int | str | None = None,
    weight: Decimal | int | str = 1,
    due_date: dt.date | None = None,
    public: bool = False,
    milestones: Sequence[tuple[str, dt.date | None]] = (),
) -> KeyWork:
    registration = _editable(actor, registration)
    count = registration.key_works.count()
    limit = registration.campaign.max_key_works
    if count >= limit:
        raise ValidationError(
            _("This campaign allows at most %(max)s key works per unit.") % {"max": limit}
        )
    work = KeyWork(
        registration=registration,
        name=name,
        description=description.strip(),
        place=place,
        cost=_decimal(cost, _("cost")),
        people_money=_decimal(people_money, _("people's contribution in money")),
        people_labour_days=_decimal(people_labour_days, _("people's contribution in labour")),
        weight=_decimal(weight, _("weight")) or Decimal(0),
        due_date=due_date or registration.campaign.deadline,
        public=public,
        position=count,
    )
    _clean_key_work(work)
    work.save()
    Milestone.objects.bulk_create(
        Milestone(key_work=work, name=nfc(m_name), due_date=m_due, position=i)
        for i, (m_name, m_due) in enumerate(milestones)
    )
    audit.record(
        actor=actor,
        action="key_work.add",
        obj=work,
        after={**audit.snapshot(work, KEY_WORK_FIELDS), "milestones": [m[0] for m in milestones]},
        unit_id=registration.unit_id,
    )
    return work


@transaction.atomic
def key_work_update(*, actor: Any, key_work: KeyWork, **changes: Any) -> KeyWork:
    unknown = set(changes) - set(KEY_WORK_FIELDS)
    if unknown:
        raise ValidationError(
            _("Fields that cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    registration = _editable(actor, key_work.registration)
    work = KeyWork.objects.select_for_update().get(pk=key_work.pk, registration=registration)
    before = audit.snapshot(work, KEY_WORK_FIELDS)
    for field, value in changes.items():
        if field in {"cost", "people_money", "people_labour_days", "weight"}:
            value = _decimal(value, field)
        setattr(work, field, value)
    _clean_key_work(work)
    work.save()
    audit.record(
        actor=actor,
        action="key_work.update",
        obj=work,
        before=before,
        after=audit.snapshot(work, KEY_WORK_FIELDS),
        unit_id=registration.unit_id,
    )
    return work


@transaction.atomic
def key_work_remove(*, actor: Any, key_work: KeyWork) -> None:
    registration = _editable(actor, key_work.registration)
    audit.record(
        actor=actor,
        action="key_work.remove",
        obj=key_work,
        before=audit.snapshot(key_work, KEY_WORK_FIELDS),
        unit_id=registration.unit_id,
    )
    key_work.delete()


@transaction.atomic
def milestone_add(
    *, actor: Any, key_work: KeyWork, name: str, due_date: dt.date | None = None
) -> Milestone:
    registration = _editable(actor, key_work.registration)
    name = nfc(name)
    if not name:
        raise ValidationError(_("The milestone's name is required."))
    milestone = Milestone.objects.create(
        key_work=key_work, name=name, due_date=due_date, position=key_work.milestones.count()
    )
    audit.record(
        actor=actor,
        action="milestone.add",
        obj=milestone,
        after=audit.snapshot(milestone),
        unit_id=registration.unit_id,
    )
    return milestone


@transaction.atomic
def pledge_add(
    *,
    actor: Any,
    registration: Registration,
    award_code: str,
    person: Person | None = None,
    collective: Unit | None = None,
) -> TitlePledge:
    registration = _editable(actor, registration)
    if award_code not in AwardCode.values:
        raise ValidationError(_("Unknown title or award: %(code)s.") % {"code": award_code})
    if (person is None) == (collective is None):
        raise ValidationError(_("A pledge is made by one person or by one collective."))
    low, high = registration.unit.path_bounds()
    if person is not None:
        if award_code in COLLECTIVE_AWARDS:
            raise ValidationError(
                _("%(award)s is a title for collectives, not for a person.")
                % {"award": AwardCode(award_code).label}
            )
        if person.unit is None or not (low <= person.unit.path < high):
            raise ValidationError(
                _("%(person)s does not work in %(unit)s.")
                % {"person": person.full_name, "unit": registration.unit.name}
            )
    if collective is not None:
        if award_code in INDIVIDUAL_AWARDS:
            raise ValidationError(
                _("%(award)s is a title for a person, not for a collective.")
                % {"award": AwardCode(award_code).label}
            )
        if not (low <= collective.path < high):
            raise ValidationError(
                _("%(collective)s is not part of %(unit)s.")
                % {"collective": collective.name, "unit": registration.unit.name}
            )
    if TitlePledge.objects.filter(
        registration=registration, award_code=award_code, person=person, collective=collective
    ).exists():
        raise ValidationError(_("This pledge is already registered."))
    pledge = TitlePledge.objects.create(
        registration=registration, award_code=award_code, person=person, collective=collective
    )
    audit.record(
        actor=actor,
        action="pledge.add",
        obj=pledge,
        after=audit.snapshot(pledge),
        unit_id=registration.unit_id,
    )
    return pledge


@transaction.atomic
def pledge_remove(*, actor: Any, pledge: TitlePledge) -> None:
    registration = _editable(actor, pledge.registration)
    audit.record(
        actor=actor,
        action="pledge.remove",
        obj=pledge,
        before=audit.snapshot(pledge),
        unit_id=registration.unit_id,
    )
    pledge.delete()


def submit_problems(registration: Registration) -> list[str]:
    """What keeps a registration from being submitted (empty when it can be)."""
    campaign = registration.campaign
    problems = []
    works = registration.key_works.count()
    if works < campaign.min_key_works:
        problems.append(
            _("At least %(min)s key works are required; %(n)s registered.")
            % {"min": campaign.min_key_works, "n": works}
        )
    if works > campaign.max_key_works:
        problems.append(
            _("At most %(max)s key works are allowed; %(n)s registered.")
            % {"max": campaign.max_key_works, "n": works}
        )
    if not registration.targets.exists():
        problems.append(_("Register at least one target."))
    return problems


@transaction.atomic
def registration_submit(*, actor: Any, registration: Registration) -> Registration:
    """draft or returned → submitted, when the key works are within the campaign's range and
    there is at least one target."""
    registration = _editable(actor, registration)
    problems = submit_problems(registration)
    if problems:
        raise ValidationError(problems)
    before = registration.state
    registration.state = RegistrationState.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.save(update_fields=["state", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.submit",
        obj=registration,
        before={"state": before},
        after={"state": registration.state},
        unit_id=registration.unit_id,
    )
    return registration


def _decidable(actor: Any, registration: Registration) -> Registration:
    registration = _lock_registration(registration)
    if not perms.can_decide_registration(actor, registration):
        raise _deny()
    if not registration.can_decide():
        raise ValidationError(_("Only a submitted registration can be approved or returned."))
    return registration


@transaction.atomic
def registration_return(*, actor: Any, registration: Registration, reason: str) -> Registration:
    """submitted → returned, with the reason the unit must read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the registration is returned.")]})
    registration = _decidable(actor, registration)
    registration.state = RegistrationState.RETURNED
    registration.returned_reason = reason
    registration.decided_at = timezone.now()
    registration.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.save(
        update_fields=["state", "returned_reason", "decided_at", "decided_by", "updated_at"]
    )
    _notify(
        campaign=registration.campaign,
        unit_ids=[registration.unit_id],
        kind=NotificationKind.RETURNED,
        text=_("Your registration for “%(name)s” was returned: %(reason)s")
        % {"name": registration.campaign.name, "reason": reason},
    )
    notifications.registration_returned(registration=registration, reason=reason)
    audit.record(
        actor=actor,
        action="registration.return",
        obj=registration,
        before={"state": RegistrationState.SUBMITTED},
        after={"state": registration.state},
        unit_id=registration.unit_id,
        note=reason,
    )
    return registration


@transaction.atomic
def registration_approve(*, actor: Any, registration: Registration) -> Registration:
    """submitted → approved; from then on the unit reports progress against it."""
    registration = _decidable(actor, registration)
    registration.state = RegistrationState.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    _notify(
        campaign=registration.campaign,
        unit_ids=[registration.unit_id],
        kind=NotificationKind.APPROVED,
        text=_("Your registration for “%(name)s” was approved.")
        % {"name": registration.campaign.name},
    )
    notifications.registration_approved(registration=registration)
    audit.record(
        actor=actor,
        action="registration.approve",
        obj=registration,
        before={"state": RegistrationState.SUBMITTED},
        after={"state": registration.state},
        unit_id=registration.unit_id,
    )
    return registration


# -- progress --------------------------------------------------------------------------------


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    target: Target | None = None,
    key_work: KeyWork | None = None,
    value: Decimal | int | str | None = None,
    percent: Decimal | int | str | None = None,
    milestone: Milestone | None = None,
    as_of: dt.date | None = None,
    note: str = "",
    uploads: Sequence[Any] = (),
) -> ProgressUpdate:
    """Add a progress update (never changes an earlier one) with its evidence files.

    Every file is checked before anything is written, so a bad file leaves nothing behind."""
    if (target is None) == (key_work is None):
        raise ValidationError(_("Report progress on one target or one key work."))
    owner = target if target is not None else key_work
    assert owner is not None
    registration = _lock_registration(owner.registration)
    if not perms.can_edit_registration(actor, registration):
        raise _deny()
    if not registration.can_report():
        raise ValidationError(_("Progress can be reported once the registration is approved."))
    if registration.campaign.state not in OPEN_STATES:
        raise ValidationError(_("The campaign is not open for progress reports."))
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise ValidationError(_("The progress date is in the future."))
    start = registration.campaign.start_date
    if start and as_of < start:
        raise ValidationError(_("The progress date is before the campaign started."))
    number = _decimal(value, _("value"))
    share = _decimal(percent, _("percent complete"))
    if target is not None:
        if target.is_computed:
            raise ValidationError(
                _(
                    "“%(name)s” is counted from the standard's assessments and cannot be "
                    "reported by hand."
                )
                % {"name": target.name}
            )
        if number is None:
            raise ValidationError(
                _("Give the value reached for “%(name)s”.") % {"name": target.name}
            )
        if share is not None or milestone is not None:
            raise ValidationError(_("A target's progress is a value, not a percentage."))
    else:
        assert key_work is not None
        if number is not None:
            raise ValidationError(_("A key work's progress is a percentage or a milestone."))
        if share is None and milestone is None:
            raise ValidationError(
                _("Give the percentage done or the milestone reached for “%(name)s”.")
                % {"name": key_work.name}
            )
        if share is not None and not (0 <= share <= 100):
            raise ValidationError(_("The percentage must be between 0 and 100."))
        if milestone is not None and milestone.key_work_id != key_work.pk:
            raise ValidationError(_("The milestone belongs to another key work."))
    checked = [files.check_evidence(upload) for upload in uploads]
    update = ProgressUpdate.objects.create(
        target=target,
        key_work=key_work,
        value=number,
        percent=share,
        milestone=milestone,
        as_of=as_of,
        note=note.strip(),
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for upload, info in zip(uploads, checked, strict=True):
        evidence = Evidence(
            update=update,
            original_name=info.name[:255],
            content_type=info.content_type,
            size=info.size,
        )
        if info.content_type in files.IMAGE_TYPES:
            evidence.thumbnail.save(f"{update.pk}.jpg", files.make_thumbnail(upload), save=False)
        evidence.file.save(info.name, upload, save=False)
        evidence.save()
    audit.record(
        actor=actor,
        action="progress.report",
        obj=update,
        after={**audit.snapshot(update), "evidence": [c.name for c in checked]},
        unit_id=registration.unit_id,
    )
    return update


# -- evaluation ------------------------------------------------------------------------------

STAGE_STATE: dict[str, str] = {
    ReviewStage.INTERIM: CampaignState.INTERIM_REVIEW,
    ReviewStage.FINAL: CampaignState.FINAL_REVIEW,
}


@transaction.atomic
def evaluation_compute(
    *, actor: Any, campaign: Campaign, stage: str, on: dt.date | None = None
) -> int:
    """Compute every participating unit's attainment and proposed class for a review.

    Run again as data changes; a class the office changed by hand (with a reason) is kept.
    Returns the number of units evaluated."""
    campaign = _lock_campaign(campaign)
    if not perms.can_manage_campaign(actor, campaign):
        raise _deny()
    if stage not in STAGE_STATE or campaign.state != STAGE_STATE[stage]:
        raise ValidationError(
            _("The %(stage)s can only be computed while the campaign is in it.")
            % {"stage": ReviewStage(stage).label.lower() if stage in ReviewStage.values else stage}
        )
    # Interim: against the progress expected on the date; final: against the full targets.
    interim = stage == ReviewStage.INTERIM
    rollup = selectors.campaign_rollup(campaign, on=on, pro_rata=interim)
    thresholds = scoring.Thresholds(*campaign.thresholds())
    existing = {e.unit_id: e for e in Evaluation.objects.filter(campaign=campaign, stage=stage)}
    now = timezone.now()
    new, changed = [], []
    for unit_id in sorted(rollup.participants):
        result = rollup.units.get(unit_id)
        value = None
        if result is not None:
            value = result.interim_attainment if interim else result.attainment
        proposed = scoring.completion_class(value, thresholds)
        stored = None if value is None else Decimal(f"{value:.4f}")
        evaluation = existing.get(unit_id)
        if evaluation is None:
            new.append(
                Evaluation(
                    campaign=campaign,
                    unit_id=unit_id,
                    stage=stage,
                    attainment=stored,
                    proposed_class=proposed,
                    final_class=proposed,
                    computed_at=now,
                )
            )
        else:
            evaluation.attainment = stored
            evaluation.proposed_class = proposed
            if not evaluation.override_reason:
                evaluation.final_class = proposed
            evaluation.computed_at = now
            changed.append(evaluation)
    Evaluation.objects.bulk_create(new, batch_size=1000)
    Evaluation.objects.bulk_update(
        changed, ["attainment", "proposed_class", "final_class", "computed_at"], batch_size=1000
    )
    audit.record(
        actor=actor,
        action="evaluation.compute",
        obj=campaign,
        after={
            "stage": stage,
            "units": len(new) + len(changed),
            "on": on.isoformat() if on else None,
        },
        unit_id=campaign.issuing_unit_id,
    )
    return len(new) + len(changed)


@transaction.atomic
def evaluation_override(
    *, actor: Any, evaluation: Evaluation, final_class: str, reason: str
) -> Evaluation:
    """The office settles a class other than the computed one; the reason is mandatory and
    the change is kept in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the proposed class is changed.")]})
    if final_class not in CompletionClass.values:
        raise ValidationError(_("Unknown completion class: %(c)s.") % {"c": final_class})
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__issuing_unit")
        .get(pk=evaluation.pk)
    )
    if not perms.can_manage_campaign(actor, evaluation.campaign):
        raise _deny()
    if evaluation.campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    before = audit.snapshot(evaluation, ("final_class", "override_reason"))
    evaluation.final_class = final_class
    evaluation.override_reason = reason
    evaluation.overridden_by = actor if getattr(actor, "is_authenticated", False) else None
    evaluation.save(update_fields=["final_class", "override_reason", "overridden_by"])
    audit.record(
        actor=actor,
        action="evaluation.override",
        obj=evaluation,
        before=before,
        after=audit.snapshot(evaluation, ("final_class", "override_reason")),
        unit_id=evaluation.unit_id,
        note=reason,
    )
    return evaluation


# -- clusters --------------------------------------------------------------------------------


@transaction.atomic
def cluster_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    owner_unit: Unit,
    members: Iterable[Unit] = (),
    year: int | None = None,
    campaign: Campaign | None = None,
) -> Cluster:
    if not (perms.is_admin(actor) or perms.is_office_over(actor, owner_unit)):
        raise _deny()
    name = nfc(name)
    if not name:
        raise ValidationError(_("The cluster's name is required."))
    if kind not in ClusterKind.values:
        raise ValidationError(_("Unknown kind of cluster."))
    if year is None and campaign is None:
        raise ValidationError(_("A cluster belongs to a year or to a campaign."))
    member_list = list(members)
    low, high = owner_unit.path_bounds()
    outside = [u.name for u in member_list if not (low <= u.path < high)]
    if outside:
        raise ValidationError(
            _("Not under %(owner)s: %(units)s.")
            % {"owner": owner_unit.name, "units": ", ".join(outside)}
        )
    cluster = Cluster.objects.create(
        name=name, kind=kind, owner_unit=owner_unit, year=year, campaign=campaign
    )
    cluster.members.set(member_list)
    audit.record(
        actor=actor,
        action="cluster.create",
        obj=cluster,
        after={**audit.snapshot(cluster), "members": sorted(u.pk for u in member_list)},
        unit_id=owner_unit.pk,
    )
    return cluster


@transaction.atomic
def scoring_criterion_add(
    *, actor: Any, cluster: Cluster, name: str, max_points: Decimal | int | str
) -> ScoringCriterion:
    if not perms.can_manage_cluster(actor, cluster):
        raise _deny()
    points = _decimal(max_points, _("maximum points"))
    if points is None or points <= 0:
        raise ValidationError(_("The maximum points must be above zero."))
    name = nfc(name)
    if not name:
        raise ValidationError(_("The criterion's name is required."))
    criterion = ScoringCriterion.objects.create(
        cluster=cluster, name=name, max_points=points, position=cluster.criteria.count()
    )
    audit.record(
        actor=actor,
        action="cluster.criterion_add",
        obj=criterion,
        after=audit.snapshot(criterion),
        unit_id=cluster.owner_unit_id,
    )
    return criterion


def _score(value: Any, criterion: ScoringCriterion) -> Decimal:
    points = _decimal(value, criterion.name)
    if points is None or points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("The score for “%(name)s” must be between 0 and %(max)s.")
            % {"name": criterion.name, "max": criterion.max_points}
        )
    return points


def _score_row(criterion: ScoringCriterion, unit: Unit) -> ClusterScore:
    if not criterion.cluster.members.filter(pk=unit.pk).exists():
        raise ValidationError(
            _("%(unit)s is not a member of %(cluster)s.")
            % {"unit": unit.name, "cluster": criterion.cluster.name}
        )
    ClusterScore.objects.get_or_create(unit=unit, criterion=criterion)
    return ClusterScore.objects.select_for_update().get(unit=unit, criterion=criterion)


@transaction.atomic
def cluster_score_self(
    *,
    actor: Any,
    criterion: ScoringCriterion,
    unit: Unit,
    score: Decimal | int | str,
    note: str = "",
) -> ClusterScore:
    """A member unit's own score on one criterion (by its own officers)."""
    if not perms.can_write_for_unit(actor, unit.pk):
        raise _deny()
    points = _score(score, criterion)
    row = _score_row(criterion, unit)
    before = audit.snapshot(row, ("self_score", "note"))
    row.self_score = points
    row.note = note.strip() or row.note
    row.save(update_fields=["self_score", "note"])
    audit.record(
        actor=actor,
        action="cluster.score_self",
        obj=row,
        before=before,
        after=audit.snapshot(row, ("self_score", "note")),
        unit_id=unit.pk,
    )
    return row


@transaction.atomic
def cluster_score_agree(
    *, actor: Any, criterion: ScoringCriterion, unit: Unit, score: Decimal | int | str
) -> ClusterScore:
    """The score the cluster agreed for a member (by the organising office)."""
    if not perms.can_manage_cluster(actor, criterion.cluster):
        raise _deny()
    points = _score(score, criterion)
    row = _score_row(criterion, unit)
    before = audit.snapshot(row, ("agreed_score",))
    row.agreed_score = points
    row.save(update_fields=["agreed_score"])
    audit.record(
        actor=actor,
        action="cluster.score_agree",
        obj=row,
        before=before,
        after=audit.snapshot(row, ("agreed_score",)),
        unit_id=unit.pk,
    )
    return row
