"""Cache of the campaign dashboard's computed figures, never stale.

Computing the overview of a large campaign costs seconds (``campaign_progress_series`` replays
every progress report).  The computed board is cached under a key made of:

- a DATA FINGERPRINT read from the database on every request (one query of indexed
  aggregates, see ``data_fingerprint``): the highest id of every table the figures are
  computed from, the latest ``updated_at`` of registrations and units, and the
  highest id of the audit trail (every service write, including in-place edits of targets,
  key works, assessments, evaluations and the unit tree, adds an audit event) and of the
  admin site's log.  Any write that can change a figure changes the fingerprint, so the next
  request computes afresh; the fingerprint is global (a write to another campaign also
  invalidates), which costs some hits but can never serve stale figures;
- the campaign's own settings (state, dates, thresholds, issuing unit, ``updated_at``);
- what the account may see (managers see everything; others their scope's path ranges and
  their unit, which picks the grouping root), the language (labels are rendered into the
  board), and the filters that change the numbers (as-of date, district, unit kind).

Keys are deterministic strings and the fingerprint comes from the database, never from
process memory, so the cache may be shared between processes (Redis) as well as the default
per-process memory cache.  When many requests miss the same key at once, one computes under a
short lock (``cache.add``) while the others wait and then read its result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection, models
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from thidua.campaigns.models import (
    Campaign,
    CampaignParticipant,
    CriteriaSet,
    Criterion,
    CriterionAssessment,
    Evaluation,
    KeyWork,
    Milestone,
    ProgressUpdate,
    Registration,
    Target,
)
from thidua.campaigns.permissions import can_manage_campaign
from thidua.core.models import AuditEvent
from thidua.org.models import Unit
from thidua.org.permissions import scope_for

VERSION = 2  # bump when the cached objects' shape changes
TIMEOUT = 60 * 60  # seconds a board stays cached; correctness does not depend on it
LOCK_TIMEOUT = 120  # a computing request that dies frees the lock after this
WAIT_STEP = 0.05
MAX_WAIT = 90.0  # a waiting request computes itself after this

# Tables whose rows the figures are computed from: the highest id of each (ids are never
# reused: AUTOINCREMENT on SQLite, sequences on PostgreSQL), one index seek per table.  Row
# counts are not read: COUNT(*) scans the table (a few milliseconds per request at 200,000
# progress reports, more than the rest of a warm request), and every deletion the application
# makes is already seen through the logs below (services write an audit event for each
# deletion, cascades included; the admin site writes its log).
COUNTED: tuple[type[models.Model], ...] = (
    CampaignParticipant,
    Registration,
    Target,
    KeyWork,
    Milestone,
    ProgressUpdate,
    CriteriaSet,
    Criterion,
    CriterionAssessment,
    Evaluation,
    Unit,
)
# Tables whose rows are edited in place and carry an ``updated_at``.
TOUCHED: tuple[type[models.Model], ...] = (Registration, Unit)
# Logs that grow with every write made through the services or the admin site.
LOGS: tuple[type[models.Model], ...] = (AuditEvent, LogEntry)


def _fingerprint_sql() -> str:
    # Table and column names come from the models, quoted: nothing from a request.
    q = connection.ops.quote_name
    parts = []
    for model in COUNTED:
        table = q(model._meta.db_table)
        parts.append(f"(SELECT MAX({q('id')}) FROM {table})")  # noqa: S608
    for model in TOUCHED:
        parts.append(f"(SELECT MAX({q('updated_at')}) FROM {q(model._meta.db_table)})")  # noqa: S608
    for model in LOGS:
        parts.append(f"(SELECT MAX({q('id')}) FROM {q(model._meta.db_table)})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def data_fingerprint() -> str:
    """A digest of the database state the dashboard figures depend on.  One query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return _digest(row)


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def campaign_key(campaign: Campaign) -> tuple[Any, ...]:
    """The campaign's own settings the figures use (the instance is read in the request)."""
    return (
        campaign.pk,
        campaign.state,
        campaign.issuing_unit_id,
        campaign.start_date,
        campaign.deadline,
        tuple(str(x) for x in campaign.thresholds()),
        campaign.updated_at,
    )


def viewer_key(user: Any, campaign: Campaign) -> tuple[Any, ...]:
    """What the account may see of the campaign: everything for its managers, else its
    scope's path ranges; and its unit (the grouping root of a non-manager)."""
    unit_id = getattr(user, "unit_id", None)
    if can_manage_campaign(user, campaign):
        return ("manager", unit_id)
    scope = scope_for(user)
    return ("scope", scope.everything, scope.ranges, unit_id)


def dashboard_key(user: Any, campaign: Campaign, *, on: dt.date, group: str, kind: str) -> str:
    """The cache key of a board: campaign, data fingerprint, viewer, language, filters."""
    parts = (
        campaign_key(campaign),
        data_fingerprint(),
        viewer_key(user, campaign),
        translation.get_language(),
        on.isoformat(),
        group,
        kind,
    )
    return f"thidua:dash:v{VERSION}:{campaign.pk}:{_digest(parts)}"


_MISSING = object()


def get_or_compute[T](key: str, compute: Callable[[], T]) -> T:
    """The cached value of ``key``, or ``compute()`` stored under it.  Only one caller
    computes a missing key at a time; the others poll the cache until it appears (or the
    lock is gone or they waited ``MAX_WAIT``, when they compute it themselves)."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    lock = f"{key}:lock"
    waited = 0.0
    while not cache.add(lock, 1, LOCK_TIMEOUT):
        time.sleep(WAIT_STEP)
        waited += WAIT_STEP
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if waited >= MAX_WAIT:
            return compute()
    try:
        value = cache.get(key, _MISSING)  # computed while we took the lock
        if value is not _MISSING:
            return value
        result = compute()
        cache.set(key, result, TIMEOUT)
        return result
    finally:
        cache.delete(lock)


def lazy_values(make: Callable[[], dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any]:
    """Template context entries computed on first use (``make()`` runs at most once, and not
    at all when the template part using them comes from the fragment cache)."""
    made: dict[str, Any] = {}

    def getter(name: str) -> Callable[[], Any]:
        def get() -> Any:
            if not made:
                made.update(make())
            return made[name]

        return get

    return {name: getter(name) for name in names}


def lazy_objects(make: Callable[[], dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any]:
    """Like ``lazy_values``, but each entry is a proxy (``SimpleLazyObject``) that behaves as
    the value itself (attributes, iteration, truth), for code that reads the context too."""
    made: dict[str, Any] = {}

    def getter(name: str) -> Callable[[], Any]:
        def get() -> Any:
            if not made:
                made.update(make())
            return made[name]

        return get

    return {name: SimpleLazyObject(getter(name)) for name in names}
