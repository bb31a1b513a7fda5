"""Fault test: PostgreSQL restarts under load and the app recovers without manual steps.

A private, throw-away PostgreSQL cluster is created for the test (initdb in a temporary
directory, its own port on 127.0.0.1; the shared server on 5432 is never touched), the
schema is migrated into it, and gunicorn (two sync workers with persistent connections,
``DB_CONN_MAX_AGE=60``, as in production) serves the app from it.  A client thread keeps
sending API requests that read the database while the cluster is restarted (``pg_ctl
restart -m fast``, which drops every connection).  Requests during the restart may fail;
once the restart is over, every request must succeed with the right answer: the workers'
stale connections are replaced by Django's ``CONN_HEALTH_CHECKS`` on their own.

Skipped, with the reason, when the PostgreSQL server binaries or ``runuser`` are missing
(initdb refuses to run as root, so the cluster runs as the ``postgres`` OS user).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bindir: Path
    data: Path
    socket_dir: Path
    port: int

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.data.parent / "server.log"),
                "-w",
                "-t",
                "60",
                *args,
            ],
            check=True,
            capture_output=True,
        )

    def options(self) -> str:
        return (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # The test brings its own cluster whatever the test database is: once per test
        # command is enough, in the PostgreSQL pass (it takes minutes on this machine).
        pytest.skip("runs in the PostgreSQL pass of the test command (DATABASE_URL=postgres://…)")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
    if shutil.which("runuser") is None:
        pytest.skip("runuser is missing: initdb must run as the postgres OS user")
    if os.geteuid() != 0:
        pytest.skip("needs root to run the throw-away cluster as the postgres OS user")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="thidua-pg-fault-"))
    root.chmod(0o755)
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    shutil.chown(root, "postgres")
    shutil.chown(sockets, "postgres")
    made = Cluster(bindir=bindir, data=data, socket_dir=sockets, port=_free_port())
    try:
        initdb = subprocess.run(
            ["runuser", "-u", "postgres", "--", str(bindir / "initdb"), "-D", str(data),
             "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if initdb.returncode != 0:
            pytest.skip(f"initdb failed: {initdb.stderr.strip()[-300:]}")
        made.ctl("-o", made.options(), "start")
        yield made
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(bindir / "pg_ctl"), "-D", str(data),
             "-m", "immediate", "stop"],
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Traffic:
    """Requests sent by the client thread: (time sent, time answered, ok?, what)."""

    results: list[tuple[float, float, bool, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _send(base: str, token: str, traffic: Traffic) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    while not traffic.stop.is_set():
        started = time.monotonic()
        try:
            me = session.get(f"{base}/api/v1/me", timeout=30)
            units = session.get(f"{base}/api/v1/units?limit=5", timeout=30)
            ok = (
                me.status_code == 200
                and me.json().get("username") == "fault"
                and units.status_code == 200
                and units.json()["count"] == 1
            )
            what = f"{me.status_code}/{units.status_code}"
        except (requests.RequestException, ValueError) as exc:
            ok, what = False, repr(exc)[:200]
        traffic.results.append((started, time.monotonic(), ok, what))
        time.sleep(0.05)


def test_the_app_recovers_by_itself_when_postgresql_restarts(
    cluster: Cluster, tmp_path: Path
) -> None:
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE thidua_fault")
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url("thidua_fault"),
        "DB_CONN_MAX_AGE": "60",  # persistent connections, the ones a restart breaks
        "THIDUA_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "fault-test-only-" + "x" * 40,
        "DEBUG": "false",
        "DJANGO_SUPERUSER_PASSWORD": "Fault-Test-Password-1",
    }
    env.pop("THIDUA_PROFILE", None)
    thidua = str(BIN / "thidua")
    subprocess.run([thidua, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [thidua, "createsuperuser", "--noinput", "--username", "fault", "--email", "f@x.vn"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [thidua, "shell", "-c", _ONE_UNIT],
        env=env,
        check=True,
        capture_output=True,
    )
    token = (
        subprocess.run(
            [thidua, "token", "create", "fault"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "thidua.wsgi", f"--bind=127.0.0.1:{port}", "--workers=2",
         "--timeout=60", "--log-level=warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    traffic = Traffic()
    client = threading.Thread(target=_send, args=(base, token, traffic), daemon=True)
    try:
        _wait_for(base)
        client.start()
        _wait_until(lambda: sum(ok for *_, ok, _w in traffic.results) >= 20, 60)
        assert all(ok for *_, ok, _w in traffic.results), traffic.results[:5]

        cluster.ctl("-m", "fast", "-o", cluster.options(), "restart")
        restarted_at = time.monotonic()

        _wait_until(lambda: sum(r[0] > restarted_at for r in traffic.results) >= 40, 120)
        traffic.stop.set()
        client.join(timeout=60)
    finally:
        traffic.stop.set()
        server.terminate()
        server.wait(timeout=30)

    after = [r for r in traffic.results if r[0] > restarted_at]
    failed_after = [r for r in after if not r[2]]
    assert len(after) >= 40
    assert not failed_after, f"{len(failed_after)} of {len(after)} failed: {failed_after[:5]}"


_ONE_UNIT = (
    "from thidua.org.models import UnitKind, User\n"
    "from thidua.org.services import unit_create\n"
    "admin = User.objects.get(username='fault')\n"
    "unit_create(actor=admin, code='BL', name='Tỉnh Bạc Liêu', kind=UnitKind.PROVINCE)\n"
)


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/livez", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError("gunicorn did not start")


def _wait_until(condition: object, seconds: float) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
