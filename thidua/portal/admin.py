"""Admin page for the news categories (reference data an administrator sets once: name,
address, description, order).  Articles, comments and polls are changed only through the
portal's staff pages and services, never from the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core import audit
from thidua.portal.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("position", "name")

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        before = audit.snapshot(Category.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="category.update" if change else "category.create",
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        # A category with articles cannot go (PROTECT); an empty one may.
        return super().has_delete_permission(request, obj) and (
            obj is None or not obj.articles.exists()
        )
