"""Admin pages for the reference data that changes without code: standing movements and
versioned criteria sets (a new standard, e.g. for 2026–2030, is added here).  Campaign
workflow objects are changed only through the services, never from the admin."""

from __future__ import annotations

from django.contrib import admin

from thidua.campaigns.models import CriteriaSet, Criterion, Movement


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("number", "code", "name", "group")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "valid_from", "valid_to")
    search_fields = ("code", "name")
    inlines = (CriterionInline,)


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    search_fields = ("name",)
