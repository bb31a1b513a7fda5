"""The honor board (gương điển hình tiên tiến): profiles of exemplary collectives and
individuals, their photos, and where each model was taken up (nhân rộng).

A profile does not copy the commendations its subject received: they are read live from the
awards registry (``thidua.awards.models.Commendation``), revoked ones left out, so a revocation
shows on the board at once.  ``DecisionEntry`` is the public search row of an issued
commendation decision (the decision itself stays in the awards app).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ProfileState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("profile state", "Published")


class Sector(models.TextChoices):
    """The field a model shone in (lĩnh vực)."""

    NEW_RURAL = "new_rural", _("New rural development")
    ECONOMY = "economy", _("Economy and production")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    ADMINISTRATION = "administration", _("Public administration")
    CULTURE = "culture", _("Culture and society")
    SECURITY = "security", _("Defence and public security")
    MASS_ORGS = "mass_orgs", _("Party and mass organizations")
    OTHER = "other", _("Other")


class Profile(models.Model):
    """An exemplary model: a collective (a unit) or an individual (a person).

    ``owner_unit`` is the unit whose subtree the profile belongs to, for access: the unit
    itself for a collective, the person's unit (when the profile was created) for an
    individual."""

    subject = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honor_profiles",
    )
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("individual"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honor_profiles",
    )
    owner_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", editable=False
    )
    title = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    story = models.TextField(_("story"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honor_profiles",
    )
    sector = models.CharField(
        pgettext_lazy("sector", "field"), max_length=16, choices=Sector.choices
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProfileState.choices, default=ProfileState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    search_folded = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")
        ordering: ClassVar = ["-published_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(subject="collective", unit__isnull=False, person__isnull=True)
                    | Q(subject="individual", person__isnull=False, unit__isnull=True)
                ),
                name="honors_profile_subject_fits",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="honors_profile_published_at",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honors:profile", args=[self.slug])

    @property
    def subject_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.full_name
        return self.unit.name if self.unit is not None else ""

    @property
    def is_published(self) -> bool:
        return self.state == ProfileState.PUBLISHED

    def accepts_public_comments(self) -> bool:
        return self.is_published

    def comment_unit(self) -> object:
        """The unit whose editors moderate the comments on this profile."""
        return self.owner_unit


class PhotoSize(models.TextChoices):
    SMALL = "small", "320"
    MEDIUM = "medium", "640"
    LARGE = "large", "1280"


# Width in pixels of each stored rendition (JPEG, EXIF removed).
PHOTO_WIDTHS = {PhotoSize.SMALL: 320, PhotoSize.MEDIUM: 640, PhotoSize.LARGE: 1280}


class Photo(models.Model):
    """A photo of a profile, stored as three JPEG renditions made from the checked upload
    (the original, with its EXIF data such as GPS position, is not kept)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="photos")
    small = models.FileField(upload_to="honors/photos/%Y/", max_length=255)
    medium = models.FileField(upload_to="honors/photos/%Y/", max_length=255)
    large = models.FileField(upload_to="honors/photos/%Y/", max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(_("photo credit"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.caption

    def file_for(self, size: str) -> models.fields.files.FieldFile:
        return {"small": self.small, "medium": self.medium, "large": self.large}[size]

    def url(self, size: str) -> str:
        return reverse("honors:photo", args=[self.pk, size])

    @property
    def url_small(self) -> str:
        return self.url("small")

    @property
    def url_medium(self) -> str:
        return self.url("medium")

    @property
    def url_large(self) -> str:
        return self.url("large")

    @property
    def srcset(self) -> str:
        widths = {k: v for k, v in PHOTO_WIDTHS.items() if v <= max(self.width, 320)}
        return ", ".join(f"{self.url(k)} {w}w" for k, w in widths.items())


class ReplicationState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Replication(models.Model):
    """A unit reports that it has taken up a model (nhân rộng điển hình)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date taken up"))
    action = models.TextField(_("what the unit did"))
    result = models.TextField(_("result or evidence"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ReplicationState.choices,
        default=ReplicationState.PENDING,
    )
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering: ClassVar = ["-date", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile", "unit"], name="honors_replication_once")
        ]

    def __str__(self) -> str:
        return f"{self.profile} – {self.unit}"


class DecisionEntry(models.Model):
    """Public search row of an issued commendation decision: its number, title, authority
    and the awardees' names, folded (no diacritics), so the portal's search is one query."""

    decision = models.OneToOneField(
        "awards.Decision", on_delete=models.CASCADE, related_name="public_entry"
    )
    search_folded = models.TextField(default="")
    awardees = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("published decision search entry")
        verbose_name_plural = _("published decision search entries")

    def __str__(self) -> str:
        return f"{self.decision_id}"
