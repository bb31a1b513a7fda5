"""Backup and restore of the whole system: the database and the uploaded files, in one archive.

``thidua backup`` writes one ``.tar.gz`` while the system runs:

* ``database/db.sqlite3``: SQLite's online backup API (a consistent copy page by page, while
  others keep reading and writing), or ``database/db.dump``: ``pg_dump --format=custom`` (one
  snapshot of the whole database), with the ``pg_dump`` of the server's major version;
* ``media/…``: every file under ``MEDIA_ROOT``, taken after the database, so each file the
  database refers to is there (uploads are written once and never changed in place);
* ``manifest.json`` (last, since the checksums are computed while the files are written):
  format, thidua version, date, database vendor and server version, the applied migrations,
  and for every file its size and SHA-256.

``thidua restore FILE`` reads everything into a staging folder first and checks it (format,
vendor, migrations not newer than this code, every size and checksum) before it changes
anything; then the database is replaced in one step (SQLite: the online backup API writing
into the live file in one transaction, which keeps the WAL consistent for processes that have
it open; PostgreSQL: ``pg_restore --clean --if-exists`` run by ``psql`` in one transaction,
after dropping the tables the archive does not have), and the media folder is swapped for the
restored one.  Errors are :class:`BackupError` with a Vietnamese message.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person at the console."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    files: int
    missing_migrations: list[str] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("thidua")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # reads exactly `size` bytes
    return {"path": name, "size": size, "sha256": reader.digest.hexdigest()}


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                yield path


def _media_on_disk() -> bool:
    return getattr(settings, "THIDUA_STORAGE", "filesystem") == "filesystem"


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


# --- PostgreSQL programs -------------------------------------------------------------------


def _program_major(path: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - a PostgreSQL program we located
            [path, "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def server_major() -> int:
    connection.ensure_connection()
    version = int(getattr(connection, "pg_version", 0))
    return version // 10000 if version >= 100000 else version // 100


def find_pg_program(name: str, major: int) -> str:
    """The PostgreSQL client program ``name`` able to talk to a server of version ``major``:
    ``PG_BIN_DIR`` when set, then Debian's ``/usr/lib/postgresql/<major>/bin``, then one on
    PATH whose version is at least the server's."""
    tried: list[str] = []
    bin_dir = os.environ.get("PG_BIN_DIR", "").strip()
    candidates = [Path(bin_dir) / name] if bin_dir else []
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin") / name)
    for candidate in candidates:
        tried.append(str(candidate))
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    on_path = shutil.which(name)
    if on_path:
        tried.append(on_path)
        found = _program_major(on_path)
        if found is not None and found >= major:
            return on_path
    raise BackupError(
        _(
            "PostgreSQL's %(program)s program for server version %(major)s was not found "
            "(looked in: %(tried)s). Install it with: apt-get install postgresql-client-%(major)s, "
            "or set PG_BIN_DIR to the folder that holds it."
        )
        % {"program": name, "major": major, "tried": ", ".join(tried)}
    )


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    pairs = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db.get("NAME") or "",
    }
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        pairs["PGSSLMODE"] = str(options["sslmode"])
    env.update({key: value for key, value in pairs.items() if value})
    return env


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - a PostgreSQL program we located
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s failed (exit status %(code)s): %(detail)s")
            % {"what": what, "code": result.returncode, "detail": result.stderr.strip()[-2000:]}
        )


# --- backup --------------------------------------------------------------------------------


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"thidua-{connection.vendor}-{stamp}.tar.gz"


def _snapshot_sqlite(target: Path) -> tuple[list[str], str]:
    if connection.in_atomic_block:  # the copy would wait for our own write lock forever
        raise RuntimeError("create_backup() must not run inside a transaction.")
    connection.ensure_connection()
    source = connection.connection  # the live database, file or in memory
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # online backup: consistent while others keep writing
        applied = sorted(
            f"{app}.{name}" for app, name in copy.execute("SELECT app, name FROM django_migrations")
        )
        version = copy.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        copy.close()
    return applied, str(version)


def _snapshot_postgresql(target: Path) -> tuple[list[str], str]:
    major = server_major()
    pg_dump = find_pg_program("pg_dump", major)
    applied = _applied_migrations()
    command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
    _run(command, env=_pg_env(), what="pg_dump")
    return applied, str(major)


def create_backup(output: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write the archive (atomically: a partial file is renamed when complete) and return its
    path and manifest."""
    output = Path(output) if output else default_output()
    if output.exists() and output.is_dir():
        raise BackupError(_("%(path)s is a folder; give a file name.") % {"path": output})
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("Unsupported database: %(vendor)s.") % {"vendor": vendor})
    partial = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.partial")
    with tempfile.TemporaryDirectory(prefix="thidua-backup-", dir=output.parent) as work:
        dump = Path(work) / ("db.sqlite3" if vendor == "sqlite" else "db.dump")
        if vendor == "sqlite":
            applied, server_version = _snapshot_sqlite(dump)
            member = SQLITE_MEMBER
        else:
            applied, server_version = _snapshot_postgresql(dump)
            member = PG_MEMBER
        media_root = Path(settings.MEDIA_ROOT)
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                database = _add_file(tar, dump, member)
                files: list[dict[str, Any]] = []
                if _media_on_disk():
                    for path in _media_files(media_root):
                        if path == partial or Path(work) in path.parents:
                            continue  # the archive itself, when written inside MEDIA_ROOT
                        relative = path.relative_to(media_root).as_posix()
                        try:
                            files.append(_add_file(tar, path, MEDIA_PREFIX + relative))
                        except FileNotFoundError:  # deleted while we walked: not needed
                            continue
                manifest = {
                    "format": FORMAT,
                    "thidua_version": _version(),
                    "created_at": timezone.now().isoformat(),
                    "database": {
                        "vendor": vendor,
                        "server_version": server_version,
                        "file": database,
                    },
                    "migrations": applied,
                    "media": {
                        "storage": getattr(settings, "THIDUA_STORAGE", "filesystem"),
                        "files": files,
                        "total_bytes": sum(item["size"] for item in files),
                    },
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(datetime.now().timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, output)
        finally:
            if partial.exists():
                partial.unlink()
    return output, manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest ``thidua-*.tar.gz`` archives in ``directory``."""
    archives = sorted(directory.glob("thidua-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    doomed = archives[:-keep] if keep > 0 else archives
    for path in doomed:
        path.unlink()
    return doomed


# --- restore -------------------------------------------------------------------------------


def _safe_media_name(name: str) -> str | None:
    """The path under MEDIA_ROOT for an archive member, or None when it is not a plain,
    relative file name inside media/ (no absolute paths, no ``..``)."""
    if not name.startswith(MEDIA_PREFIX):
        return None
    relative = name[len(MEDIA_PREFIX) :]
    parts = relative.split("/")
    if not relative or relative.startswith("/") or any(p in {"", ".", ".."} for p in parts):
        return None
    return relative


def _extract(archive: Path, staging: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Unpack into ``staging`` (database/ and media/), hashing as we go; return the manifest and
    what was actually found for each member."""
    found: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        tar = tarfile.open(archive, mode="r:*")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("%(path)s is not a thidua backup archive (%(error)s).")
            % {"path": archive, "error": exc}
        ) from exc
    with tar:
        try:
            for member in tar:
                if member.name == MANIFEST:
                    handle = tar.extractfile(member)
                    assert handle is not None
                    try:
                        manifest = json.loads(handle.read().decode())
                    except ValueError as exc:
                        raise BackupError(_("The archive's manifest is not valid JSON.")) from exc
                    continue
                if not member.isfile():
                    raise BackupError(
                        _("Unexpected entry in the archive: %(name)s.") % {"name": member.name}
                    )
                if member.name in {SQLITE_MEMBER, PG_MEMBER}:
                    target = staging / member.name
                elif (relative := _safe_media_name(member.name)) is not None:
                    target = staging / "media" / relative
                else:
                    raise BackupError(
                        _("Unexpected entry in the archive: %(name)s.") % {"name": member.name}
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as out:
                    for chunk in iter(lambda: source.read(CHUNK), b""):  # noqa: B023
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[member.name] = {"size": size, "sha256": digest.hexdigest()}
        except (OSError, EOFError, tarfile.TarError) as exc:
            raise BackupError(
                _("The archive %(path)s is damaged or incomplete (%(error)s).")
                % {"path": archive, "error": exc}
            ) from exc
    if manifest is None:
        raise BackupError(
            _("%(path)s has no manifest.json: it is not a thidua backup or it is incomplete.")
            % {"path": archive}
        )
    return manifest, found


def check_manifest(manifest: dict[str, Any]) -> list[str]:
    """Refuse an archive this system cannot take; return the migrations the archive lacks
    (to apply with ``thidua migrate`` after the restore)."""
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Unknown backup format %(format)s (this version reads format %(expected)s).")
            % {"format": manifest.get("format"), "expected": FORMAT}
        )
    vendor = (manifest.get("database") or {}).get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "This backup is of a %(archive)s database but this system is configured for "
                "%(current)s; restore it on a %(archive)s system (DATABASE_URL)."
            )
            % {"archive": vendor, "current": connection.vendor}
        )
    archived = set(manifest.get("migrations") or [])
    known = _known_migrations()
    newer = sorted(archived - known)
    if newer:
        raise BackupError(
            _(
                "This backup comes from a newer version of thidua (%(version)s): it has "
                "%(count)s migrations this code does not know (%(names)s). Upgrade thidua "
                "first, then restore."
            )
            % {
                "version": manifest.get("thidua_version", "?"),
                "count": len(newer),
                "names": ", ".join(newer[:5]) + ("…" if len(newer) > 5 else ""),
            }
        )
    return sorted(known - archived)


def _check_files(manifest: dict[str, Any], found: dict[str, dict[str, Any]]) -> int:
    expected = {manifest["database"]["file"]["path"]: manifest["database"]["file"]}
    for item in manifest["media"]["files"]:
        expected[item["path"]] = item
    for name, item in expected.items():
        got = found.get(name)
        if got is None:
            raise BackupError(
                _("The archive lacks %(name)s, listed in its manifest.") % {"name": name}
            )
        if got["size"] != item["size"] or got["sha256"] != item["sha256"]:
            raise BackupError(
                _("%(name)s in the archive does not match its checksum: the archive is damaged.")
                % {"name": name}
            )
    extra = sorted(set(found) - set(expected))
    if extra:
        raise BackupError(
            _("The archive holds files its manifest does not list: %(names)s.")
            % {"names": ", ".join(extra[:5])}
        )
    return len(manifest["media"]["files"])


def _restore_sqlite(staged: Path) -> None:
    check = sqlite3.connect(staged)
    try:
        verdict = check.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:  # not a database at all
        verdict = str(exc)
    finally:
        check.close()
    if verdict != "ok":
        raise BackupError(
            _("The database in the archive is damaged (%(verdict)s).") % {"verdict": verdict}
        )
    name = str(connection.settings_dict["NAME"])
    in_memory = name in {"", ":memory:"} or "mode=memory" in name
    if not in_memory:
        connections.close_all()
    source = sqlite3.connect(staged)
    try:
        if in_memory:
            # The test database lives in memory: restore into Django's own connection.
            connection.ensure_connection()
            source.backup(connection.connection)
        else:
            target = sqlite3.connect(name, timeout=60)
            try:
                source.backup(target)  # all pages in one write transaction
            finally:
                target.close()
    except sqlite3.Error as exc:
        raise BackupError(
            _("The database could not be replaced: %(error)s") % {"error": exc}
        ) from exc
    finally:
        source.close()


_PRELUDE = """
SET lock_timeout = '30s';
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
END $$;
"""


def _restore_postgresql(staged: Path) -> None:
    major = server_major()
    pg_restore = find_pg_program("pg_restore", major)
    psql = find_pg_program("psql", major)
    env = _pg_env()
    # pg_restore writes the SQL first (--clean --if-exists drops each object before creating
    # it), to a file: if it fails, nothing has been sent to the database.  Then psql runs the
    # prelude and the script in ONE transaction: all or nothing.
    script = staged.with_name("restore.sql")
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            f"--file={script}",
            str(staged),
        ],
        env=env,
        what="pg_restore",
    )
    connections.close_all()
    apply = subprocess.run(  # noqa: S603
        [
            psql,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--command",
            _PRELUDE,
            f"--file={script}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if apply.returncode != 0:
        detail = apply.stderr.strip()[-2000:]
        if "lock timeout" in detail:
            detail = _(
                "other connections hold the tables; stop the app servers and the worker first "
                "(systemctl stop thidua thidua-worker)."
            )
        raise BackupError(
            _("%(what)s failed (exit status %(code)s): %(detail)s")
            % {"what": "psql", "code": apply.returncode, "detail": detail}
        )


def _swap_media(staged: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    staged.mkdir(parents=True, exist_ok=True)
    old = staged.parent / "old-media"
    try:
        if media_root.exists():
            media_root.rename(old)
        staged.rename(media_root)
    except OSError:
        # MEDIA_ROOT is a mount point or on another file system: copy file by file instead.
        if old.exists() and not media_root.exists():
            old.rename(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        keep = set()
        for path in _media_files(staged):
            relative = path.relative_to(staged)
            keep.add(relative)
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        for path in list(_media_files(media_root)):
            if path.relative_to(media_root) not in keep:
                path.unlink()


def restore_backup(archive: Path, *, check_only: bool = False) -> RestoreResult:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("File not found: %(path)s") % {"path": archive})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staging next to MEDIA_ROOT, so the final swap is a rename on the same file system.
    staging = media_root.parent / f".thidua-restore-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=0o700)
    try:
        manifest, found = _extract(archive, staging)
        missing = check_manifest(manifest)
        files = _check_files(manifest, found)
        if check_only:
            return RestoreResult(manifest=manifest, files=files, missing_migrations=missing)
        if manifest["database"]["vendor"] == "sqlite":
            _restore_sqlite(staging / SQLITE_MEMBER)
        else:
            _restore_postgresql(staging / PG_MEMBER)
        if manifest["media"].get("storage", "filesystem") == "filesystem" and _media_on_disk():
            _swap_media(staging / "media")
        return RestoreResult(manifest=manifest, files=files, missing_migrations=missing)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
