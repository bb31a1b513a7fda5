"""Django admin for units, reorganisations, people, positions and accounts.

Units and people are written through ``org.services`` (validated and audited like every
other write); reorganisations and positions are shown read-only because they are created by
the reorganisation and assignment services, which need more than one form row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.core import audit
from thidua.core.text import fold
from thidua.org import services
from thidua.org.models import Person, Position, Succession, SuccessionLink, Unit, User

ACCOUNT_FIELDS = ("username", "role", "unit", "full_name", "email", "person", "is_active")


class ReadOnlyAdminMixin:
    """Viewable, never added, changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FoldedSearchMixin:
    """Admin search that also ignores Vietnamese diacritics (``name_folded``)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        result, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset, search_term
        )
        if search_term.strip():
            result = result | queryset.filter(name_folded__contains=fold(search_term))
        return result, may_have_duplicates


# -- units --------------------------------------------------------------------------------


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "active_from",
            "active_to",
            "address",
            "note",
        )

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("A unit cannot be placed under itself or one of its own units.")
            )
        return parent


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("code", "name", "kind", "parent", "active_from", "active_to")
    list_filter = ("kind", ("active_to", admin.EmptyFieldListFilter))
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)
    ordering = ("path",)

    def save_model(
        self, request: HttpRequest, obj: Unit, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            changed = {
                name: data[name]
                for name in form.changed_data
                if name in (*services.UNIT_FIELDS, "parent")
            }
            current = Unit.objects.get(pk=obj.pk)
            services.unit_update(actor=request.user, unit=current, **changed)
        else:
            created = services.unit_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                short_name=data.get("short_name", ""),
                active_from=data.get("active_from"),
                active_to=data.get("active_to"),
                address=data.get("address", ""),
                note=data.get("note", ""),
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Units end (active_to) or are reorganised; they are never deleted.
        return False


# -- reorganisations ------------------------------------------------------------------------


class SuccessionLinkInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SuccessionLink
    raw_id_fields = ("predecessor", "successor")
    fields = ("predecessor", "successor")
    extra = 0


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "effective_date", "decision_number", "decision_date", "former_name")
    list_filter = ("kind",)
    search_fields = ("decision_number", "former_name", "note")
    date_hierarchy = "effective_date"
    inlines = (SuccessionLinkInline,)


@admin.register(SuccessionLink)
class SuccessionLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("succession", "predecessor", "successor")
    list_filter = ("succession__kind",)
    search_fields = ("predecessor__name", "predecessor__code", "successor__name", "successor__code")
    raw_id_fields = ("succession", "predecessor", "successor")
    list_select_related = ("succession", "predecessor", "successor")


# -- people -------------------------------------------------------------------------------


class PositionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Position
    raw_id_fields = ("unit",)
    fields = ("title", "unit", "start_date", "end_date")
    extra = 0


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code", "full_name", "gender", "birth_year", "unit", "title")
    list_filter = ("gender", "category")
    search_fields = ("code", "full_name")
    raw_id_fields = ("unit",)
    list_select_related = ("unit",)
    fields = ("code", "full_name", "gender", "birth_year", "ethnicity", "category", "unit", "title")
    inlines = (PositionInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving a person to another unit is a new position (person_assign), with a date.
        return ("unit",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: Person, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            changed = {
                name: data[name] for name in form.changed_data if name in services.PERSON_FIELDS
            }
            current = Person.objects.get(pk=obj.pk)
            services.person_update(actor=request.user, person=current, **changed)
        else:
            created = services.person_create(
                actor=request.user,
                code=data["code"],
                full_name=data["full_name"],
                gender=data["gender"],
                unit=data.get("unit"),
                title=data.get("title", ""),
                birth_year=data.get("birth_year"),
                ethnicity=data.get("ethnicity") or "Kinh",
                category=data.get("category", ""),
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Position)
class PositionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("person", "title", "unit", "start_date", "end_date")
    search_fields = ("person__full_name", "person__code", "title", "unit__name", "unit__code")
    raw_id_fields = ("person", "unit")
    list_select_related = ("person", "unit")


# -- accounts -----------------------------------------------------------------------------


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "unit__name", "unit__code")
    raw_id_fields = ("unit", "person")
    list_select_related = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Account"), {"fields": ("full_name", "email", "role", "unit", "person")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Account"), {"fields": ("full_name", "email", "role", "unit", "person")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = audit.snapshot(User.objects.get(pk=obj.pk), ACCOUNT_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, ACCOUNT_FIELDS)
        if before != after:
            audit.record(
                actor=request.user,
                action="account.update" if change else "account.create",
                obj=obj,
                before=before,
                after=after,
                unit_id=obj.unit_id,
                note=str(_("changed in the administration site")),
            )
