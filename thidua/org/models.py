"""Units (a tree with successions), people with their positions, and accounts with roles."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.text import fold, nfc

# Width of one segment of a unit's materialised path: the unit's primary key, zero-padded.
PATH_SEGMENT = 10


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    MINISTRY = "ministry", _("Ministry / central agency")
    DEPARTMENT = "department", _("Department / agency")
    DISTRICT = "district", _("District-level unit")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWN = "town", _("Township")
    HAMLET = "hamlet", _("Hamlet / residential group")
    DIVISION = "division", _("Division / office inside an agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital / health centre")
    ENTERPRISE = "enterprise", _("Enterprise")
    PARTY = "party", _("Party organization")
    MASS_ORG = "mass_org", _("Mass organization")
    ARMED_FORCES = "armed_forces", _("Armed forces unit")
    OTHER = "other", _("Other")


COMMUNE_LEVEL_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN)


class Unit(models.Model):
    """A node of the organisation tree: a province, an agency, a commune, an enterprise…

    ``path`` is a materialised path made of the zero-padded primary keys of the unit's
    ancestors and itself, so that "everything under X" is one range scan on an index
    (``path >= X.path AND path < next(X.path)``), the same on SQLite and PostgreSQL and
    independent of the database collation because paths contain digits only.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering: ClassVar = ["path"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="unit_active_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.name_folded = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)

    # -- tree helpers -------------------------------------------------------------------
    def path_bounds(self) -> tuple[str, str]:
        return path_bounds(self.path)

    def is_active_on(self, day: dt.date) -> bool:
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_to and day > self.active_to)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(dt.date.today())

    def ancestor_ids(self) -> list[int]:
        segments = [self.path[i : i + PATH_SEGMENT] for i in range(0, len(self.path), PATH_SEGMENT)]
        return [int(s) for s in segments[:-1]]

    def is_descendant_of(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT}d}"


def path_bounds(path: str) -> tuple[str, str]:
    """Half-open range [low, high) of the paths of a subtree rooted at ``path``."""
    head, last = path[:-PATH_SEGMENT], path[-PATH_SEGMENT:]
    return path, head + path_segment(int(last) + 1)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    TRANSFER = "transfer", _("Transfer of duties")


class Succession(models.Model):
    """A reorganisation: units merged, split, renamed, or whose duties passed to others.

    The links say which unit succeeded which.  Everything recorded for a predecessor is found
    from its successors (see ``org.selectors.unit_lineage_ids``).  A rename is a succession
    whose only link points from the unit to itself, with the former name kept.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    former_name = models.CharField(_("former name"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering: ClassVar = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class SuccessionLink(models.Model):
    succession = models.ForeignKey(Succession, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        Unit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="+"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("succession link")
        verbose_name_plural = _("succession links")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["succession", "predecessor", "successor"], name="succession_link_unique"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["successor", "predecessor"])]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonCategory(models.TextChoices):
    """Categories the law treats specially (e.g. quotas and criteria for direct workers)."""

    GENERAL = "", _("Officer / employee")
    DIRECT_WORKER = "direct_worker", _("Direct worker")
    FARMER = "farmer", _("Farmer")


class Person(models.Model):
    """A human being, not an account.  ``unit`` is the unit of the current primary position,
    kept in step with the positions by the services; the positions are the history."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=160)
    name_folded = models.CharField(max_length=160, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=64, default="Kinh")
    category = models.CharField(
        _("category"), max_length=20, choices=PersonCategory.choices, blank=True, default=""
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("current unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    title = models.CharField(_("current position"), max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering: ClassVar = ["name_folded", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = nfc(self.full_name)
        self.ethnicity = nfc(self.ethnicity)
        self.title = nfc(self.title)
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)


class Position(models.Model):
    """One entry of a person's work history: a title held in a unit over a period."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("position"), max_length=160)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering: ClassVar = ["person", "-start_date", "-id"]
        indexes: ClassVar = [models.Index(fields=["unit", "end_date"])]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICE = "office", _("Emulation office")
    OFFICER = "officer", _("Unit emulation officer")
    COUNCIL = "council", _("Council member")
    LEADER = "leader", _("Leader (signs decisions)")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    """An account: belongs to a unit, may be linked to a person, has one role.

    Everything an account sees is scoped to its unit's subtree (``org.permissions``)."""

    full_name = models.CharField(_("full name"), max_length=160, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN
