"""Admin pages for the reference data of commendation: the award catalog (read-only: it is
loaded from the pure catalog) and the jurisdiction settings (added through the service, so
values are validated and audited).  Records, nominations, ballots and decisions change only
through the services, never from the admin; the ballot tables are not shown at all."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from thidua.awards import services
from thidua.awards.models import Award, JurisdictionSetting


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "rule_set", "kind", "effective_from", "effective_to")
    list_filter = ("rule_set", "kind")
    search_fields = ("code", "name_vi", "name_en")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class JurisdictionSettingForm(forms.ModelForm):
    class Meta:
        model = JurisdictionSetting
        fields = ("unit", "award_code", "key", "value", "effective_from", "effective_to", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") is not None and data.get("key"):
            services.validate_setting(
                unit=data["unit"],
                key=data["key"],
                value=data.get("value"),
                award_code=data.get("award_code") or "",
                effective_from=data.get("effective_from"),
                effective_to=data.get("effective_to"),
            )
        return data


@admin.register(JurisdictionSetting)
class JurisdictionSettingAdmin(admin.ModelAdmin):
    form = JurisdictionSettingForm
    list_display = ("unit", "award_code", "key", "value", "effective_from", "effective_to")
    list_filter = ("key",)
    search_fields = ("unit__name", "unit__code", "key")
    raw_id_fields = ("unit",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.jurisdiction_setting_set(
            actor=request.user,
            unit=obj.unit,
            key=obj.key,
            value=obj.value,
            award_code=obj.award_code,
            effective_from=obj.effective_from,
            effective_to=obj.effective_to,
            note=obj.note,
        )
        obj.pk = saved.pk
