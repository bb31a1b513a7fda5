"""Live progress and worker heartbeats, written outside any transaction of the task.

An import runs inside one transaction (all-or-nothing).  Progress written through the same
database connection would be invisible until the end (and rolled back on failure), so it is
written elsewhere:

* **PostgreSQL**: through a private connection of the worker (``connections.create_connection``,
  autocommit), straight into ``jobs_job`` and ``jobs_workerbeat``.  Readers see it at once.
* **SQLite**: a second connection to the same file would wait for the import's write lock
  (SQLite has one writer at a time, and this project opens every transaction with
  ``BEGIN IMMEDIATE``), so progress and heartbeats go to a small side file next to the
  database (``<database>.jobs-live``, or ``THIDUA_JOBS_LIVE_PATH``) with its own lock, held
  for a few microseconds per write.  Pages merge it into the job rows they show; the final
  figures are copied into ``jobs_job`` when the job ends.

SQLite is one machine by definition, so a local side file is shared by every process that
can reach the database.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    message: str
    at: dt.datetime


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC)


class SideFileStore:
    """SQLite side file (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS progress (job_id TEXT PRIMARY KEY, done INTEGER, "
                "total INTEGER, message TEXT, at REAL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS beats (worker_id TEXT PRIMARY KEY, host TEXT, "
                "pid INTEGER, at REAL)"
            )
            self._local.db = db
            self._local.pid = os.getpid()
        return db

    def put_progress(self, job_id: str, done: int, total: int | None, message: str) -> None:
        self._db().execute(
            "INSERT INTO progress (job_id, done, total, message, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(job_id) DO UPDATE SET done=excluded.done, total=excluded.total, "
            "message=excluded.message, at=excluded.at",
            (job_id, done, total, message, time.time()),
        )

    def get_progress(self, job_ids: list[str]) -> dict[str, Progress]:
        if not job_ids:
            return {}
        marks = ",".join("?" * len(job_ids))
        rows = self._db().execute(
            f"SELECT job_id, done, total, message, at FROM progress WHERE job_id IN ({marks})",  # noqa: S608
            job_ids,
        )
        return {r[0]: Progress(r[1], r[2], r[3] or "", _utc(r[4])) for r in rows}

    def drop_progress(self, job_id: str) -> None:
        self._db().execute("DELETE FROM progress WHERE job_id = ?", (job_id,))

    def beat(self, worker_id: str) -> None:
        self._db().execute(
            "INSERT INTO beats (worker_id, host, pid, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(worker_id) DO UPDATE SET at=excluded.at",
            (worker_id, socket.gethostname(), os.getpid(), time.time()),
        )

    def beats(self) -> dict[str, dt.datetime]:
        rows = self._db().execute("SELECT worker_id, at FROM beats")
        return {r[0]: _utc(r[1]) for r in rows}

    def forget(self, worker_id: str) -> None:
        self._db().execute("DELETE FROM beats WHERE worker_id = ?", (worker_id,))

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def prune(self, older_than: dt.datetime) -> None:
        cutoff = older_than.timestamp()
        db = self._db()
        db.execute("DELETE FROM beats WHERE at < ?", (cutoff,))
        db.execute("DELETE FROM progress WHERE at < ?", (cutoff,))


class DatabaseStore:
    """A private autocommit connection to the main database (PostgreSQL), one per thread."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self._local = threading.local()

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = connections.create_connection(self.alias)
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def _execute(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        conn = self._conn()
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return list(cursor.fetchall()) if cursor.description else []
        except Exception:
            conn.close()  # a broken private connection is reopened on the next call
            self._local.conn = None
            raise

    def put_progress(self, job_id: str, done: int, total: int | None, message: str) -> None:
        self._execute(
            "UPDATE jobs_job SET progress_done = %s, progress_total = %s, "
            "progress_message = %s, heartbeat = %s WHERE id = %s",
            [done, total, message[:255], timezone.now(), job_id],
        )

    def get_progress(self, job_ids: list[str]) -> dict[str, Progress]:
        return {}  # the job rows themselves are up to date

    def drop_progress(self, job_id: str) -> None:
        pass

    def beat(self, worker_id: str) -> None:
        self._execute(
            "INSERT INTO jobs_workerbeat (worker_id, host, pid, seen_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (worker_id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
            [worker_id, socket.gethostname()[:255], os.getpid(), timezone.now()],
        )

    def beats(self) -> dict[str, dt.datetime]:
        rows = self._execute("SELECT worker_id, seen_at FROM jobs_workerbeat", [])
        return {r[0]: r[1] for r in rows}

    def forget(self, worker_id: str) -> None:
        self._execute("DELETE FROM jobs_workerbeat WHERE worker_id = %s", [worker_id])

    def prune(self, older_than: dt.datetime) -> None:
        self._execute("DELETE FROM jobs_workerbeat WHERE seen_at < %s", [older_than])

    def close(self) -> None:
        """Close this thread's private connection (a worker stopping, a test ending)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def is_open(self) -> bool:
        """Whether this thread has opened its private connection."""
        return getattr(self._local, "conn", None) is not None


Store = SideFileStore | DatabaseStore
_stores: dict[tuple[str, str], Store] = {}
_lock = threading.Lock()


def side_file_path() -> Path:
    configured = getattr(settings, "THIDUA_JOBS_LIVE_PATH", "")
    if configured:
        return Path(configured)
    name = str(connections["default"].settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:" or "mode=memory" in name:
        # The in-memory test database: one side file per process.
        return Path(settings.VAR_DIR) / f"jobs-live-{os.getpid()}.sqlite3"
    return Path(name + ".jobs-live")


def store() -> Store:
    vendor = connections["default"].vendor
    key = (vendor, str(side_file_path()) if vendor == "sqlite" else "default")
    with _lock:
        found = _stores.get(key)
        if found is None:
            found = SideFileStore(Path(key[1])) if vendor == "sqlite" else DatabaseStore()
            _stores[key] = found
        return found


def open_stores() -> list[Store]:
    """The stores this process has made (at most one per database)."""
    with _lock:
        return list(_stores.values())
