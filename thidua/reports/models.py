"""An office's own Word template for the yearly report (the default one is in the code)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """The Word template a unit uploaded for its reports.  Reports made for a unit use the
    template of the nearest unit at or above it that has one, else the default."""

    unit = models.OneToOneField(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="report_template",
    )
    file = models.FileField(_("Word file"), upload_to="reports/templates/%Y/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering: ClassVar = ["unit"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.original_name}"
