"""Emulation campaigns: launch, standards (criteria sets), registration, progress, evaluation.

Models hold data and small state checks only.  Every change goes through
``thidua.campaigns.services``; reads scoped to an account are in ``selectors``; the pure
arithmetic (attainment, roll-up, trend, classes, ranking) is in ``scoring``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.text import fold, nfc

# -- standing movements and campaigns ------------------------------------------------------


class Movement(models.Model):
    """A standing emulation movement (phong trào thi đua thường xuyên) campaigns link to."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class CampaignForm(models.TextChoices):
    REGULAR = "regular", _("Regular emulation")
    THEMATIC = "thematic", _("Thematic emulation")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    INTERIM_REVIEW = "interim_review", _("Interim review")
    FINAL_REVIEW = "final_review", _("Final review")
    CLOSED = "closed", _("Closed")


# Allowed moves of a campaign.  Interim review may be skipped (short thematic campaigns).
CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignState.DRAFT: frozenset({CampaignState.LAUNCHED}),
    CampaignState.LAUNCHED: frozenset({CampaignState.INTERIM_REVIEW, CampaignState.FINAL_REVIEW}),
    CampaignState.INTERIM_REVIEW: frozenset({CampaignState.FINAL_REVIEW}),
    CampaignState.FINAL_REVIEW: frozenset({CampaignState.CLOSED}),
    CampaignState.CLOSED: frozenset(),
}

# States in which units register and report.
OPEN_STATES = frozenset(
    {CampaignState.LAUNCHED, CampaignState.INTERIM_REVIEW, CampaignState.FINAL_REVIEW}
)

DEFAULT_THRESHOLD_HTXS = Decimal("1.0000")
DEFAULT_THRESHOLD_HTT = Decimal("0.9000")
DEFAULT_THRESHOLD_HT = Decimal("0.7000")


def campaign_search_key(name: str, code: str) -> str:
    """What the campaign list searches: name and code, lower case, without diacritics."""
    return fold(f"{nfc(name)} {nfc(code)}")


class Campaign(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    form = models.CharField(
        _("form"), max_length=16, choices=CampaignForm.choices, default=CampaignForm.THEMATIC
    )
    name = models.CharField(_("name"), max_length=500)
    # Search key: fold(name + " " + code), kept in step by save(); searched with contains.
    name_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")
    issuing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="issued_campaigns",
    )
    document_number = models.CharField(_("launching document number"), max_length=64, blank=True)
    document_date = models.DateField(_("launching document date"), null=True, blank=True)
    document_signer = models.CharField(_("signed by"), max_length=160, blank=True)
    plan_file = models.FileField(
        _("plan file"), upload_to="campaigns/plans/%Y/", blank=True, max_length=255
    )
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    contents = models.TextField(_("contents"), blank=True)
    occasions = models.TextField(_("occasions celebrated"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    min_key_works = models.PositiveSmallIntegerField(_("minimum key works per unit"), default=1)
    max_key_works = models.PositiveSmallIntegerField(_("maximum key works per unit"), default=2)
    movements = models.ManyToManyField(
        Movement, verbose_name=_("linked movements"), blank=True, related_name="campaigns"
    )
    threshold_htxs = models.DecimalField(
        _("threshold for excellent completion"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_THRESHOLD_HTXS,
    )
    threshold_htt = models.DecimalField(
        _("threshold for good completion"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_THRESHOLD_HTT,
    )
    threshold_ht = models.DecimalField(
        _("threshold for completion"), max_digits=6, decimal_places=4, default=DEFAULT_THRESHOLD_HT
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emulation campaign")
        verbose_name_plural = _("emulation campaigns")
        ordering: ClassVar = ["-start_date", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(min_key_works__lte=models.F("max_key_works")),
                name="campaign_key_works_range",
            ),
            models.CheckConstraint(
                condition=Q(threshold_ht__lte=models.F("threshold_htt"))
                & Q(threshold_htt__lte=models.F("threshold_htxs")),
                name="campaign_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(start_date__isnull=True)
                | Q(deadline__gte=models.F("start_date")),
                name="campaign_dates_ordered",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["issuing_unit", "state"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.code = nfc(self.code)
        self.name_folded = campaign_search_key(self.name, self.code)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def can_move_to(self, state: str) -> bool:
        return state in CAMPAIGN_TRANSITIONS.get(self.state, frozenset())

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def thresholds(self) -> tuple[float, float, float]:
        return (float(self.threshold_htxs), float(self.threshold_htt), float(self.threshold_ht))


class CampaignParticipant(models.Model):
    """A unit taking part, alone or with its whole subtree (optionally only ``levels`` deep)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    include_subtree = models.BooleanField(_("with the units under it"), default=False)
    levels = models.PositiveSmallIntegerField(
        _("levels below"),
        null=True,
        blank=True,
        help_text=_("How many levels below the unit take part; empty for all."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"


class NotificationKind(models.TextChoices):
    LAUNCHED = "launched", _("Campaign launched")
    STATE_CHANGED = "state_changed", _("Campaign stage changed")
    REMIND_REGISTER = "remind_register", _("Reminder to register")
    REMIND_REPORT = "remind_report", _("Reminder to report progress")
    RETURNED = "returned", _("Registration returned")
    APPROVED = "approved", _("Registration approved")


class Notification(models.Model):
    """The record of a message the campaign sent to a unit (launch, stage, reminder, return,
    approval).  What each account reads is its own inbox (``thidua.notifications``)."""

    recipient = models.ForeignKey(
        "org.Unit",
        verbose_name=_("recipient unit"),
        on_delete=models.CASCADE,
        related_name="campaign_notifications",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


# -- standards -------------------------------------------------------------------------------


class CriteriaSet(models.Model):
    """A versioned set of criteria a unit must all meet to reach a standard (e.g. the national
    new-rural commune set 2021–2025).  Data, not code: a new version is added in the admin."""

    code = models.CharField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    unit_kinds = models.JSONField(
        _("unit kinds it applies to"),
        default=list,
        blank=True,
        help_text=_('Codes of unit kinds, e.g. ["commune"]; empty for every kind.'),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering: ClassVar = ["code", "-valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "version"], name="criteria_set_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    group = models.CharField(_("group"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering: ClassVar = ["criteria_set", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_number_once"
            ),
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class CriterionAssessment(models.Model):
    """One assessment of one unit against one criterion.  Never changed: a new assessment is a
    new row, and the current state is the latest row on or before a date."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="assessments"
    )
    met = models.BooleanField(_("met"))
    assessed_on = models.DateField(_("assessed on"))
    evidence = models.FileField(
        _("evidence"), upload_to="campaigns/assessments/%Y/", blank=True, max_length=255
    )
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        ordering: ClassVar = ["unit", "criterion", "-assessed_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["criterion", "unit", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.criterion_id} {self.assessed_on}: {self.met}"


# -- registration --------------------------------------------------------------------------


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class Registration(models.Model):
    """What one participating unit commits to in one campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="registrations"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.DRAFT,
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering: ClassVar = ["campaign", "unit__path"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"

    @property
    def is_editable(self) -> bool:
        return self.state in (RegistrationState.DRAFT, RegistrationState.RETURNED)

    def can_submit(self) -> bool:
        return self.is_editable

    def can_decide(self) -> bool:
        return self.state == RegistrationState.SUBMITTED

    def can_report(self) -> bool:
        return self.state == RegistrationState.APPROVED


class TargetKind(models.TextChoices):
    VALUE = "value", _("Measured value")
    STANDARD_COUNT = "standard_count", _("Units meeting a standard")


class Direction(models.TextChoices):
    MORE_IS_BETTER = "more_is_better", _("More is better")
    LESS_IS_BETTER = "less_is_better", _("Less is better")


class Target(models.Model):
    """A measurable commitment.  For ``standard_count`` targets ("N of M units meet standard S
    by date") the current value is computed from criterion assessments of the units of kinds
    the criteria set applies to under ``scope_unit``; it is never typed in."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=TargetKind.choices, default=TargetKind.VALUE
    )
    name = models.CharField(_("name"), max_length=500)
    indicator = models.CharField(_("indicator"), max_length=255, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.MORE_IS_BETTER
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=Decimal(1))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=False)
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("standard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("counted under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering: ClassVar = ["registration", "position", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind="value", criteria_set__isnull=True, scope_unit__isnull=True)
                | Q(kind="standard_count", criteria_set__isnull=False, scope_unit__isnull=False),
                name="target_standard_fields_match_kind",
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="target_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.kind == TargetKind.STANDARD_COUNT


class KeyWork(models.Model):
    """A key work, programme or task (công trình, phần việc trọng điểm) a unit registers."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="key_works",
    )
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    cost = models.DecimalField(
        _("cost (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    people_money = models.DecimalField(
        _("people's contribution in money (VND)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
    )
    people_labour_days = models.DecimalField(
        _("people's contribution in labour (days)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=Decimal(1))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("key work")
        verbose_name_plural = _("key works")
        ordering: ClassVar = ["registration", "position", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="key_work_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    key_work = models.ForeignKey(
        KeyWork, verbose_name=_("key work"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=255)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering: ClassVar = ["key_work", "position", "id"]

    def __str__(self) -> str:
        return self.name


class AwardCode(models.TextChoices):
    """Titles and awards a registration may pledge for (codes of LAW.md)."""

    LDTT = "LDTT", _("Advanced Worker")
    CSTT = "CSTT", _("Advanced Soldier")
    CSTDCS = "CSTDCS", _("Grassroots Emulation Fighter")
    CSTD_BT = "CSTD_BT", _("Ministry/Province Emulation Fighter")
    CSTD_TQ = "CSTD_TQ", _("National Emulation Fighter")
    TTLDTT = "TTLDTT", _("Advanced Collective")
    TTLDXS = "TTLDXS", _("Excellent Collective")
    CO_BT = "CO_BT", _("Ministry/Province Emulation Flag")
    CO_CP = "CO_CP", _("Government Emulation Flag")
    GK = "GK", _("Certificate of Merit")
    BK_BT = "BK_BT", _("Ministry/Province Certificate of Merit")
    BK_TTG = "BK_TTG", _("Prime Minister's Certificate of Merit")


INDIVIDUAL_AWARDS = frozenset(
    {AwardCode.LDTT, AwardCode.CSTT, AwardCode.CSTDCS, AwardCode.CSTD_BT, AwardCode.CSTD_TQ}
)
COLLECTIVE_AWARDS = frozenset(
    {AwardCode.TTLDTT, AwardCode.TTLDXS, AwardCode.CO_BT, AwardCode.CO_CP}
)


class TitlePledge(models.Model):
    """A person or a collective of the unit registering for a title (đăng ký danh hiệu)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    award_code = models.CharField(_("title or award"), max_length=16, choices=AwardCode.choices)

    class Meta:
        verbose_name = _("title pledge")
        verbose_name_plural = _("title pledges")
        ordering: ClassVar = ["registration", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="pledge_person_xor_collective",
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_code}: {self.person_id or self.collective_id}"


# -- progress ------------------------------------------------------------------------------


class ProgressUpdate(models.Model):
    """One report of progress on a target (a value) or a key work (a percentage and/or a
    milestone reached).  Rows are only ever added: the history is the data."""

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
    )
    key_work = models.ForeignKey(
        KeyWork,
        verbose_name=_("key work"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    percent = models.DecimalField(
        _("percent complete"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone reached"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering: ClassVar = ["-as_of", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(target__isnull=False, key_work__isnull=True)
                | Q(target__isnull=True, key_work__isnull=False),
                name="progress_target_xor_key_work",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="progress_percent_range",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["target", "as_of", "id"]),
            models.Index(fields=["key_work", "as_of", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.target_id or self.key_work_id} {self.as_of}"


class Evidence(models.Model):
    """A file attached to a progress update: a photo (JPEG/PNG/WebP, with a thumbnail) or a
    PDF.  Type is checked from the bytes, not from the name or the browser's word."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="campaigns/evidence/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    thumbnail = models.FileField(
        _("thumbnail"), upload_to="campaigns/thumbs/%Y/%m/", blank=True, max_length=255
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence files")
        ordering: ClassVar = ["update", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# -- evaluation ----------------------------------------------------------------------------


class ReviewStage(models.TextChoices):
    INTERIM = "interim", _("Interim review")
    FINAL = "final", _("Final review")


class CompletionClass(models.TextChoices):
    HTXS = "HTXS", _("Excellently completed")
    HTT = "HTT", _("Well completed")
    HT = "HT", _("Completed")
    KHT = "KHT", _("Not completed")


class Evaluation(models.Model):
    """A unit's result at one review: computed attainment, proposed class, and the class the
    office settled on (an override needs a reason; every change is in the audit trail)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="evaluations"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("review"), max_length=8, choices=ReviewStage.choices)
    attainment = models.DecimalField(
        _("attainment"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    proposed_class = models.CharField(
        _("proposed class"), max_length=4, choices=CompletionClass.choices
    )
    final_class = models.CharField(_("class"), max_length=4, choices=CompletionClass.choices)
    override_reason = models.TextField(_("reason for the change"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering: ClassVar = ["campaign", "stage", "unit__path"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["campaign", "unit", "stage"], name="evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id} {self.stage} {self.final_class}"

    @property
    def is_overridden(self) -> bool:
        return self.final_class != self.proposed_class


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster")
    BLOCK = "block", _("Emulation block")


class Cluster(models.Model):
    """An emulation cluster (cụm, of localities) or block (khối, of agencies of one sector)."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=ClusterKind.choices)
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clusters",
    )
    members = models.ManyToManyField("org.Unit", verbose_name=_("members"), related_name="+")

    class Meta:
        verbose_name = _("emulation cluster or block")
        verbose_name_plural = _("emulation clusters and blocks")
        ordering: ClassVar = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class ScoringCriterion(models.Model):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering: ClassVar = ["cluster", "position", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="scoring_max_positive")
        ]

    def __str__(self) -> str:
        return self.name


class ClusterScore(models.Model):
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        ScoringCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    self_score = models.DecimalField(
        _("self score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    agreed_score = models.DecimalField(
        _("agreed score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("cluster score")
        verbose_name_plural = _("cluster scores")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "criterion"], name="cluster_score_once"),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                name="cluster_self_score_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(agreed_score__isnull=True) | Q(agreed_score__gte=0),
                name="cluster_agreed_score_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.criterion_id}"
