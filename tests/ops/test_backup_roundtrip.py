"""thidua backup, then damage, then thidua restore: every table and every uploaded file comes
back exactly, on the database of the run (SQLite file, or PostgreSQL scratch database
``thidua_ops_restore``).  The backup is taken while another connection keeps writing."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from django.conf import settings

from tests.campaigns.conftest import draft_campaign, pdf_bytes, upload
from tests.conftest import Cast
from tests.ops.scratch import THIDUA, clone_test_database, media_state
from thidua.campaigns import services

PROBE = "ops_probe"


def _thidua(scratch_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [THIDUA, *args], env=scratch_env, capture_output=True, text=True, check=False, timeout=300
    )


def _load_dataset(cast: Cast, media_root: Path) -> None:
    campaign = draft_campaign(cast)
    services.campaign_attach_plan(
        actor=cast.office, campaign=campaign, upload=upload("Kế hoạch thi đua.pdf", pdf_bytes())
    )
    # A file with a Vietnamese name in a folder of its own, and an empty one.
    (media_root / "tài liệu").mkdir(parents=True)
    (media_root / "tài liệu" / "Tờ trình số 5.txt").write_text("Tờ trình khen thưởng năm 2020\n")
    (media_root / "empty.bin").write_bytes(b"")


def test_a_backup_restores_every_row_and_every_file(
    migrated_data: None, cast: Cast, tmp_path: Path
) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    _load_dataset(cast, media_root)
    scratch = clone_test_database(tmp_path, "thidua_ops_restore", media_root)
    try:
        before = scratch.snapshot()
        files_before = media_state(media_root)
        assert before["campaigns_campaign"][0] == 1 and before["org_unit"][0] >= 6
        assert len(files_before) == 3

        # Back up while another connection keeps inserting rows.
        db = scratch.connect()
        db.execute(f"CREATE TABLE {PROBE} (id integer PRIMARY KEY, note text)")
        stop = threading.Event()
        written = [0]

        def writer() -> None:
            conn = scratch.connect()
            while not stop.is_set():
                written[0] += 1
                conn.execute(f"INSERT INTO {PROBE} VALUES ({written[0]}, 'x')")  # noqa: S608
            conn.close()

        thread = threading.Thread(target=writer)
        thread.start()
        archive = tmp_path / "backups" / "thidua.tar.gz"
        try:
            result = _thidua(scratch.env, "backup", "--output", str(archive))
        finally:
            stop.set()
            thread.join()
        assert result.returncode == 0, result.stderr
        assert "Đã sao lưu" in result.stdout
        assert oct(archive.stat().st_mode & 0o777) == "0o600"
        assert written[0] > 0

        # Damage: rename every unit, delete the audit trail, drop a table, delete the plan
        # file, change one file, add another.
        db.execute("UPDATE org_unit SET name = 'Đã đổi tên'")
        db.execute("DELETE FROM core_auditevent")
        db.execute(f"DROP TABLE {PROBE}")
        db.close()
        plan = next(p for p in media_root.rglob("*.pdf"))
        plan.unlink()
        (media_root / "tài liệu" / "Tờ trình số 5.txt").write_text("sửa sau khi sao lưu\n")
        (media_root / "added-later.txt").write_text("mới\n")
        assert scratch.snapshot() != before
        assert media_state(media_root) != files_before

        result = _thidua(scratch.env, "restore", str(archive), "--yes")
        assert result.returncode == 0, result.stderr
        assert "Đã khôi phục" in result.stdout

        after = scratch.snapshot(skip=frozenset({PROBE}))
        assert after == before
        assert media_state(media_root) == files_before
        # The probe table came back as one consistent snapshot: rows 1..n, none missing.
        db = scratch.connect()
        ids = [row[0] for row in db.execute(f"SELECT id FROM {PROBE} ORDER BY id").fetchall()]  # noqa: S608
        db.close()
        assert ids == list(range(1, len(ids) + 1))
        # No staging folder is left next to MEDIA_ROOT.
        assert not list(media_root.parent.glob(".thidua-restore-*"))
    finally:
        scratch.drop()
