"""Commendation: the award catalog as data, the records the rules read, nominations, the
council and its secret ballot, decisions and the commendation registry.

Models hold data and small state checks only.  Every change goes through
``thidua.awards.services``; reads scoped to an account are in ``selectors``; the facts the
pure rules engine needs are loaded by ``facts_loader``; Word files by ``documents``.

The ballot (``BallotParticipation`` / ``BallotVote``) is anonymous by construction: see the
docstrings there and docs/commendation.md.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.text import fold, nfc


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


def subject_fits() -> Q:
    """A subject is a person (individual), or a unit (collective; household: the unit where
    the household lives, with its name): the constraint shared by nominations and the
    registry."""
    return (
        Q(subject="individual", person__isnull=False, unit__isnull=True)
        | Q(subject="collective", person__isnull=True, unit__isnull=False)
        | Q(subject="household", person__isnull=True, unit__isnull=False)
    )


class SubjectLabel:
    """``subject_label`` of a row with ``person``, ``unit`` and ``household_name``."""

    person_id: int | None
    household_name: str

    @property
    def subject_label(self) -> str:
        if self.person_id:
            return str(self.person)  # type: ignore[attr-defined]
        if self.household_name:
            return self.household_name
        return str(self.unit)  # type: ignore[attr-defined]


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")
    COMMENDATION = "commendation", _("Commendation")


class Rating(models.TextChoices):
    HTXS = "HTXS", _("Excellently completed tasks")
    HTT = "HTT", _("Well completed tasks")
    HT = "HT", _("Completed tasks")
    KHT = "KHT", _("Did not complete tasks")


class DisciplineLevel(models.TextChoices):
    KHIEN_TRACH = "khien_trach", _("Reprimand")
    CANH_CAO = "canh_cao", _("Warning")
    HA_BAC = "ha_bac", _("Salary downgrade")
    GIANG_CHUC = "giang_chuc", _("Demotion")
    CACH_CHUC = "cach_chuc", _("Removal from office")
    BAI_NHIEM = "bai_nhiem", _("Dismissal from elected office")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Forced resignation")


class InitiativeLevel(models.TextChoices):
    CO_SO = "co_so", _("Grassroots level")
    BO_TINH = "bo_tinh", _("Ministry or province level")
    TOAN_QUOC = "toan_quoc", _("National level")


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    PROJECT = "project", _("Science project")


# -- catalog ---------------------------------------------------------------------------------


class Award(models.Model):
    """One award as one rule set defines it (a row per rule set and code).

    Loaded from the pure catalog ``thidua.awards.rules.catalog`` by a data migration (the
    single source of truth); ``awards.services.catalog_sync`` brings the table up to date when
    the catalog changes.  ``subjects`` and ``cash_multiples`` are per subject because one award
    (e.g. BK_BT) is given to individuals, collectives and households."""

    rule_set = models.CharField(_("rule set"), max_length=20)
    code = models.CharField(_("code"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=AwardKind.choices)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    subjects = models.JSONField(_("subjects"), default=list)
    authority_vi = models.CharField(_("awarded by"), max_length=255)
    authority_en = models.CharField(_("awarded by (English)"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    basis_confirmed = models.BooleanField(_("legal basis confirmed"), default=True)
    summary_vi = models.TextField(_("criteria summary"), blank=True)
    # Approval in the secret ballot as a fraction of the WHOLE council; null = none fixed
    # (either the award needs no ballot threshold or it is read from the settings).
    ballot_threshold = models.DecimalField(
        _("ballot threshold"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    ballot_from_settings = models.BooleanField(_("ballot threshold from settings"), default=False)
    cash_multiples = models.JSONField(_("cash multiples of the base salary"), default=dict)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering: ClassVar = ["code", "effective_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="award_code_per_rule_set")
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"

    def covers_year(self, year: int) -> bool:
        import datetime as dt

        day = dt.date(year, 12, 31)
        starts = self.effective_from is None or self.effective_from <= day
        return starts and (self.effective_to is None or day <= self.effective_to)


class JurisdictionSetting(models.Model):
    """A province's or ministry's own figure, overriding the engine's ``Settings`` default
    (or a domain policy such as the council quorum) from a date.

    ``key`` names a field of ``thidua.awards.rules.Settings`` or a policy of
    ``awards.selectors.Policy``; with ``award_code`` set, ``ballot_threshold`` overrides the
    threshold of that award only.  ``value`` is JSON (a number, "7/10", "70%", true…)."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="award_settings",
    )
    award_code = models.CharField(_("award code"), max_length=16, blank=True)
    key = models.CharField(_("setting"), max_length=64)
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.CharField(_("note / legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("jurisdiction setting")
        verbose_name_plural = _("jurisdiction settings")
        ordering: ClassVar = ["unit", "key", "effective_from"]
        indexes: ClassVar = [models.Index(fields=["unit", "key"])]

    def __str__(self) -> str:
        scope = f"{self.award_code}." if self.award_code else ""
        return f"{self.unit_id}: {scope}{self.key} = {self.value}"


# -- records the rules read ------------------------------------------------------------------


class TaskRating(models.Model):
    """A yearly task rating (xếp loại mức độ hoàn thành nhiệm vụ) of a person or a collective."""

    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_ratings",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_ratings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=4, choices=Rating.choices)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("task rating")
        verbose_name_plural = _("task ratings")
        ordering: ClassVar = ["-year", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="rating_person_xor_unit",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="rating_once_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="rating_once_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id or self.unit_id} {self.year}: {self.rating}"


class Discipline(models.Model):
    """A discipline (kỷ luật) of a person over a period; ``end`` empty while it runs."""

    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="disciplines",
    )
    level = models.CharField(_("level"), max_length=16, choices=DisciplineLevel.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering: ClassVar = ["-start", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="discipline_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person", "level", "start"], name="discipline_once_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level} {self.start}"


class Initiative(models.Model):
    """An initiative or a science project recognised as effective at some level.

    It may serve one award only: ``used_for`` points to the commendation it served, set by
    ``services.initiative_use`` under a row lock."""

    title = models.CharField(_("title"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    authors = models.ManyToManyField(
        "org.Person", verbose_name=_("authors"), related_name="initiatives"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    level = models.CharField(_("recognised level"), max_length=12, choices=InitiativeLevel.choices)
    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    year = models.PositiveSmallIntegerField(_("year recognised"))
    decision_number = models.CharField(_("recognising decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("recognising decision date"), null=True, blank=True)
    used_for = models.ForeignKey(
        "Commendation",
        verbose_name=_("used for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives_used",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering: ClassVar = ["-year", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "year", "title_folded"], name="initiative_once_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title = nfc(self.title)
        self.title_folded = fold(self.title)[:500]
        super().save(*args, **kwargs)


class CommendationSource(models.TextChoices):
    HISTORICAL = "historical", _("Historical record")
    DECISION = "decision", _("Decision in the system")


class Commendation(SubjectLabel, models.Model):
    """The registry: one award given to one person, collective or household.

    Never deleted: a revocation (Law art. 93) fills ``revoked_at``, the reason and the
    revoking decision, and the commendation stops counting for later eligibility."""

    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective / household's unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    household_name = models.CharField(_("household"), max_length=255, blank=True)
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="commendations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=CommendationSource.choices)
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    nomination = models.OneToOneField(
        "Nomination",
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation",
    )
    # For records from before the system: the decision as written on paper.
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("issued by"), max_length=255, blank=True)
    cash_vnd = models.PositiveBigIntegerField(_("cash amount (VND)"), null=True, blank=True)
    cash_paid_vnd = models.PositiveBigIntegerField(_("cash paid (VND)"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoking_decision = models.ForeignKey(
        "Decision",
        verbose_name=_("revoking decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    revoking_decision_number = models.CharField(
        _("revoking decision number"), max_length=64, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering: ClassVar = ["-year", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=subject_fits(), name="commendation_subject_fits")
        ]
        indexes: ClassVar = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.award.code} {self.year}: {self.subject_label}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


# -- nominations -----------------------------------------------------------------------------


class NominationSource(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign evaluation")
    PLEDGE = "pledge", _("Title pledge")
    AD_HOC = "ad_hoc", _("Ad hoc")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHECKED = "checked", _("Checked")
    RETURNED = "returned", _("Returned as incomplete")
    COUNCIL = "council", _("Before the council")
    DECIDED = "decided", _("Decided")


class NominationOutcome(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


NOMINATION_TRANSITIONS: dict[str, frozenset[str]] = {
    NominationState.DRAFT: frozenset({NominationState.SUBMITTED}),
    NominationState.SUBMITTED: frozenset({NominationState.CHECKED, NominationState.RETURNED}),
    NominationState.CHECKED: frozenset(
        {
            NominationState.CHECKED,
            NominationState.RETURNED,
            NominationState.COUNCIL,
            NominationState.DECIDED,
        }
    ),
    NominationState.RETURNED: frozenset({NominationState.SUBMITTED}),
    NominationState.COUNCIL: frozenset({NominationState.COUNCIL, NominationState.DECIDED}),
    NominationState.DECIDED: frozenset(),
}


class Nomination(SubjectLabel, models.Model):
    """A proposal (đề nghị khen thưởng) of one subject for one award for one year."""

    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective / household's unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    household_name = models.CharField(_("household"), max_length=255, blank=True)
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    proposing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="award_nominations_made",
    )
    awarding_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("awarding level"),
        on_delete=models.PROTECT,
        related_name="award_nominations_received",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=NominationSource.choices, default="ad_hoc"
    )
    evaluation = models.ForeignKey(
        "campaigns.Evaluation",
        verbose_name=_("campaign evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pledge = models.ForeignKey(
        "campaigns.TitlePledge",
        verbose_name=_("title pledge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievements = models.TextField(_("summary of achievements"), blank=True)
    simplified = models.BooleanField(_("simplified procedure (Law art. 85)"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=NominationState.choices, default="draft"
    )
    verdict = models.JSONField(_("verdict of the rules"), null=True, blank=True)
    verdict_rule_set = models.CharField(_("rule set"), max_length=20, blank=True)
    verdict_catalog_version = models.CharField(_("catalog version"), max_length=20, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    council_passed = models.BooleanField(_("passed the council"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=NominationOutcome.choices, blank=True
    )
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering: ClassVar = ["-year", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=subject_fits(), name="nomination_subject_fits")
        ]
        indexes: ClassVar = [
            models.Index(fields=["awarding_unit", "state"]),
            models.Index(fields=["proposing_unit", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.award.code} {self.year}: {self.subject_label}"

    def can_move_to(self, state: str) -> bool:
        return state in NOMINATION_TRANSITIONS.get(self.state, frozenset())

    @property
    def eligible(self) -> bool | None:
        return None if self.verdict is None else bool(self.verdict.get("eligible"))


class DossierKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission (tờ trình)")
    REPORT = "report", _("Achievement report")
    MINUTES = "minutes", _("Evaluation minutes")
    PROOF = "proof", _("Proof (initiative, rating)")
    OTHER = "other", _("Other")


class NominationFile(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=DossierKind.choices)
    file = models.FileField(_("file"), upload_to="awards/dossiers/%Y/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering: ClassVar = ["nomination", "kind", "id"]

    def __str__(self) -> str:
        return self.name


# -- council and secret ballot ---------------------------------------------------------------


class Council(models.Model):
    """An emulation and commendation council (Hội đồng Thi đua – Khen thưởng) of a unit."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="councils"
    )
    name = models.CharField(_("name"), max_length=255)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering: ClassVar = ["unit", "name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE = "vice", _("Vice chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default="member")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering: ClassVar = ["council", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "account"],
                condition=Q(account__isnull=False),
                name="council_member_account_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    VOTING = "voting", _("Voting")
    COUNTED = "counted", _("Round counted")
    CLOSED = "closed", _("Closed")


class CouncilSession(models.Model):
    """A meeting of the council. ``round`` is the current ballot round (at most the policy's
    maximum, 2 by default); ``state`` says whether it is open for votes or counted."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default="planned"
    )
    round = models.PositiveSmallIntegerField(_("ballot round"), default=0)
    members_total = models.PositiveSmallIntegerField(_("members of the council"), default=0)
    members_present = models.PositiveSmallIntegerField(_("members present"), default=0)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering: ClassVar = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.council} {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    """Who was present at a session, or absent with a written opinion."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"


class AgendaItem(models.Model):
    """A nomination on a session's agenda, with the counted result of its last round."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="agenda")
    round = models.PositiveSmallIntegerField(_("last round voted"), default=1)
    in_ballot = models.BooleanField(_("on the current ballot"), default=True)
    yes = models.PositiveSmallIntegerField(_("agree"), null=True, blank=True)
    no = models.PositiveSmallIntegerField(_("disagree"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    threshold = models.DecimalField(
        _("threshold"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering: ClassVar = ["session", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.nomination_id}"


class BallotParticipation(models.Model):
    """WHO voted, in which round — to refuse a second ballot.  Never WHAT they voted.

    Random UUID key (no sequence to line up with the votes), no timestamp."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    written = models.BooleanField(_("written opinion of an absent member"), default=False)

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "round", "member"], name="ballot_one_per_member_round"
            )
        ]

    def __str__(self) -> str:
        return str(_("Ballot participation"))


class BallotChoice(models.TextChoices):
    YES = "yes", _("Agree")
    NO = "no", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class BallotVote(models.Model):
    """WHAT was voted, with nothing that says who voted it: no member, no account, no time,
    a random UUID key, rows written in a shuffled order and rewritten in a new random order
    when the round is counted (so that neither insertion order nor PostgreSQL's per-row
    transaction id can be lined up with ``BallotParticipation``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=BallotChoice.choices)

    class Meta:
        verbose_name = _("ballot vote")
        verbose_name_plural = _("ballot votes")
        indexes: ClassVar = [models.Index(fields=["session", "round", "nomination"])]

    def __str__(self) -> str:
        return str(_("Ballot vote"))


# -- decisions -------------------------------------------------------------------------------


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng), numbered per authority and year."""

    authority_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    authority_name = models.CharField(_("authority as printed"), max_length=255)
    parent_authority = models.CharField(_("superior body as printed"), max_length=255, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, default="QĐ-UBND")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=80)
    title = models.CharField(_("about"), max_length=500)
    bases = models.TextField(_("legal bases (one per line)"), blank=True)
    recipients = models.TextField(_("recipients (one per line)"), blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signer's name"), max_length=160, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=160, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=DecisionState.choices, default="draft"
    )
    revokes = models.BooleanField(_("revocation decision"), default=False)
    file = models.FileField(_("Word file"), upload_to="awards/decisions/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering: ClassVar = ["-year", "-number", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["authority_unit", "year", "symbol", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.reference or str(_("Draft decision"))

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else ""


# Public notice of nominations lives in its own module; imported here so Django registers it.
from thidua.awards.models_notice import (  # noqa: E402, F401
    CommentStatus,
    NoticeComment,
    PublicNotice,
)
