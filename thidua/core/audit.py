"""The audit trail: every service records who changed what, before and after."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from thidua.core.models import AuditEvent


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """JSON-safe dict of an object's concrete fields (foreign keys as ids)."""
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"password"} or (not field.editable and field.name != "id"):
            continue
        if wanted is not None and field.name not in wanted:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    return data


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_id: int | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event.  ``actor`` may be None for system jobs (demo loader, imports
    run from the command line), which are then recorded as "system"."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "system"),
        action=action,
        target_type=ContentType.objects.get_for_model(obj.__class__),
        target_id=str(obj.pk),
        target_label=str(obj)[:255],
        unit_id=unit_id,
        before=before,
        after=after,
        note=note,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """Audit events of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(obj.__class__), target_id=str(obj.pk)
    ).select_related("actor")
