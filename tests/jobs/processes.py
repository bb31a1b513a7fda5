"""A database that ``thidua worker`` (or ``thidua runserver``) subprocesses can share with the
test: on PostgreSQL the test database itself (transactional tests commit their data); on
SQLite the in-memory test database is copied to a file before the processes start and copied
back afterwards (SQLite's online backup), so the ORM can check what they wrote."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
THIDUA = str(Path(sys.executable).parent / "thidua")


class SharedDatabase:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "shared.sqlite3"

    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def push(self) -> None:
        """Make the test's data visible to the subprocesses."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        """Bring what the subprocesses wrote back into the test's database."""
        if self.sqlite:
            connection.ensure_connection()
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def query(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """Read the shared database now (``%s`` placeholders), without pulling."""
        if self.sqlite:
            db = sqlite3.connect(self.file, timeout=20)
            try:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.url(),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            THIDUA_JOBS_LIVE_PATH=str(settings.THIDUA_JOBS_LIVE_PATH),
            THIDUA_VAR_DIR=str(self.tmp_path / "var"),
            PYTHONPATH=str(REPO),
            LOG_LEVEL="WARNING",
            TASKS_BACKEND="database",
        )
        env.update(extra)
        return env

    def start(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        log = open(self.tmp_path / f"{args[0]}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
        return subprocess.Popen(
            [THIDUA, *args], env=self.env(**env), cwd=REPO, stdout=log, stderr=subprocess.STDOUT
        )


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
