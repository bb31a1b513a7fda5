"""Progress reports from inside a task: ``report(job_id, done, total, message="")``.

Written through ``thidua.jobs.live`` (outside the task's own transaction, so that a page sees
an import move while it runs), at most a few times a second per job.
"""

from __future__ import annotations

import logging
import time

from thidua.jobs import live

logger = logging.getLogger(__name__)

MIN_INTERVAL = 0.25  # seconds between two writes for one job (the last one always goes)
_last: dict[str, float] = {}


def report(job_id: object, done: int, total: int | None, message: str = "") -> None:
    key = str(job_id)
    now = time.monotonic()
    final = total is not None and done >= total
    if not final and now - _last.get(key, 0.0) < MIN_INTERVAL:
        return
    _last[key] = now
    try:
        live.store().put_progress(key, int(done), total, message[:255])
    except Exception:  # progress is informative: never let it break the work itself
        logger.warning("Could not record progress of job %s", key, exc_info=True)


def forget(job_id: object) -> None:
    _last.pop(str(job_id), None)
