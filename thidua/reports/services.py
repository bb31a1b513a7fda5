"""Writes of the reports app: a unit's own Word template (upload, remove), audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.org.models import Unit
from thidua.reports import documents
from thidua.reports.models import ReportTemplate
from thidua.reports.permissions import can_change_template

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def template_upload(
    *, actor: Any, unit: Unit, upload: Any, context: dict[str, Any]
) -> ReportTemplate:
    """Store ``upload`` as ``unit``'s report template, replacing the one it had.  Refused
    (``ValidationError`` with a Vietnamese message) unless it is a .docx that renders with
    ``context`` (the report's data) and uses no unknown field; nothing is stored then."""
    if not can_change_template(actor, unit):
        raise PermissionDenied
    name = getattr(upload, "name", "") or "mau.docx"
    size = getattr(upload, "size", None)
    limit = getattr(settings, "THIDUA_REPORT_TEMPLATE_MAX_BYTES", MAX_TEMPLATE_BYTES)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if not name.lower().endswith(".docx"):
        raise ValidationError(_("The file must be a Word document with the .docx extension."))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large; the limit is %(limit)s MB.")
            % {"limit": round(limit / 1048576, 1)}
        )
    try:
        documents.check_template(data, context)
    except documents.TemplateProblem as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        existing = ReportTemplate.objects.select_for_update().filter(unit=unit).first()
        before = {"file": existing.original_name} if existing else None
        old_file = existing.file.name if existing else ""
        template = existing or ReportTemplate(unit=unit)
        template.original_name = name[:255]
        template.uploaded_by = actor
        template.file.save(f"{unit.code}.docx", ContentFile(data), save=False)
        template.save()
        audit.record(
            actor=actor,
            action="report_template.upload",
            obj=template,
            before=before,
            after={"file": template.original_name, "size": len(data)},
            unit_id=unit.pk,
        )
        if old_file and old_file != template.file.name:
            storage = template.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return template


def template_remove(*, actor: Any, unit: Unit) -> bool:
    """Remove ``unit``'s own template (its reports fall back to the unit above or the default)."""
    if not can_change_template(actor, unit):
        raise PermissionDenied
    with transaction.atomic():
        existing = ReportTemplate.objects.select_for_update().filter(unit=unit).first()
        if existing is None:
            return False
        audit.record(
            actor=actor,
            action="report_template.remove",
            obj=existing,
            before={"file": existing.original_name},
            unit_id=unit.pk,
        )
        name, storage = existing.file.name or "", existing.file.storage
        existing.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
    return True
