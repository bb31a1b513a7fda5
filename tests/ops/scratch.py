"""Scratch databases for the ops tests: a copy of the test database in a file (SQLite) or in a
PostgreSQL database of its own, the environment that points the ``thidua`` command at it, and
a snapshot of every table (row count and contents hash) read straight from the database."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

from thidua.core.backup import find_pg_program, server_major

THIDUA = str(Path(sys.executable).parent / "thidua")


@dataclass
class Scratch:
    vendor: str
    env: dict[str, str]
    sqlite_path: Path | None = None
    pg: dict[str, Any] = field(default_factory=dict)

    def connect(self) -> Any:
        if self.vendor == "sqlite":
            assert self.sqlite_path is not None
            return sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)
        return psycopg.connect(**self.pg, autocommit=True)

    def tables(self, db: Any) -> list[str]:
        if self.vendor == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return sorted(row[0] for row in db.execute(sql).fetchall())

    def snapshot(self, *, skip: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
        """{table: (row count, sha256 of its sorted rows)} for every table, plus the
        PostgreSQL sequences' positions (so new rows after a restore get fresh ids)."""
        db = self.connect()
        try:
            result: dict[str, tuple[int, str]] = {}
            for table in self.tables(db):
                if table in skip:
                    continue
                rows = db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
                encoded = sorted(repr(tuple(_plain(v) for v in row)) for row in rows)
                digest = hashlib.sha256("\n".join(encoded).encode()).hexdigest()
                result[table] = (len(rows), digest)
            if self.vendor == "postgresql":
                for name, last in db.execute(
                    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
                ).fetchall():
                    result[f"sequence:{name}"] = (int(last or 0), "")
            return result
        finally:
            db.close()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            _admin_execute(self.pg, f'DROP DATABASE IF EXISTS "{self.pg["dbname"]}" WITH (FORCE)')


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _admin_execute(pg: dict[str, Any], sql: str) -> None:
    admin = {**pg, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(sql.encode())


def media_state(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def clone_test_database(tmp_path: Path, name: str, media_root: Path) -> Scratch:
    """Copy the test database (committed data: use with transactional_db) into a scratch
    database the ``thidua`` command can open from another process."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "THIDUA_PROFILE", "REDIS_URL"}
    }
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    base.update({"THIDUA_VAR_DIR": str(var), "MEDIA_ROOT": str(media_root)})
    if connection.vendor == "sqlite":
        path = var / "thidua.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()
        return Scratch(vendor="sqlite", env=base, sqlite_path=path)
    settings_dict = connection.settings_dict
    pg = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": int(settings_dict["PORT"] or 5432),
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or None,
        "dbname": name,
    }
    source = settings_dict["NAME"]
    _admin_execute(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_execute(pg, f'CREATE DATABASE "{name}"')
    # Copied with pg_dump | psql rather than CREATE DATABASE … TEMPLATE, which needs the test
    # database to have no other session (the jobs app keeps one of its own).
    major = server_major()
    env = {**os.environ, "PGHOST": pg["host"], "PGPORT": str(pg["port"]), "PGUSER": pg["user"]}
    if pg["password"]:
        env["PGPASSWORD"] = pg["password"]
    dump = subprocess.Popen(
        [find_pg_program("pg_dump", major), "--no-owner", "--no-privileges", source],
        stdout=subprocess.PIPE,
        env=env,
    )
    subprocess.run(
        [find_pg_program("psql", major), "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", name],
        stdin=dump.stdout,
        stdout=subprocess.DEVNULL,
        env=env,
        check=True,
    )
    assert dump.stdout is not None
    dump.stdout.close()
    assert dump.wait() == 0
    password = f":{pg['password']}" if pg["password"] else ""
    base["DATABASE_URL"] = f"postgres://{pg['user']}{password}@{pg['host']}:{pg['port']}/{name}"
    return Scratch(vendor="postgresql", env=base, pg=pg)
