"""Load test: the demo province under a realistic mix of users, from a second process.

    .venv/bin/python bench/load_test.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/load_test.py --database sqlite    # one of them
    # --seconds 60 --users 8 --workers 4 --threads 1 --rebuild --pg-url postgres://…/postgres

What it does (see bench/README.md, "Load test"):

1. A scratch database with the demo (``thidua migrate`` + ``thidua demo``, run as
   subprocesses): SQLite file ``var/bench/loadtest/sqlite/thidua.sqlite3`` or the PostgreSQL
   database ``thidua_loadtest``.  The demo is loaded once into a pristine copy
   (``…/pristine.sqlite3`` / database ``thidua_loadtest_pristine``) and every run starts from
   a fresh copy of it (file copy / ``CREATE DATABASE … TEMPLATE``), so runs are comparable;
   ``--rebuild`` reloads the pristine copy.
2. gunicorn on 127.0.0.1 (``--workers`` sync workers by default, ``--threads`` > 1 for
   gthread), with the production-like settings (DEBUG off, persistent connections).
3. This process (which never imports Django) drives ``--users`` concurrent virtual users for
   ``--warmup`` seconds (not measured: each worker imports the views on its first requests)
   then ``--seconds`` measured, each user repeating one journey after another, picked at
   random (fixed seed):

   * officer (30 %): "my campaigns", the registration's progress page, report progress on
     one target with a phone photo (a 1024×768 JPEG) as multipart upload, the page after
     the redirect;
   * office (20 %): the campaign list, the campaign dashboard, one unit's dashboard page,
     the statistics reports home (if present);
   * public (50 %): a new visitor from its own loopback address (127.0.1.x, so per-address
     limits behave as with real visitors): portal home, the public campaigns list and one
     campaign's public page, news list and one article, the polls list, one open poll, and
     a vote in it (then the poll page after the redirect).

   Staff work in signed-in sessions: each virtual user signs in as an officer (or the
   office) on its first journey of that role, and signs out and in again every
   ``SESSION_JOURNEYS`` (10) journeys, so logins (a deliberately slow password hash) weigh
   as they do in an office's day, not once per four pages.

   Links are discovered from the pages (registration, campaign, unit, article and poll ids
   are read from the HTML), never hard-coded; a part of the portal that is absent (no news,
   no open poll) is skipped and reported.
4. Prints requests/s, median and p95 latency per request type and overall, the errors (any
   status >= 400, an unexpected redirect, a connection error: there must be none) and the
   resident memory (RSS) of each gunicorn worker before and after the load.

The client is a thread pool with one ``requests.Session`` per virtual user (requests is
already installed with schemathesis): a closed-loop load without think time, which measures
what the server can carry rather than simulating a number of people, and needs no gevent
(locust's) monkey-patching.  Each request's latency is timed around the complete
response (body read).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import io
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
WORK = REPO / "var" / "bench" / "loadtest"
PG_NAME = "thidua_loadtest"
PASSWORD = os.environ.get("THIDUA_DEMO_PASSWORD", "ThiDua@2020")
OFFICERS = ("canbo.hongdan", "canbo.ntla")
OFFICE = "vanphong"
JOURNEYS = (("officer", 0.3), ("office", 0.2), ("public", 0.5))
# A staff member works in one signed-in session for this many journeys of their role, then
# signs out (and the next journey signs in again): a login costs a password hash (PBKDF2,
# slow on purpose), and an office clerk signs in a few times a day, not before every page.
SESSION_JOURNEYS = 10


# -- the database --------------------------------------------------------------------------


def _run(command: list[str], env: dict[str, str]) -> None:
    started = time.monotonic()
    print("$", " ".join(Path(c).name if c.startswith(str(BIN)) else c for c in command))
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  ({time.monotonic() - started:.0f} s)")


def _base_env(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "THIDUA_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _pg(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _pg_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _pg_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return parts._replace(path="/" + name).geturl()


def prepare(kind: str, args: argparse.Namespace) -> dict[str, str]:
    """A fresh copy of the pristine demo database and its files; the server's environment."""
    var_dir = WORK / kind
    build_dir = var_dir / "build"
    pristine_media = var_dir / "pristine-media"
    pristine_db = var_dir / "pristine.sqlite3"
    pristine_name = PG_NAME + "_pristine"
    var_dir.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        missing = not pristine_db.exists()
    else:
        missing = not _pg_exists(args.pg_url, pristine_name)
    if args.rebuild or missing or not pristine_media.exists():
        shutil.rmtree(build_dir, ignore_errors=True)
        build_dir.mkdir()
        if kind == "sqlite":
            env = _base_env(build_dir, "")
        else:
            _pg(args.pg_url, f'DROP DATABASE IF EXISTS "{pristine_name}" WITH (FORCE)')
            _pg(args.pg_url, f'CREATE DATABASE "{pristine_name}"')
            env = _base_env(build_dir, _pg_url(args.pg_url, pristine_name))
        _run([str(BIN / "thidua"), "migrate", "-v0"], env)
        _run([str(BIN / "thidua"), "demo"], env)
        if kind == "sqlite":
            db = build_dir / "thidua.sqlite3"
            _run([str(BIN / "python"), "-c", _CHECKPOINT, str(db)], env)
            shutil.move(db, pristine_db)
        shutil.rmtree(pristine_media, ignore_errors=True)
        (build_dir / "media").mkdir(exist_ok=True)
        shutil.move(build_dir / "media", pristine_media)
        shutil.rmtree(build_dir)
    shutil.rmtree(var_dir / "media", ignore_errors=True)
    shutil.copytree(pristine_media, var_dir / "media")
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (var_dir / f"thidua.sqlite3{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine_db, var_dir / "thidua.sqlite3")
        env = _base_env(var_dir, "")
    else:
        _pg(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        _pg(args.pg_url, f'CREATE DATABASE "{PG_NAME}" TEMPLATE "{pristine_name}"')
        env = _base_env(var_dir, _pg_url(args.pg_url, PG_NAME))
    _run([str(BIN / "thidua"), "shell", "-c", _SEED_PORTAL], env)
    return env


# News and an open poll for the public journey, only when the demo has none (the portal's own
# demo, when there is one, is used as it is).  Bench data, through the portal's services.
_SEED_PORTAL = r"""
import datetime as dt
from django.utils import timezone
from thidua.org.models import Unit, User
from thidua.portal import services
from thidua.portal.models import Article, ArticleState, Category, Poll
office = User.objects.get(username="vanphong")
province = Unit.objects.get(code="BL")
if not Article.objects.filter(state=ArticleState.PUBLISHED).exists():
    category, _ = Category.objects.get_or_create(slug="tin-phong-trao", name="Tin phong trào")
    for i in range(1, 9):
        article = services.article_create(
            actor=office, unit=province, category=category,
            title=f"Bản tin phong trào thi đua số {i} (dữ liệu đo tải)",
            lead="Tin ngắn về kết quả thi đua của các xã, phường trong tỉnh.",
            body="Các đơn vị tiếp tục cập nhật tiến độ công trình trọng điểm.\n\n" * 12,
        )
        services.article_publish(actor=office, article=article)
now = timezone.now()
open_polls = Poll.objects.filter(opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)
if not open_polls.filter(login_required=False).exists():
    services.poll_create(
        actor=office, unit=province,
        question="Công trình nào của tỉnh nên được biểu dương? (dữ liệu đo tải)",
        options=["Tuyến đường giao thông nông thôn", "Trường học đạt chuẩn", "Trạm y tế xã"],
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=365),
    )
"""

# Fold the WAL into the main file so that one file is the whole database.
_CHECKPOINT = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('PRAGMA journal_mode=DELETE'); "
    "c.close()"
)


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(
    env: dict[str, str], args: argparse.Namespace, port: int
) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "gunicorn"),
        "thidua.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        "--timeout=120",
        "--log-level=warning",
    ]
    if args.threads > 1:
        command += ["--worker-class=gthread", f"--threads={args.threads}"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            sys.exit(f"gunicorn exited at once (code {server.returncode}):\n{err[-2000:]}")
        try:
            answer = requests.get(f"http://127.0.0.1:{port}/livez", timeout=5)
            if answer.status_code == 200 and len(worker_pids(server.pid)) == args.workers:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer /livez within 90 s.")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- the virtual users ---------------------------------------------------------------------


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given loopback address (127.0.0.0/8 is all loopback on Linux)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Unexpected(Exception):
    pass


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    journeys: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class User:
    def __init__(self, base: str, stats: Stats, rng: random.Random, photo: bytes) -> None:
        self.base = base
        self.stats = stats
        self.rng = rng
        self.photo = photo
        self.session = requests.Session()
        self.visitor: requests.Session | None = None
        # account -> (the signed-in session, journeys done in it)
        self.staff: dict[str, list[Any]] = {}
        # account -> the progress pages found to have a target open for reports
        self.reportable: dict[str, set[str]] = defaultdict(set)

    def new_visitor(self, address: str) -> None:
        """A new public visitor: a fresh session from its own loopback address."""
        if self.visitor is not None:
            self.visitor.close()
        self.visitor = requests.Session()
        self.visitor.mount("http://", SourceAddressAdapter(address))
        self.session = self.visitor

    def signed_in(self, username: str) -> None:
        """Use the account's signed-in session; sign out and in again every
        ``SESSION_JOURNEYS`` journeys (the first journey signs in)."""
        held = self.staff.get(username)
        if held is not None and held[1] >= SESSION_JOURNEYS:
            self.session = held[0]
            self.logout("")  # the CSRF token from the cookie
            held[0].close()
            held = None
        if held is None:
            self.session = requests.Session()
            self.login(username)
            held = self.staff[username] = [self.session, 0]
        self.session = held[0]
        held[1] += 1

    def request(
        self, label: str, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any
    ) -> requests.Response:
        url = urljoin(self.base, path)
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, url, allow_redirects=False, timeout=60, **kwargs
            )
            response.content  # noqa: B018 (read the whole body inside the timing)
        except requests.RequestException as exc:
            with self.stats.lock:
                self.stats.errors.append(f"{label} {method} {path}: {exc!r}")
            raise Unexpected from exc
        elapsed = (time.perf_counter() - started) * 1000
        with self.stats.lock:
            self.stats.latencies[label].append(elapsed)
        if response.status_code not in ok:
            with self.stats.lock:
                self.stats.errors.append(
                    f"{label} {method} {path}: HTTP {response.status_code} "
                    f"(expected {ok}) {response.headers.get('Location', '')}"
                )
            raise Unexpected
        return response

    def csrf(self, html: str) -> str:
        found = _CSRF.search(html)
        if found:
            return found.group(1)
        return self.session.cookies.get("csrftoken") or ""

    def skip(self, what: str) -> None:
        with self.stats.lock:
            self.stats.skipped[what] += 1

    # -- journeys

    def login(self, username: str) -> None:
        page = self.request("login (page)", "GET", "/login/")
        self.request(
            "login (post)",
            "POST",
            "/login/",
            ok=(302,),
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf(page.text),
            },
            headers={"Referer": urljoin(self.base, "/login/")},
        )

    def logout(self, html: str) -> None:
        self.request(
            "logout",
            "POST",
            "/logout/",
            ok=(200, 302),
            data={"csrfmiddlewaretoken": self.csrf(html)},
            headers={"Referer": self.base},
        )

    def officer(self) -> None:
        username = self.rng.choice(OFFICERS)
        self.signed_in(username)
        mine = self.request("officer: my campaigns", "GET", "/campaigns/mine/")
        registrations = sorted(set(re.findall(r'href="(/campaigns/registrations/\d+/)', mine.text)))
        # The officer goes to a registration they report on; the first time, they open those
        # listed until one has a target open for reports (some are drafts, closed, or key
        # works only), and remember it.
        known = [r for r in registrations if r + "progress/" in self.reportable[username]]
        self.rng.shuffle(registrations)
        candidates = [self.rng.choice(known)] if known else registrations[:5]
        for registration in candidates:
            progress_url = registration + "progress/"
            page = self.request("officer: progress page", "GET", progress_url)
            items = sorted(set(re.findall(r'name="item" value="(t\d+)"', page.text)))
            if items:
                self.reportable[username].add(progress_url)
                break
        else:
            return self.skip("officer: no target open for reports")
        item = self.rng.choice(items)
        answer = self.request(
            "officer: report progress + photo",
            "POST",
            progress_url,
            ok=(302,),
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "item": item,
                f"{item}-value": str(self.rng.randint(1, 100)),
                f"{item}-note": "Cập nhật tiến độ (kiểm thử tải)",
            },
            files={f"{item}-photos": ("anh-hien-truong.jpg", self.photo, "image/jpeg")},
            headers={"Referer": urljoin(self.base, progress_url)},
        )
        self.request("officer: page after report", "GET", answer.headers["Location"])

    def office(self) -> None:
        self.signed_in(OFFICE)
        listing = self.request("office: campaign list", "GET", "/campaigns/")
        campaigns = sorted(set(re.findall(r'href="/campaigns/(\d+)/"', listing.text)))
        if not campaigns:
            return self.skip("office: no campaign")
        pk = self.rng.choice(campaigns)
        board = self.request("office: dashboard", "GET", f"/campaigns/{pk}/dashboard/")
        units = sorted(
            {
                unescape(u)
                for u in re.findall(rf'href="(/campaigns/{pk}/dashboard/units/[^"]+)"', board.text)
            }
        )
        if units:
            self.request("office: dashboard unit page", "GET", self.rng.choice(units))
        else:
            self.skip("office: no unit link on the dashboard")
        self.request("office: reports home", "GET", "/reports/", ok=(200, 404))

    def public(self) -> None:
        self.new_visitor(f"127.0.{self.rng.randint(1, 254)}.{self.rng.randint(1, 254)}")
        self.request("public: home", "GET", "/")
        listing = self.request("public: campaigns list", "GET", "/public/campaigns/", ok=(200, 404))
        public = sorted(set(re.findall(r'href="(/public/campaigns/\d+/)"', listing.text)))
        if public:
            self.request("public: campaign page", "GET", self.rng.choice(public))
        else:
            self.skip("public: no public campaign")
        news = self.request("public: news list", "GET", "/news/", ok=(200, 404))
        articles = sorted(
            {
                a
                for a in re.findall(r'href="(/news/[^"/]+/)"', news.text)
                if not a.startswith(("/news/rss", "/news/atom", "/news/category", "/news/photo"))
            }
        )
        if articles:
            self.request("public: news article", "GET", self.rng.choice(articles))
        else:
            self.skip("public: no news article")
        polls = self.request("public: polls list", "GET", "/polls/", ok=(200, 404))
        poll_urls = sorted(set(re.findall(r'href="(/polls/\d+/)"', polls.text)))
        if not poll_urls:
            return self.skip("public: no poll")
        # A visitor opens polls until one takes their vote (closed ones and those for
        # logged-in accounts only do not).
        self.rng.shuffle(poll_urls)
        for poll_url in poll_urls[:3]:
            poll = self.request("public: poll page", "GET", poll_url)
            options = re.findall(r'name="option" value="(\d+)"', poll.text)
            if options and f'action="{poll_url}vote/"' in poll.text:
                break
        else:
            return self.skip("public: no poll open for anonymous votes")
        voted = self.request(
            "public: vote",
            "POST",
            poll_url + "vote/",
            ok=(302,),
            data={"csrfmiddlewaretoken": self.csrf(poll.text), "option": self.rng.choice(options)},
            headers={"Referer": urljoin(self.base, poll_url)},
        )
        self.request("public: poll after vote", "GET", voted.headers["Location"])

    def run(self, until: float) -> None:
        names = [name for name, _ in JOURNEYS]
        weights = [w for _, w in JOURNEYS]
        while time.monotonic() < until:
            journey = self.rng.choices(names, weights)[0]
            with contextlib.suppress(Unexpected):  # counted in stats.errors already
                getattr(self, journey)()
            with self.stats.lock:
                self.stats.journeys[journey] += 1


def make_photo() -> bytes:
    from PIL import Image

    rng = random.Random(7)
    image = Image.new("RGB", (1024, 768), (40, 110, 60))
    pixels = image.load()
    assert pixels is not None
    for y in range(0, 768, 2):  # some texture, so that the JPEG weighs what a photo weighs
        for x in range(0, 1024, 2):
            pixels[x, y] = (rng.randint(0, 255), rng.randint(80, 160), rng.randint(0, 120))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def drive(
    base: str, args: argparse.Namespace, seconds: float, seed: int = 1000
) -> tuple[Stats, float]:
    stats = Stats()
    photo = make_photo()
    started = time.monotonic()
    until = started + seconds
    with concurrent.futures.ThreadPoolExecutor(args.users) as pool:
        futures = [
            pool.submit(User(base, stats, random.Random(seed + i), photo).run, until)
            for i in range(args.users)
        ]
        for future in futures:
            future.result()
    return stats, time.monotonic() - started


# -- the report ----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    kind: str,
    stats: Stats,
    elapsed: float,
    before: dict[int, float],
    after: dict[int, float],
    photo_kb: float,
    args: argparse.Namespace,
) -> None:
    load1 = os.getloadavg()[0]
    print(
        f"\n== {kind}: {args.users} users, {elapsed:.0f} s, gunicorn {args.workers} workers"
        + (f" × {args.threads} threads" if args.threads > 1 else " (sync)")
        + f", photo {photo_kb:.0f} KB, load average {load1:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'request':36} {'n':>6} {'req/s':>7} {'median ms':>10} {'p95 ms':>8}")
    every: list[float] = []
    for label in sorted(stats.latencies):
        values = stats.latencies[label]
        every += values
        print(
            f"{label:36} {len(values):6d} {len(values) / elapsed:7.1f} "
            f"{statistics.median(values):10.0f} {percentile(values, 0.95):8.0f}"
        )
    if every:
        print(
            f"{'ALL':36} {len(every):6d} {len(every) / elapsed:7.1f} "
            f"{statistics.median(every):10.0f} {percentile(every, 0.95):8.0f}"
        )
    print("journeys:", ", ".join(f"{k} {v}" for k, v in sorted(stats.journeys.items())))
    if stats.skipped:
        print("skipped:", ", ".join(f"{k} ({v})" for k, v in sorted(stats.skipped.items())))
    print(f"errors: {len(stats.errors)}")
    for line in stats.errors[:10]:
        print("  ", line)
    print("RSS per worker (MB), after start → after the load:")
    for pid in sorted(set(before) | set(after)):
        b = f"{before[pid]:.0f}" if pid in before else "-"
        a = f"{after[pid]:.0f}" if pid in after else "(gone)"
        print(f"   worker {pid}: {b} → {a}")


def run_one(kind: str, args: argparse.Namespace) -> int:
    env = prepare(kind, args)
    port = free_port()
    server = start_gunicorn(env, args, port)
    try:
        base = f"http://127.0.0.1:{port}"
        before = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}
        # Warm-up (not measured): each worker imports the views and templates on its first
        # requests, which a server that has been running has long done.
        warm, _ = drive(base, args, args.warmup, seed=1)
        stats, elapsed = drive(base, args, args.seconds)
        stats.errors[:0] = [f"(warm-up) {e}" for e in warm.errors]
        after = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}
    finally:
        stop(server)
    report(kind, stats, elapsed, before, after, len(make_photo()) / 1024, args)
    return len(stats.errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=8, help="concurrent virtual users")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of unmeasured load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    parser.add_argument("--rebuild", action="store_true", help="reload the pristine demo")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("LOADTEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL maintenance database to create thidua_loadtest from",
    )
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    errors = sum(run_one(kind, args) for kind in kinds)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
