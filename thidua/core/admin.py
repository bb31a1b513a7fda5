"""Admin for the audit trail: read-only (events are written by the services only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "target_label", "unit")
    list_filter = ("action", "target_type")
    search_fields = ("target_label", "actor_label", "action", "target_id")
    date_hierarchy = "at"
    list_select_related = ("unit",)
    raw_id_fields = ("actor", "unit")
    readonly_fields = (
        "at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "unit",
        "before",
        "after",
        "note",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
