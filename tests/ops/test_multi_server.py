"""Two gunicorn app servers and one worker, in the production profile, sharing one PostgreSQL
database of their own (``thidua_ops_multi``) and the local Redis (database 5, flushed before
and after): a workflow carried across both servers must be consistent, i.e. no state that
matters lives in one process.

The test plays nginx: every request carries ``X-Forwarded-Proto: https`` (so the production
settings stay as they are: HTTPS redirect, secure cookies, HSTS) and ``X-Forwarded-For`` with
the visitor's address.  Cookies are kept by hand (the standard cookie jar would not send
``Secure`` cookies over the loopback's plain HTTP).

PostgreSQL only (skipped on SQLite); skipped when Redis is not on 127.0.0.1:6379
(``scripts/test`` starts it).   Run alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_ops \
        .venv/bin/pytest tests/ops/test_multi_server.py -p no:cacheprovider
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import Cast
from tests.factories import PASSWORD
from tests.ops.scratch import THIDUA, clone_test_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the multi-server test runs on PostgreSQL (DATABASE_URL=postgres://…)",
    ),
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Visitor:
    """One browser behind nginx: its own address and cookies."""

    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, server: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        host = server.removeprefix("http://")
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": f"https://{host}{path}",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, server + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        for raw in response.raw.headers.getlist("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server: str, path: str) -> requests.Response:
        return self.request(server, "GET", path)

    def post(
        self, server: str, path: str, data: dict[str, Any], **kwargs: Any
    ) -> requests.Response:
        """POST a form the way a browser does: first the page (for the CSRF token)."""
        page = self.get(server, kwargs.pop("form_path", path))
        match = CSRF.search(page.text)
        token = match.group(1) if match else self.cookies.get("csrftoken", "")
        return self.request(
            server, "POST", path, data={"csrfmiddlewaretoken": token, **data}, **kwargs
        )


@dataclass
class Cluster:
    a: str
    b: str
    env: dict[str, str]
    logs: Path
    worker: bool


def _wait_healthy(server: str, processes: list[subprocess.Popen[bytes]], logs: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"a server stopped at start:\n{_tail(logs)}")
        try:
            if requests.get(server + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"{server} did not become healthy:\n{_tail(logs)}")


def _tail(logs: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(logs.glob("*.log")))


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def cluster(migrated_data: None, cast: Cast, tmp_path: Path) -> Iterator[Cluster]:
    if connection.vendor != "postgresql":
        pytest.skip("the multi-server test runs on PostgreSQL (DATABASE_URL=postgres://…)")
    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL} (scripts/test starts one)")
    store.flushdb()
    # Passwords as production stores them (the tests' fast MD5 hasher is not enabled there).
    hasher = PBKDF2PasswordHasher()
    for user in (cast.admin, cast.office):
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
    from thidua.portal.models import Poll, PollOption

    poll = Poll.objects.create(
        question="Chọn phong trào thi đua tiêu biểu năm 2020",
        unit=cast.province,
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=10),
    )
    PollOption.objects.create(poll=poll, label="Dân vận khéo", position=1)

    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    scratch = clone_test_database(tmp_path, "thidua_ops_multi", media)
    redis_queue = importlib.util.find_spec("thidua.jobs.redis_backend") is not None
    env = {
        **scratch.env,
        "THIDUA_PROFILE": "production",
        "SECRET_KEY": "ops-multi-server-test-key-4f7c0a9e2b1d8c6e5a3f",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": REDIS_URL,
        "TASKS_BACKEND": "redis" if redis_queue else "database",
        "STATIC_MANIFEST": "false",  # no collectstatic in the test; everything else production
        "AXES_FAILURE_LIMIT": "3",
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    ports = [_free_port(), _free_port()]
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, command: list[str], extra: dict[str, str]) -> None:
        log = (logs / f"{name}.log").open("wb")
        processes.append(
            subprocess.Popen(
                command,
                env={**env, **extra},
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as one
            )
        )

    gunicorn = [str(BIN / "gunicorn"), "--config", str(REPO / "deploy/gunicorn.conf.py")]
    try:
        for name, port in zip("ab", ports, strict=True):
            bind = {"GUNICORN_BIND": f"127.0.0.1:{port}"}
            start(f"server-{name}", [*gunicorn, "thidua.wsgi:application"], bind)
        has_worker = importlib.util.find_spec("thidua.jobs") is not None
        if has_worker:
            start("worker", [THIDUA, "worker", "--interval", "0.2", "--no-schedule"], {})
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for server in servers:
            _wait_healthy(server, processes, logs)
        yield Cluster(a=servers[0], b=servers[1], env=env, logs=logs, worker=has_worker)
    finally:
        _stop(processes)
        store.flushdb()
        scratch.drop()


def test_a_workflow_carried_across_two_servers_is_consistent(cluster: Cluster) -> None:
    a, b = cluster.a, cluster.b
    clerk = Visitor("203.0.113.10")

    # Production behaviour behind nginx: plain HTTP is sent to HTTPS, HTTPS gets HSTS.
    plain = requests.get(a + "/login/", allow_redirects=False, timeout=30)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    page = clerk.get(a, "/login/")
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    if "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE:
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]

    # Log in on A; the session works on B (sessions in PostgreSQL, one SECRET_KEY).
    login = clerk.post(a, "/login/", {"username": "admin", "password": PASSWORD})
    assert login.status_code == 302, login.text[-2000:]
    assert "sessionid" in clerk.cookies
    assert clerk.get(b, "/account/").status_code == 200
    assert Visitor("203.0.113.99").get(b, "/account/").status_code == 302  # anonymous

    # Create a unit on A, read it on B.
    created = clerk.post(
        a,
        "/units/new/",
        {
            "code": "BL-OPS",
            "name": "Phòng Thử nghiệm Nhiều máy chủ",
            "kind": "department",
            "parent": "BL",
        },
    )
    assert created.status_code == 302, created.text[-3000:]
    shown = clerk.get(b, "/units/BL-OPS/")
    assert shown.status_code == 200
    assert "Phòng Thử nghiệm Nhiều máy chủ" in shown.text

    # Login lockout (django-axes, in PostgreSQL): failures on A and B add up for one
    # visitor; another visitor behind the same nginx is not locked out.
    intruder = Visitor("198.51.100.23")
    for server in (a, b, a):
        wrong = intruder.post(server, "/login/", {"username": "office", "password": "sai"})
        assert wrong.status_code in {200, 429}
    locked = intruder.post(b, "/login/", {"username": "office", "password": PASSWORD})
    assert locked.status_code == 429
    assert (
        Visitor("198.51.100.24")
        .post(a, "/login/", {"username": "office", "password": PASSWORD})
        .status_code
        == 302
    )

    # A per-address limit counted in Redis: poll votes from one address, alternating
    # servers, stop at the limit; another address still votes.
    from thidua.portal.polls import VOTES_PER_ADDRESS

    voter = Visitor("192.0.2.50")
    poll_page = voter.get(a, "/polls/")
    poll_id = re.search(r"/polls/(\d+)/", poll_page.text)
    assert poll_id, poll_page.text[-2000:]
    path = f"/polls/{poll_id.group(1)}/"
    detail = voter.get(a, path)
    option = re.search(r'name="option"[^>]*value="(\d+)"', detail.text) or re.search(
        r'value="(\d+)"[^>]*name="option"', detail.text
    )
    assert option, detail.text[-2000:]
    token = CSRF.search(detail.text)
    assert token
    statuses = []
    for index in range(VOTES_PER_ADDRESS + 1):
        voter.cookies = {"csrftoken": voter.cookies["csrftoken"]}  # a fresh browser each time
        response = voter.request(
            (a, b)[index % 2],
            "POST",
            path + "vote/",
            data={"csrfmiddlewaretoken": token.group(1), "option": option.group(1)},
        )
        statuses.append(response.status_code)
    assert statuses[:-1] == [302] * VOTES_PER_ADDRESS
    assert statuses[-1] == 429
    other = Visitor("192.0.2.51")
    other.get(b, path)
    assert (
        other.post(b, path + "vote/", {"option": option.group(1)}, form_path=path).status_code
        == 302
    )

    # A background job started on A, done by the worker, seen on B.
    if not cluster.worker:
        pytest.skip("no jobs app: the background-job part needs `thidua worker`")
    template = clerk.get(a, "/imports/templates/people.xlsx")
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = next(  # the data sheet (the template also has an instructions sheet)
        ws for ws in workbook.worksheets if str(ws.cell(1, 1).value or "").startswith("Mã cán bộ")
    )
    sheet.cell(row=2, column=1, value="CB-OPS-1")
    sheet.cell(row=2, column=2, value="Trần Thị Nhiều Máy")
    sheet.cell(row=2, column=7, value="BL-HD")
    upload = io.BytesIO()
    workbook.save(upload)
    started = clerk.post(
        a,
        "/imports/people/",
        {},
        form_path="/imports/",
        files={"file": ("can-bo.xlsx", upload.getvalue())},
    )
    assert started.status_code == 302, started.text[-3000:]
    job_path = urlsplit(started.headers["Location"]).path
    deadline = time.monotonic() + 60
    state = ""
    while time.monotonic() < deadline:
        page = clerk.get(b, job_path)
        assert page.status_code == 200
        match = re.search(r'data-state="(\w+)"', page.text)
        state = match.group(1) if match else ""
        if state in {"succeeded", "failed"}:
            break
        time.sleep(0.5)
    assert state == "succeeded", _tail(cluster.logs) + page.text[-3000:]
    person = clerk.get(b, "/people/CB-OPS-1/")
    assert person.status_code == 200, page.text[-3000:]
    assert "Trần Thị Nhiều Máy" in person.text
