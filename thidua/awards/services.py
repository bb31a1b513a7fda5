"""The one write path for commendation: catalog, jurisdiction settings, records, nominations,
councils and their secret ballot, decisions and the registry.

Keyword-only, typed, each in a transaction, each writing an audit event — except the ballot
itself (``ballot_cast``, ``written_opinion_record``): an audit event would link a member to a
moment and so to a vote.  The session's opening and each round's closing are audited instead.
Insiders without the right to act get ``PermissionDenied``; views fetch objects through
``selectors.access_*`` first, so outsiders get 404 before reaching here.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import notice as public_notice
from thidua.awards import permissions as perms
from thidua.awards import selectors
from thidua.awards.catalog_rows import award_rows
from thidua.awards.facts_loader import evaluate_loaded, nomination_facts
from thidua.awards.models import (
    AgendaItem,
    Attendance,
    Award,
    AwardKind,
    BallotChoice,
    BallotParticipation,
    BallotVote,
    Commendation,
    CommendationSource,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionState,
    Discipline,
    DisciplineLevel,
    DossierKind,
    Initiative,
    InitiativeKind,
    InitiativeLevel,
    JurisdictionSetting,
    MemberRole,
    Nomination,
    NominationFile,
    NominationOutcome,
    NominationSource,
    NominationState,
    Rating,
    SessionState,
    Subject,
    TaskRating,
)
from thidua.awards.rules import CATALOG_VERSION, Settings, SettingsError, rule_set_for_year
from thidua.core import audit
from thidua.core.text import nfc
from thidua.notifications import events as notifications
from thidua.org.models import Person, Role, Unit, UnitKind

MIN_YEAR, MAX_YEAR = 1945, 2100
# Awards whose dossier must carry the evaluation minutes with the ballot (LAW.md, art. 84).
MINUTES_REQUIRED = frozenset({"CSTDCS", "CSTD_BT", "CSTD_TQ", "CO_BT", "CO_CP"})


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You are not allowed to do this."))


def _year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("The year %(year)s is not valid (%(min)s–%(max)s).")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return year


def _choice(value: str, choices: Any, label: str) -> str:
    if value not in choices.values:
        raise ValidationError(
            _("%(field)s: “%(value)s” is not one of %(allowed)s.")
            % {"field": label, "value": value, "allowed": ", ".join(choices.values)}
        )
    return value


# -- catalog ---------------------------------------------------------------------------------


@transaction.atomic
def catalog_sync(*, actor: Any = None) -> int:
    """Bring the ``Award`` table in line with the pure catalog; returns rows created or
    changed.  Rows are never deleted (commendations point at them)."""
    if actor is not None and not perms.is_admin(actor):
        raise _deny()
    changed = 0
    for row in award_rows():
        key = {"rule_set": row.pop("rule_set"), "code": row.pop("code")}
        award = Award.objects.filter(**key).first()
        if award is None:
            award = Award.objects.create(**key, **row)
        elif all(getattr(award, k) == v for k, v in row.items()):
            continue
        else:
            for k, v in row.items():
                setattr(award, k, v)
            award.save()
        changed += 1
        audit.record(actor=actor, action="award.sync", obj=award, after=audit.snapshot(award))
    return changed


def validate_setting(
    *,
    unit: Unit,
    key: str,
    value: Any,
    award_code: str = "",
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
) -> None:
    """Raise ``ValidationError`` (Vietnamese) unless the setting is known and its value fits."""
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.MINISTRY):
        raise ValidationError(
            _("Settings are set for a province or a ministry, not for “%(unit)s”.") % {"unit": unit}
        )
    if effective_from and effective_to and effective_to < effective_from:
        raise ValidationError(_("The end date is before the start date."))
    try:
        if award_code:
            if key not in selectors.AWARD_KEYS:
                raise SettingsError(
                    _("“%(key)s” cannot be set per award; only: %(keys)s.")
                    % {"key": key, "keys": ", ".join(sorted(selectors.AWARD_KEYS))}
                )
            if not Award.objects.filter(code=award_code).exists():
                raise SettingsError(_("Unknown award code “%(code)s”.") % {"code": award_code})
            Settings.from_mapping({"ballot_thresholds": {award_code: value}})
        elif key in selectors.POLICY_KEYS:
            selectors.coerce_policy(key, value)
        elif key in selectors.SETTINGS_KEYS:
            Settings.from_mapping({key: value})
        else:
            raise SettingsError(_("Unknown setting “%(key)s”.") % {"key": key})
    except SettingsError as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def jurisdiction_setting_set(
    *,
    actor: Any,
    unit: Unit,
    key: str,
    value: Any,
    award_code: str = "",
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    note: str = "",
) -> JurisdictionSetting:
    """Record a province's or ministry's own figure (validated like the engine's settings)."""
    if not (perms.is_admin(actor) or perms.is_office_over(actor, unit)):
        raise _deny()
    validate_setting(
        unit=unit,
        key=key,
        value=value,
        award_code=award_code,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    row = JurisdictionSetting.objects.create(
        unit=unit,
        award_code=award_code,
        key=key,
        value=value,
        effective_from=effective_from,
        effective_to=effective_to,
        note=nfc(note),
    )
    audit.record(
        actor=actor, action="award_setting.set", obj=row, after=audit.snapshot(row), unit_id=unit.pk
    )
    return row


# -- records ---------------------------------------------------------------------------------


def _record_unit(person: Person | None, unit: Unit | None) -> Unit | None:
    return person.unit if person is not None else unit


@transaction.atomic
def rating_record(
    *,
    actor: Any,
    year: int,
    rating: str,
    person: Person | None = None,
    unit: Unit | None = None,
    source: str = "",
) -> TaskRating:
    """Record (or correct) the yearly task rating of a person or a collective."""
    if (person is None) == (unit is None):
        raise ValidationError(_("A rating is for either a person or a collective."))
    if not perms.can_record_for(actor, _record_unit(person, unit)):
        raise _deny()
    _year(year)
    _choice(rating, Rating, _("Rating"))
    found = TaskRating.objects.select_for_update().filter(person=person, unit=unit, year=year)
    existing = found.first()
    before = audit.snapshot(existing) if existing else None
    if existing is None:
        obj = TaskRating.objects.create(
            person=person, unit=unit, year=year, rating=rating, source=nfc(source)
        )
    else:
        obj = existing
        obj.rating, obj.source = rating, nfc(source)
        obj.save(update_fields=["rating", "source"])
    audit.record(
        actor=actor,
        action="rating.record",
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
        unit_id=getattr(_record_unit(person, unit), "pk", None),
    )
    return obj


@transaction.atomic
def discipline_record(
    *,
    actor: Any,
    person: Person,
    level: str,
    start: dt.date,
    end: dt.date | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> Discipline:
    if not perms.can_record_for(actor, person.unit):
        raise _deny()
    _choice(level, DisciplineLevel, _("Discipline level"))
    if end is not None and end < start:
        raise ValidationError(
            _("The discipline ends (%(end)s) before it starts (%(start)s).")
            % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}
        )
    obj, _created = Discipline.objects.update_or_create(
        person=person,
        level=level,
        start=start,
        defaults={
            "end": end,
            "decision_number": nfc(decision_number),
            "decision_date": decision_date,
            "note": nfc(note),
        },
    )
    audit.record(
        actor=actor,
        action="discipline.record",
        obj=obj,
        after=audit.snapshot(obj),
        unit_id=person.unit_id,
    )
    return obj


@transaction.atomic
def initiative_record(
    *,
    actor: Any,
    title: str,
    unit: Unit,
    level: str,
    year: int,
    authors: Sequence[Person],
    kind: str = InitiativeKind.INITIATIVE,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Initiative:
    if not perms.can_record_for(actor, unit):
        raise _deny()
    title = nfc(title)
    if not title:
        raise ValidationError(_("The initiative's title is required."))
    if not authors:
        raise ValidationError(_("An initiative needs at least one author."))
    _year(year)
    _choice(level, InitiativeLevel, _("Recognised level"))
    _choice(kind, InitiativeKind, _("Kind"))
    obj = Initiative(
        title=title,
        unit=unit,
        level=level,
        kind=kind,
        year=year,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
    )
    obj.save()
    obj.authors.set(authors)
    audit.record(
        actor=actor,
        action="initiative.record",
        obj=obj,
        after={**audit.snapshot(obj), "authors": sorted(p.pk for p in authors)},
        unit_id=unit.pk,
    )
    return obj


@transaction.atomic
def initiative_use(*, actor: Any, initiative: Initiative, commendation: Commendation) -> Initiative:
    """Tie an initiative to the one commendation it served (Decree 152 art. 4: one use).

    The row is locked (``select_for_update``) so two decisions issued at the same time cannot
    both use it; the second one is refused."""
    if not perms.can_record_for(actor, initiative.unit) and not (
        commendation.decision_id and perms.can_sign_decision(actor, commendation.decision)  # type: ignore[arg-type]
    ):
        raise _deny()
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.used_for_id is not None:
        raise ValidationError(
            _("The initiative “%(title)s” was already used for another award (%(award)s).")
            % {"title": locked.title, "award": locked.used_for}
        )
    locked.used_for = commendation
    locked.save(update_fields=["used_for"])
    audit.record(
        actor=actor,
        action="initiative.use",
        obj=locked,
        before={"used_for": None},
        after={"used_for": commendation.pk},
        unit_id=locked.unit_id,
    )
    return locked


def _subject_fields(
    subject: str, person: Person | None, unit: Unit | None, household_name: str
) -> dict[str, Any]:
    _choice(subject, Subject, _("Subject"))
    if subject == Subject.INDIVIDUAL:
        if person is None or unit is not None:
            raise ValidationError(_("An individual award needs a person (and no collective)."))
        return {"person": person, "unit": None, "household_name": ""}
    if unit is None or person is not None:
        raise ValidationError(_("A collective or household award needs a unit (and no person)."))
    if subject == Subject.HOUSEHOLD and not nfc(household_name):
        raise ValidationError(_("The household's name is required."))
    name = nfc(household_name) if subject == Subject.HOUSEHOLD else ""
    return {"person": None, "unit": unit, "household_name": name}


def _award_for_subject(code: str, year: int, subject: str) -> Award:
    award = selectors.award_for(code, year)
    if subject not in award.subjects:
        raise ValidationError(
            _("“%(award)s” is not given to this kind of subject (%(subject)s).")
            % {"award": award.name_vi, "subject": Subject(subject).label}
        )
    return award


@transaction.atomic
def commendation_record_historical(
    *,
    actor: Any,
    subject: str,
    award_code: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    household_name: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
) -> Commendation:
    """A commendation from before the system (paper decision), for the registry and for
    later eligibility."""
    fields = _subject_fields(subject, person, unit, household_name)
    if not perms.can_record_for(actor, _record_unit(person, unit)):
        raise _deny()
    _year(year)
    award = _award_for_subject(award_code, year, subject)
    obj = Commendation.objects.create(
        subject=subject,
        award=award,
        year=year,
        source=CommendationSource.HISTORICAL,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        decision_authority=nfc(decision_authority),
        **fields,
    )
    audit.record(
        actor=actor,
        action="commendation.record",
        obj=obj,
        after=audit.snapshot(obj),
        unit_id=getattr(_record_unit(person, unit), "pk", None),
    )
    return obj


@transaction.atomic
def commendation_revoke(
    *,
    actor: Any,
    commendation: Commendation,
    reason: str,
    revoking_decision: Decision | None = None,
    decision_number: str = "",
) -> Commendation:
    """Revoke (Law art. 93): the commendation is kept, marked revoked with its ground and the
    revoking decision, and no longer counts for eligibility.  Nothing is deleted."""
    person, decision = commendation.person, commendation.decision
    unit = person.unit if person is not None else commendation.unit
    authority = decision.authority_unit if decision is not None else unit
    if not (perms.is_admin(actor) or (authority and perms.is_office_over(actor, authority))):
        raise _deny()
    reason = nfc(reason)
    if not reason:
        raise ValidationError(_("The legal ground for the revocation is required."))
    if revoking_decision is None and not nfc(decision_number):
        raise ValidationError(_("The revoking decision (or its number) is required."))
    locked = Commendation.objects.select_for_update().get(pk=commendation.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This commendation is already revoked."))
    before = audit.snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.revoking_decision = revoking_decision
    locked.revoking_decision_number = nfc(decision_number) or (
        revoking_decision.reference if revoking_decision else ""
    )
    locked.save(
        update_fields=[
            "revoked_at",
            "revocation_reason",
            "revoking_decision",
            "revoking_decision_number",
        ]
    )
    audit.record(
        actor=actor,
        action="commendation.revoke",
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
        unit_id=getattr(unit, "pk", None),
    )
    return locked


# -- nominations -----------------------------------------------------------------------------

NOMINATION_FIELDS = ("achievements", "simplified")


def _jurisdiction(unit: Unit) -> Unit:
    ids = unit.ancestor_ids()
    return Unit.objects.get(pk=ids[0]) if ids else unit


@transaction.atomic
def nomination_create(
    *,
    actor: Any,
    subject: str,
    award_code: str,
    year: int,
    proposing_unit: Unit,
    person: Person | None = None,
    unit: Unit | None = None,
    household_name: str = "",
    awarding_unit: Unit | None = None,
    source: str = NominationSource.AD_HOC,
    evaluation: Any = None,
    pledge: Any = None,
    achievements: str = "",
    simplified: bool = False,
) -> Nomination:
    """A draft nomination by the proposing unit.  ``awarding_unit`` (whose office handles
    it) defaults to the province or ministry at the top of the proposing unit's tree."""
    if not perms.can_propose(actor, proposing_unit):
        raise _deny()
    fields = _subject_fields(subject, person, unit, household_name)
    _year(year)
    _choice(source, NominationSource, _("Source"))
    award = _award_for_subject(award_code, year, subject)
    subject_unit = person.unit if person is not None else unit
    if subject_unit is None or not subject_unit.is_descendant_of(proposing_unit):
        raise ValidationError(
            _("“%(unit)s” can only nominate people and collectives of its own units.")
            % {"unit": proposing_unit}
        )
    awarding = awarding_unit or _jurisdiction(proposing_unit)
    if not proposing_unit.is_descendant_of(awarding):
        raise ValidationError(_("The awarding level must be the proposing unit or above it."))
    if source == NominationSource.CAMPAIGN and evaluation is None:
        raise ValidationError(_("A nomination from a campaign needs the campaign evaluation."))
    if source == NominationSource.PLEDGE and pledge is None:
        raise ValidationError(_("A nomination from a title pledge needs the pledge."))
    duplicate = Nomination.objects.filter(award__code=award_code, year=year, **fields).exclude(
        state=NominationState.DECIDED, outcome=NominationOutcome.NOT_AWARDED
    )
    if duplicate.exists():
        raise ValidationError(
            _("This subject is already nominated for %(award)s in %(year)s.")
            % {"award": award.name_vi, "year": year}
        )
    nomination = Nomination.objects.create(
        subject=subject,
        award=award,
        year=year,
        proposing_unit=proposing_unit,
        awarding_unit=awarding,
        source=source,
        evaluation=evaluation,
        pledge=pledge,
        achievements=nfc(achievements),
        simplified=simplified,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    audit.record(
        actor=actor,
        action="nomination.create",
        obj=nomination,
        after=audit.snapshot(nomination),
        unit_id=proposing_unit.pk,
    )
    return nomination


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("award").get(pk=nomination.pk)


def _editable(actor: Any, nomination: Nomination) -> Nomination:
    if not perms.can_edit_nomination(actor, nomination):
        raise _deny()
    locked = _lock(nomination)
    if locked.state not in (NominationState.DRAFT, NominationState.RETURNED):
        raise ValidationError(_("Only a draft or returned nomination can be changed."))
    return locked


@transaction.atomic
def nomination_update(*, actor: Any, nomination: Nomination, **changes: Any) -> Nomination:
    locked = _editable(actor, nomination)
    unknown = set(changes) - set(NOMINATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    before = audit.snapshot(locked, NOMINATION_FIELDS)
    for name, value in changes.items():
        setattr(locked, name, nfc(value) if isinstance(value, str) else bool(value))
    locked.save()
    audit.record(
        actor=actor,
        action="nomination.update",
        obj=locked,
        before=before,
        after=audit.snapshot(locked, NOMINATION_FIELDS),
        unit_id=locked.proposing_unit_id,
    )
    return locked


@transaction.atomic
def nomination_attach(
    *, actor: Any, nomination: Nomination, kind: str, upload: Any
) -> NominationFile:
    """Attach a dossier file (tờ trình, báo cáo thành tích, biên bản bình xét, proof)."""
    locked = _editable(actor, nomination)
    _choice(kind, DossierKind, _("Kind of file"))
    name = nfc(str(getattr(upload, "name", "") or "dossier"))[-255:]
    if not getattr(upload, "size", 0):
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name})
    item = NominationFile(nomination=locked, kind=kind, name=name)
    item.file.save(name, upload, save=False)
    item.save()
    audit.record(
        actor=actor,
        action="nomination.attach",
        obj=locked,
        after={"file": item.name, "kind": kind},
        unit_id=locked.proposing_unit_id,
    )
    return item


def submit_problems(nomination: Nomination) -> list[str]:
    """What is missing from the dossier (Law arts. 84–85), in Vietnamese."""
    kinds = set(nomination.files.values_list("kind", flat=True))
    problems = []
    if DossierKind.SUBMISSION not in kinds:
        problems.append(str(_("The submission (tờ trình) is missing.")))
    if nomination.simplified:
        if DossierKind.REPORT not in kinds and not nomination.achievements.strip():
            problems.append(str(_("The simplified procedure needs a summary of achievements.")))
        return problems
    if DossierKind.REPORT not in kinds:
        problems.append(str(_("The achievement report is missing.")))
    if nomination.award.code in MINUTES_REQUIRED and DossierKind.MINUTES not in kinds:
        problems.append(str(_("The evaluation minutes with the ballot result are missing.")))
    return problems


@transaction.atomic
def nomination_submit(*, actor: Any, nomination: Nomination) -> Nomination:
    locked = _editable(actor, nomination)
    problems = submit_problems(locked)
    if problems:
        raise ValidationError(problems)
    before = {"state": locked.state}
    locked.state = NominationState.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.return_reason = ""
    locked.save(update_fields=["state", "submitted_at", "return_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="nomination.submit",
        obj=locked,
        before=before,
        after={"state": locked.state},
        unit_id=locked.proposing_unit_id,
    )
    return locked


def _handled(actor: Any, nomination: Nomination, to_state: str) -> Nomination:
    if not perms.can_handle_nomination(actor, nomination):
        raise _deny()
    locked = _lock(nomination)
    if not locked.can_move_to(to_state):
        raise ValidationError(
            _("A nomination that is “%(state)s” cannot become “%(to)s”.")
            % {
                "state": NominationState(locked.state).label,
                "to": NominationState(to_state).label,
            }
        )
    return locked


def _verdict(nomination: Nomination) -> dict[str, Any]:
    settings = selectors.settings_for_year(nomination.awarding_unit, nomination.year)
    loaded = evaluate_loaded([nomination_facts(nomination, settings=settings)], settings)[0]
    assert loaded.verdict is not None
    return loaded.verdict.to_dict()


@transaction.atomic
def nomination_check(*, actor: Any, nomination: Nomination) -> Nomination:
    """Run the rules on the records as they stand and store the verdict (with its reasons,
    rule set and catalog version) on the nomination; may be repeated at any later step."""
    if nomination.state == NominationState.COUNCIL:
        if not perms.can_handle_nomination(actor, nomination):
            raise _deny()
        locked = _lock(nomination)
    else:
        locked = _handled(actor, nomination, NominationState.CHECKED)
    before = {"state": locked.state, "eligible": locked.eligible}
    verdict = _verdict(locked)
    locked.verdict = verdict
    locked.verdict_rule_set = verdict["rule_set"]
    locked.verdict_catalog_version = CATALOG_VERSION
    locked.checked_at = timezone.now()
    if locked.state != NominationState.COUNCIL:
        locked.state = NominationState.CHECKED
    locked.save()
    audit.record(
        actor=actor,
        action="nomination.check",
        obj=locked,
        before=before,
        after={"state": locked.state, "eligible": verdict["eligible"], "route": verdict["route"]},
        unit_id=locked.awarding_unit_id,
    )
    return locked


@transaction.atomic
def nomination_return(*, actor: Any, nomination: Nomination, reason: str) -> Nomination:
    locked = _handled(actor, nomination, NominationState.RETURNED)
    reason = nfc(reason)
    if not reason:
        raise ValidationError(_("Say why the nomination is returned."))
    before = {"state": locked.state}
    locked.state = NominationState.RETURNED
    locked.return_reason = reason
    locked.save(update_fields=["state", "return_reason", "updated_at"])
    notifications.nomination_returned(nomination=locked, reason=reason)
    audit.record(
        actor=actor,
        action="nomination.return",
        obj=locked,
        before=before,
        after={"state": locked.state, "reason": reason},
        unit_id=locked.awarding_unit_id,
    )
    return locked


@transaction.atomic
def nomination_decline(*, actor: Any, nomination: Nomination, reason: str = "") -> Nomination:
    """Decide not to award (after the check or the council)."""
    locked = _handled(actor, nomination, NominationState.DECIDED)
    before = {"state": locked.state}
    locked.state = NominationState.DECIDED
    locked.outcome = NominationOutcome.NOT_AWARDED
    locked.return_reason = nfc(reason)
    locked.save(update_fields=["state", "outcome", "return_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="nomination.decline",
        obj=locked,
        before=before,
        after={"state": locked.state, "outcome": locked.outcome, "reason": locked.return_reason},
        unit_id=locked.awarding_unit_id,
    )
    return locked


def needs_ballot(award: Award) -> bool:
    return award.ballot_threshold is not None or award.ballot_from_settings


# -- council ---------------------------------------------------------------------------------


@transaction.atomic
def council_create(
    *, actor: Any, unit: Unit, name: str, members: Iterable[Mapping[str, Any]] = ()
) -> Council:
    """A council with its members: mappings with ``name``, ``role`` and optionally
    ``account`` and ``person``."""
    if not (perms.is_admin(actor) or perms.is_office_over(actor, unit)):
        raise _deny()
    name = nfc(name)
    if not name:
        raise ValidationError(_("The council's name is required."))
    council = Council.objects.create(unit=unit, name=name)
    for member in members:
        _member_add(council, member)
    audit.record(
        actor=actor,
        action="council.create",
        obj=council,
        after={**audit.snapshot(council), "members": council.members.count()},
        unit_id=unit.pk,
    )
    return council


def _member_add(council: Council, data: Mapping[str, Any]) -> CouncilMember:
    account, person = data.get("account"), data.get("person")
    label = nfc(str(data.get("name") or person or account or ""))
    if not label:
        raise ValidationError(_("Each council member needs a name."))
    role = _choice(data.get("role", MemberRole.MEMBER), MemberRole, _("Role"))
    return CouncilMember.objects.create(
        council=council, account=account, person=person, name=label, role=role
    )


@transaction.atomic
def council_member_add(
    *, actor: Any, council: Council, name: str = "", role: str = MemberRole.MEMBER, **more: Any
) -> CouncilMember:
    if not perms.can_manage_council(actor, council):
        raise _deny()
    member = _member_add(council, {"name": name, "role": role, **more})
    audit.record(
        actor=actor,
        action="council.member_add",
        obj=council,
        after={"member": member.name, "role": member.role},
        unit_id=council.unit_id,
    )
    return member


@transaction.atomic
def session_create(
    *,
    actor: Any,
    council: Council,
    date: dt.date,
    nominations: Sequence[Nomination],
    place: str = "",
) -> CouncilSession:
    """Plan a session with its agenda; the nominations go before the council."""
    if not perms.can_manage_council(actor, council):
        raise _deny()
    if not nominations:
        raise ValidationError(_("A session needs at least one nomination on its agenda."))
    session = CouncilSession.objects.create(council=council, date=date, place=nfc(place))
    for nomination in nominations:
        locked = _handled(actor, nomination, NominationState.COUNCIL)
        notice_problem = public_notice.council_problem(locked)
        if notice_problem:
            raise ValidationError(notice_problem)
        if not locked.awarding_unit.is_descendant_of(council.unit) and (
            locked.awarding_unit_id != council.unit_id
        ):
            raise ValidationError(
                _("“%(n)s” is not addressed to this council's level.") % {"n": locked}
            )
        locked.state = NominationState.COUNCIL
        locked.save(update_fields=["state", "updated_at"])
        AgendaItem.objects.create(session=session, nomination=locked)
    notifications.council_called(session=session, nominations=nominations)
    audit.record(
        actor=actor,
        action="session.create",
        obj=session,
        after={"date": date.isoformat(), "agenda": [n.pk for n in nominations]},
        unit_id=council.unit_id,
    )
    return session


def _lock_session(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().select_related("council").get(pk=session.pk)


def quorum_needed(members: int, quorum: Fraction) -> int:
    return math.ceil(members * quorum)


@transaction.atomic
def session_open(
    *, actor: Any, session: CouncilSession, present: Sequence[CouncilMember]
) -> CouncilSession:
    """Record who is present, check the quorum (policy, 2/3 of the whole council by
    default) and open ballot round 1."""
    locked = _lock_session(session)
    if not perms.can_manage_council(actor, locked.council):
        raise _deny()
    if locked.state != SessionState.PLANNED:
        raise ValidationError(_("The session is already open."))
    members = list(locked.council.members.filter(active=True))
    ids = {m.pk for m in members}
    present_ids = {m.pk for m in present}
    if not present_ids <= ids:
        raise ValidationError(_("Only active members of this council can be present."))
    policy = selectors.policy_for(locked.council.unit, locked.date)
    need = quorum_needed(len(members), policy.council_quorum)
    if len(present_ids) < need:
        raise ValidationError(
            _("No quorum: %(present)s of %(total)s members present, %(need)s needed.")
            % {"present": len(present_ids), "total": len(members), "need": need}
        )
    Attendance.objects.bulk_create(
        Attendance(session=locked, member_id=pk, present=pk in present_ids) for pk in sorted(ids)
    )
    locked.state = SessionState.VOTING
    locked.round = 1
    locked.members_total = len(members)
    locked.members_present = len(present_ids)
    locked.save()
    audit.record(
        actor=actor,
        action="session.open",
        obj=locked,
        after={"present": len(present_ids), "members": len(members), "round": 1},
        unit_id=locked.council.unit_id,
    )
    return locked


def _write_ballot(
    session: CouncilSession, member: CouncilMember, choices: Mapping[int, str], *, written: bool
) -> None:
    items = {
        a.nomination_id
        for a in AgendaItem.objects.filter(session=session, in_ballot=True, round=session.round)
    }
    if set(choices) != items:
        raise ValidationError(
            _("A ballot must give one choice for every nomination on the current ballot.")
        )
    for value in choices.values():
        _choice(value, BallotChoice, _("Choice"))
    try:
        with transaction.atomic():
            BallotParticipation.objects.create(
                session=session, member=member, round=session.round, written=written
            )
    except IntegrityError:
        raise ValidationError(_("This member has already voted in this round.")) from None
    votes = [
        BallotVote(session=session, round=session.round, nomination_id=pk, choice=choice)
        for pk, choice in choices.items()
    ]
    random.SystemRandom().shuffle(votes)
    BallotVote.objects.bulk_create(votes)


@transaction.atomic
def ballot_cast(
    *,
    actor: Any,
    session: CouncilSession,
    member: CouncilMember,
    choices: Mapping[int, str],
) -> None:
    """One member's secret ballot for the current round (``{nomination id: yes|no|abstain}``),
    cast from their own account or entered from the paper ballot by the secretary.

    Who voted and what was voted are written apart, with nothing linking them; NOT audited
    (see the module docstring).  A second ballot of the same member in the round is refused
    (unique constraint, also under concurrency)."""
    locked = _lock_session(session)
    if member.council_id != locked.council_id or not perms.can_cast_for(actor, member):
        raise _deny()
    if locked.state != SessionState.VOTING:
        raise ValidationError(_("The ballot is not open."))
    if not Attendance.objects.filter(session=locked, member=member, present=True).exists():
        raise ValidationError(_("Only members present at the session vote."))
    _write_ballot(locked, member, choices, written=False)


@transaction.atomic
def written_opinion_record(
    *,
    actor: Any,
    session: CouncilSession,
    member: CouncilMember,
    choices: Mapping[int, str],
) -> None:
    """The written opinion of an absent member, counted as a vote in round 1 when the
    jurisdiction's policy allows it; entered by the secretary."""
    locked = _lock_session(session)
    if not perms.is_secretary(actor, locked.council) and not perms.can_manage_council(
        actor, locked.council
    ):
        raise _deny()
    if member.council_id != locked.council_id:
        raise _deny()
    if not selectors.policy_for(locked.council.unit, locked.date).written_opinions_count:
        raise ValidationError(_("Written opinions are not counted as votes here."))
    if locked.state != SessionState.VOTING or locked.round != 1:
        raise ValidationError(_("Written opinions are entered during the first round only."))
    if Attendance.objects.filter(session=locked, member=member, present=True).exists():
        raise ValidationError(_("A member who is present votes in person."))
    _write_ballot(locked, member, choices, written=True)


def _threshold(nomination: Nomination, council_unit: Unit, day: dt.date) -> Fraction:
    settings = selectors.settings_for(council_unit, day)
    rule = rule_set_for_year(nomination.year).awards.get(nomination.award.code)
    figure = rule.threshold(settings) if rule is not None else None
    if figure is None:
        figure = selectors.policy_for(council_unit, day).default_ballot_threshold
    return Fraction(figure)


def _reshuffle(session: CouncilSession) -> list[tuple[int, str]]:
    """Rewrite the round's votes in a new random order with new keys, in one statement, so
    that neither the physical order of rows nor PostgreSQL's per-row transaction id can be
    lined up with the order in which members voted."""
    rows = list(
        BallotVote.objects.filter(session=session, round=session.round).values_list(
            "nomination_id", "choice"
        )
    )
    BallotVote.objects.filter(session=session, round=session.round).delete()
    random.SystemRandom().shuffle(rows)
    BallotVote.objects.bulk_create(
        BallotVote(session=session, round=session.round, nomination_id=pk, choice=c)
        for pk, c in rows
    )
    return rows


@transaction.atomic
def round_close(*, actor: Any, session: CouncilSession) -> list[AgendaItem]:
    """Close the current round and count it: approval = agree votes over the WHOLE
    membership of the council, against the award's threshold (catalog or settings)."""
    locked = _lock_session(session)
    if not perms.can_manage_council(actor, locked.council):
        raise _deny()
    if locked.state != SessionState.VOTING:
        raise ValidationError(_("There is no open ballot round to close."))
    rows = _reshuffle(locked)
    counts: dict[tuple[int, str], int] = {}
    for pk, choice in rows:
        counts[(pk, choice)] = counts.get((pk, choice), 0) + 1
    total = locked.members_total
    items = list(
        AgendaItem.objects.filter(session=locked, in_ballot=True, round=locked.round)
        .select_related("nomination__award")
        .order_by("id")
    )
    for item in items:
        threshold = _threshold(item.nomination, locked.council.unit, locked.date)
        item.yes = counts.get((item.nomination_id, BallotChoice.YES), 0)
        item.no = counts.get((item.nomination_id, BallotChoice.NO), 0)
        item.abstain = counts.get((item.nomination_id, BallotChoice.ABSTAIN), 0)
        item.threshold = Decimal(threshold.numerator) / Decimal(threshold.denominator)
        item.passed = total > 0 and Fraction(item.yes, total) >= threshold
        item.save()
    locked.state = SessionState.COUNTED
    locked.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="session.round_close",
        obj=locked,
        after={
            "round": locked.round,
            "ballots": BallotParticipation.objects.filter(
                session=locked, round=locked.round
            ).count(),
            "results": {str(i.nomination_id): [i.yes, i.no, i.abstain, i.passed] for i in items},
        },
        unit_id=locked.council.unit_id,
    )
    return items


@transaction.atomic
def round_next(*, actor: Any, session: CouncilSession) -> CouncilSession:
    """Open another round for the nominations that did not pass (at most the policy's
    number of rounds, 2 by default)."""
    locked = _lock_session(session)
    if not perms.can_manage_council(actor, locked.council):
        raise _deny()
    if locked.state != SessionState.COUNTED:
        raise ValidationError(_("Count the current round first."))
    policy = selectors.policy_for(locked.council.unit, locked.date)
    if locked.round >= policy.ballot_max_rounds:
        raise ValidationError(
            _("At most %(n)s ballot rounds are held.") % {"n": policy.ballot_max_rounds}
        )
    failed = AgendaItem.objects.filter(session=locked, round=locked.round, passed=False)
    if not failed.exists():
        raise ValidationError(_("Every nomination passed; there is nothing to vote again."))
    AgendaItem.objects.filter(session=locked).exclude(pk__in=failed.values("pk")).update(
        in_ballot=False
    )
    locked.round += 1
    failed.update(round=locked.round, yes=None, no=None, abstain=None, passed=None)
    locked.state = SessionState.VOTING
    locked.save(update_fields=["round", "state"])
    audit.record(
        actor=actor,
        action="session.round_open",
        obj=locked,
        after={"round": locked.round},
        unit_id=locked.council.unit_id,
    )
    return locked


@transaction.atomic
def session_close(*, actor: Any, session: CouncilSession) -> CouncilSession:
    """Close the session: each nomination on the agenda passed or failed the council."""
    locked = _lock_session(session)
    if not perms.can_manage_council(actor, locked.council):
        raise _deny()
    if locked.state != SessionState.COUNTED:
        raise ValidationError(_("Count the current round before closing the session."))
    for item in AgendaItem.objects.filter(session=locked).select_related("nomination"):
        Nomination.objects.filter(pk=item.nomination_id).update(
            council_passed=bool(item.passed), updated_at=timezone.now()
        )
    locked.state = SessionState.CLOSED
    locked.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="session.close",
        obj=locked,
        after={"state": locked.state},
        unit_id=locked.council.unit_id,
    )
    return locked


# -- decisions -------------------------------------------------------------------------------


DECISION_FIELDS = (
    "authority_name",
    "parent_authority",
    "symbol",
    "place",
    "title",
    "bases",
    "recipients",
    "signer_name",
    "signer_title",
)


def decidable_problem(nomination: Nomination) -> str | None:
    """Why a nomination cannot go into a decision yet (None when it can)."""
    if nomination.state == NominationState.COUNCIL:
        if nomination.council_passed is not True:
            return str(_("“%(n)s” has not passed the council.") % {"n": nomination})
        return None
    if nomination.state == NominationState.CHECKED:
        if needs_ballot(nomination.award) and not nomination.simplified:
            return str(_("“%(n)s” needs the council's secret ballot.") % {"n": nomination})
        return None
    return str(
        _("“%(n)s” is “%(state)s” and cannot be decided.")
        % {"n": nomination, "state": NominationState(nomination.state).label}
    )


def _nfc_lines(text: str) -> str:
    """``nfc`` per line, keeping the line breaks (bases and recipients are one per line)."""
    return "\n".join(line for line in (nfc(part) for part in text.splitlines()) if line)


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    authority_unit: Unit,
    year: int,
    title: str,
    place: str,
    authority_name: str,
    nominations: Sequence[Nomination] = (),
    parent_authority: str = "",
    symbol: str = "QĐ-UBND",
    bases: str = "",
    recipients: str = "",
    signer: Any = None,
    signer_name: str = "",
    signer_title: str = "",
) -> Decision:
    """A draft decision awarding the given nominations (checked or passed by the council)."""
    if not perms.can_prepare_decision(actor, authority_unit):
        raise _deny()
    _year(year)
    if signer is not None and signer.role not in (Role.LEADER, Role.ADMIN):
        raise ValidationError(_("The signer must be a leader's account."))
    decision = Decision.objects.create(
        authority_unit=authority_unit,
        authority_name=nfc(authority_name),
        parent_authority=nfc(parent_authority),
        symbol=nfc(symbol),
        year=year,
        place=nfc(place),
        title=nfc(title),
        bases=_nfc_lines(bases),
        recipients=_nfc_lines(recipients),
        signer=signer,
        signer_name=nfc(signer_name or (signer.full_name if signer else "")),
        signer_title=nfc(signer_title),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for nomination in nominations:
        decision_add(actor=actor, decision=decision, nomination=nomination)
    audit.record(
        actor=actor,
        action="decision.create",
        obj=decision,
        after=audit.snapshot(decision),
        unit_id=authority_unit.pk,
    )
    return decision


@transaction.atomic
def decision_add(*, actor: Any, decision: Decision, nomination: Nomination) -> Nomination:
    if not perms.can_prepare_decision(actor, decision.authority_unit):
        raise _deny()
    if decision.state != DecisionState.DRAFT:
        raise ValidationError(_("An issued decision cannot be changed."))
    locked = _lock(nomination)
    if not locked.awarding_unit.is_descendant_of(decision.authority_unit):
        raise ValidationError(_("“%(n)s” is not for this authority.") % {"n": locked})
    problem = decidable_problem(locked)
    if problem:
        raise ValidationError(problem)
    if locked.decision_id not in (None, decision.pk):
        raise ValidationError(_("“%(n)s” is already in another decision.") % {"n": locked})
    locked.decision = decision
    locked.save(update_fields=["decision", "updated_at"])
    audit.record(
        actor=actor,
        action="decision.add",
        obj=decision,
        after={"nomination": locked.pk},
        unit_id=decision.authority_unit_id,
    )
    return locked


def _cash(nomination: Nomination, settings: Settings) -> int | None:
    rule = rule_set_for_year(nomination.year).awards.get(nomination.award.code)
    return rule.cash_vnd(nomination.subject, settings) if rule is not None else None


def _already_paid(nomination: Nomination) -> int:
    """Cash already paid for titles of the same year to the same subject (highest-only)."""
    subject = {
        "person_id": nomination.person_id,
        "unit_id": nomination.unit_id,
        "household_name": nomination.household_name,
    }
    total = Commendation.objects.filter(
        year=nomination.year, award__kind=AwardKind.TITLE, revoked_at__isnull=True, **subject
    ).aggregate(s=Sum("cash_paid_vnd"))["s"]
    return int(total or 0)


@transaction.atomic
def decision_issue(
    *,
    actor: Any,
    decision: Decision,
    date: dt.date,
    number: int | None = None,
    render: bool = True,
) -> Decision:
    """Issue the decision: number it (next free number of the authority for the year unless
    given), re-check each nomination, create the commendations in the registry with their
    cash (multiple × base salary, rounded up to 10,000 VND; for titles of the same year only
    the highest is paid: a lower one is paid nothing, a higher one the difference), tie the
    initiatives the verdict used (each once), and render the Word file."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if not perms.can_sign_decision(actor, locked):
        raise _deny()
    if locked.state != DecisionState.DRAFT:
        raise ValidationError(_("The decision is already issued."))
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(decision=locked)
        .select_related("award", "person", "unit", "awarding_unit")
    )
    if not nominations:
        raise ValidationError(_("The decision awards nobody yet."))
    problems = [p for p in (decidable_problem(n) for n in nominations) if p]
    if problems:
        raise ValidationError(problems)
    # Number per authority and year: lock the authority's decisions of the year.
    taken = Decision.objects.select_for_update().filter(
        authority_unit=locked.authority_unit, year=locked.year, symbol=locked.symbol
    )
    if number is None:
        number = (taken.aggregate(m=Max("number"))["m"] or 0) + 1
    elif taken.filter(number=number).exclude(pk=locked.pk).exists():
        raise ValidationError(
            _("Number %(n)s/%(s)s is already used in %(y)s.")
            % {"n": number, "s": locked.symbol, "y": locked.year}
        )
    settings = selectors.settings_for(locked.authority_unit, date)
    # Highest award first, so that a lower title of the same year is the one left unpaid.
    nominations.sort(key=lambda n: -(_cash(n, settings) or 0))
    for nomination in nominations:
        loaded = evaluate_loaded([nomination_facts(nomination, settings=settings)], settings)[0]
        assert loaded.verdict is not None
        nomination.verdict = loaded.verdict.to_dict()
        nomination.verdict_rule_set = loaded.verdict.rule_set
        nomination.verdict_catalog_version = CATALOG_VERSION
        nomination.checked_at = timezone.now()
        amount = _cash(nomination, settings)
        paid = amount
        if amount is not None and nomination.award.kind == AwardKind.TITLE:
            paid = max(0, amount - _already_paid(nomination))
        commendation = Commendation.objects.create(
            subject=nomination.subject,
            person=nomination.person,
            unit=nomination.unit,
            household_name=nomination.household_name,
            award=nomination.award,
            year=nomination.year,
            source=CommendationSource.DECISION,
            decision=locked,
            nomination=nomination,
            decision_number=f"{number}/{locked.symbol}",
            decision_date=date,
            decision_authority=locked.authority_name,
            cash_vnd=amount,
            cash_paid_vnd=paid,
        )
        for pk in loaded.used_initiative_ids():
            initiative = Initiative.objects.select_for_update().get(pk=pk)
            if initiative.used_for_id is not None:
                raise ValidationError(
                    _("The initiative “%(title)s” was already used for another award.")
                    % {"title": initiative.title}
                )
            initiative.used_for = commendation
            initiative.save(update_fields=["used_for"])
        nomination.state = NominationState.DECIDED
        nomination.outcome = NominationOutcome.AWARDED
        nomination.save()
    locked.number = number
    locked.date = date
    locked.state = DecisionState.ISSUED
    locked.save()
    if render:
        from thidua.awards.documents import decision_docx

        content = decision_docx(locked)
        locked.file.save(f"QD-{number}-{locked.year}.docx", ContentFile(content), save=True)
    notifications.decision_issued(decision=locked, nominations=nominations)
    audit.record(
        actor=actor,
        action="decision.issue",
        obj=locked,
        after={
            "number": locked.reference,
            "date": date.isoformat(),
            "nominations": [n.pk for n in nominations],
        },
        unit_id=locked.authority_unit_id,
    )
    return locked
