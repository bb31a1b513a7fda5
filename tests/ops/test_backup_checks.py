"""What restore refuses, before it changes anything, and the backup command's own options."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from tests.conftest import Cast
from thidua.core import backup
from thidua.core.backup import BackupError, create_backup, find_pg_program, restore_backup
from thidua.org.models import Unit


@pytest.fixture
def archive(transactional_db: None, cast: Cast, tmp_path: Path) -> Path:
    media = Path(settings.MEDIA_ROOT)
    (media / "ho-so").mkdir(parents=True)
    (media / "ho-so" / "to-trinh.pdf").write_bytes(b"%PDF-1.4 to trinh")
    path, _ = create_backup(tmp_path / "b.tar.gz")
    return path


def _rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Any = None,
    extra: bool = False,
    replace: dict[str, bytes] | None = None,
) -> Path:
    """Copy an archive, changing its manifest or a member, or adding an entry."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member)
            assert data is not None
            body = (replace or {}).get(member.name) or data.read()
            if member.name == "manifest.json" and manifest is not None:
                body = json.dumps(manifest(json.loads(body))).encode()
            member.size = len(body)
            new.addfile(member, io.BytesIO(body))
        if extra:
            info = tarfile.TarInfo("media/../../etc/evil")
            info.size = 4
            new.addfile(info, io.BytesIO(b"evil"))
    return target


def _refused(path: Path, message: str) -> None:
    names_before = set(Unit.objects.values_list("name", flat=True))
    with translation.override("vi"), pytest.raises(BackupError) as error:
        restore_backup(path)
    assert message in str(error.value)
    assert set(Unit.objects.values_list("name", flat=True)) == names_before
    assert (Path(settings.MEDIA_ROOT) / "ho-so" / "to-trinh.pdf").exists()
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".thidua-restore-*"))


def test_the_manifest_lists_vendor_migrations_and_every_file_with_its_checksum(
    archive: Path,
) -> None:
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        manifest = json.loads(handle.read())
    assert names[-1] == "manifest.json"
    assert manifest["format"] == 1
    assert manifest["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "org.0001_initial" in manifest["migrations"]
    [item] = manifest["media"]["files"]
    assert item["path"] == "media/ho-so/to-trinh.pdf"
    assert item["size"] == len(b"%PDF-1.4 to trinh")
    assert len(item["sha256"]) == 64


def test_it_refuses_an_archive_of_the_other_database(archive: Path, tmp_path: Path) -> None:
    def other(m: dict[str, Any]) -> dict[str, Any]:
        m["database"]["vendor"] = "postgresql" if m["database"]["vendor"] == "sqlite" else "sqlite"
        return m

    _refused(_rewrite(archive, tmp_path / "x.tar.gz", manifest=other), "Bản sao lưu này là của")


def test_it_refuses_an_archive_from_a_newer_version(archive: Path, tmp_path: Path) -> None:
    def newer(m: dict[str, Any]) -> dict[str, Any]:
        m["migrations"].append("org.9999_from_the_future")
        return m

    path = _rewrite(archive, tmp_path / "x.tar.gz", manifest=newer)
    _refused(path, "phiên bản thidua mới hơn")
    _refused(path, "org.9999_from_the_future")


def test_it_refuses_a_damaged_file(archive: Path, tmp_path: Path) -> None:
    def wrong(m: dict[str, Any]) -> dict[str, Any]:
        m["media"]["files"][0]["sha256"] = "0" * 64
        return m

    path = _rewrite(archive, tmp_path / "x.tar.gz", manifest=wrong)
    _refused(path, "media/ho-so/to-trinh.pdf trong bản sao lưu không khớp mã kiểm tra")


def test_a_database_copy_that_does_not_load_changes_nothing(archive: Path, tmp_path: Path) -> None:
    """Checksums right (the manifest was rewritten to match) but the database copy is not one:
    SQLite's check or pg_restore refuses it before anything is sent to the database."""
    garbage = b"this is not a database " * 200
    member = "database/db.sqlite3" if connection.vendor == "sqlite" else "database/db.dump"

    def matching(m: dict[str, Any]) -> dict[str, Any]:
        m["database"]["file"].update(size=len(garbage), sha256=hashlib.sha256(garbage).hexdigest())
        return m

    path = _rewrite(archive, tmp_path / "x.tar.gz", manifest=matching, replace={member: garbage})
    expected = (
        "Cơ sở dữ liệu trong bản sao lưu bị hỏng"
        if connection.vendor == "sqlite"
        else "pg_restore bị lỗi"
    )
    _refused(path, expected)


def test_it_refuses_a_path_outside_the_media_folder(archive: Path, tmp_path: Path) -> None:
    path = _rewrite(archive, tmp_path / "x.tar.gz", extra=True)
    _refused(path, "Bản sao lưu có mục lạ: media/../../etc/evil")
    assert not (tmp_path.parent / "etc" / "evil").exists()


def test_it_refuses_a_truncated_archive_or_one_without_manifest(
    archive: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / "cut.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _refused(truncated, "bị hỏng hoặc không đầy đủ")
    bare = tmp_path / "bare.tar.gz"
    with tarfile.open(bare, "w:gz") as tar:
        tar.add(Path(settings.MEDIA_ROOT) / "ho-so" / "to-trinh.pdf", arcname="media/a.pdf")
    _refused(bare, "không có manifest.json")
    text = tmp_path / "notes.txt"
    text.write_text("không phải tệp nén")
    _refused(text, "không phải là tệp sao lưu của thidua")


def test_restore_asks_first_and_check_changes_nothing(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError, match="thêm --yes"):
        call_command("restore", str(archive))
    Unit.objects.update(name="Đổi tên")
    call_command("restore", str(archive), "--check")
    assert "đầy đủ và khôi phục được" in capsys.readouterr().out
    assert set(Unit.objects.values_list("name", flat=True)) == {"Đổi tên"}


def test_a_missing_pg_dump_gets_a_vietnamese_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PG_BIN_DIR", str(tmp_path))
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with translation.override("vi"), pytest.raises(BackupError) as error:
        find_pg_program("pg_dump", 99)
    message = str(error.value)
    assert "Không tìm thấy chương trình pg_dump của PostgreSQL phiên bản 99" in message
    assert "apt-get install postgresql-client-99" in message
    assert "/usr/lib/postgresql/99/bin/pg_dump" in message


def test_an_older_pg_dump_on_path_is_not_used_for_a_newer_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n")
    old.chmod(0o755)
    monkeypatch.delenv("PG_BIN_DIR", raising=False)
    monkeypatch.setattr(backup.shutil, "which", lambda name: str(old))
    with pytest.raises(BackupError):
        find_pg_program("pg_dump", 98)
    assert find_pg_program("pg_dump", 12) == str(old)


def test_keep_prunes_the_oldest_archives(
    transactional_db: None, cast: Cast, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for index in range(3):
        old = folder / f"thidua-sqlite-2020010{index}-000000.tar.gz"
        old.write_bytes(b"old")
        old.touch()
    for index, path in enumerate(sorted(folder.iterdir())):
        os.utime(path, (1_600_000_000 + index, 1_600_000_000 + index))
    call_command("backup", "--output", str(folder / "thidua-new.tar.gz"), "--keep", "2")
    assert sorted(p.name for p in folder.iterdir()) == [
        "thidua-new.tar.gz",
        "thidua-sqlite-20200102-000000.tar.gz",
    ]
