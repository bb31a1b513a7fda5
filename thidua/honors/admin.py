"""The honor board is edited from its own pages (``/honors/``), through the services; the
admin only lists the profiles for the system administrator."""

from __future__ import annotations

from django.contrib import admin

from thidua.honors.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("title", "subject", "state", "published_at")
    list_filter = ("state", "subject", "sector")
    search_fields = ("title", "slug")
    readonly_fields = [f.name for f in Profile._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
