"""Benchmark of the campaign dashboard on a synthetic campaign 20× the 2020 demo.

    .venv/bin/python bench/campaign_bench.py [--units 1500] [--targets 20000]
        [--updates 200000] [--requests 30] [--clients 16] [--seconds 30]
        [--database-url postgres://…/thidua_campaign_bench] [--reuse]
        [--server gunicorn|runserver] [--workers 2] [--threads 4]
        [--redis-url redis://127.0.0.1:6379/6]

Without ``--database-url`` the data goes to a fresh SQLite file, ``bench/out/campaign.sqlite3``.
With a PostgreSQL URL the database named in it is DROPPED and recreated (its name must contain
"bench").  ``--reuse`` keeps a database made by an earlier run (no drop, no generation).

Steps:

1. Migrate, then generate with bulk writes (benchmark set-up, not the application's write
   path: no audit events): a province with departments and districts of communes (about
   ``--units`` participating units), one launched campaign over the province's subtree, an
   approved registration per unit with about ``--targets`` targets in all (a quarter "less is
   better", one "N of M communes meet the new-rural standard" target per district), one or
   two key works per unit with milestones, the 19 new-rural criteria assessed twice for every
   commune, and ``--updates`` progress reports spread weekly over the campaign (COPY on
   PostgreSQL, ``executemany`` on SQLite).
2. Server time: ``--requests`` GETs of the dashboard (``campaign_dash:overview``, logged in as
   the province's emulation office), of ``/livez`` (a trivial view: no query) and of
   ``/healthz`` (database, cache and queue checks) through Django's test client in this
   process (after two warm-up requests): median and 95th percentile, and the number of SQL
   queries of one request.  The cache is the shared Redis cache (``--redis-url``), as in
   production, so the board computed here is the one the server reads in step 3.
3. Throughput: gunicorn (``--workers`` processes × ``--threads`` threads, as in production;
   ``--server runserver`` for Django's development server) in a subprocess on loopback, with
   the same settings, database and cache; after one warm-up request per client,
   ``--clients`` threads each send requests one after another (a new connection per request,
   ``http.client``) for ``--seconds`` seconds, to the dashboard, then ``/livez``, then
   ``/healthz`` (with a pause between them for the loopback ports to drain); requests/s of
   each and the dashboard's ratio to each trivial view (goal ≥ 0.5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
SQLITE_FILE = OUT / "campaign.sqlite3"

START = dt.date(2020, 5, 15)
DEADLINE = dt.date(2020, 9, 2)
CODE = "BENCH-2020"
OFFICE = "bench_office"
INDICATORS = [
    ("Thu nhập bình quân đầu người", "triệu đồng", 38, 45, "more"),
    ("Tỷ lệ hộ nghèo", "%", 6, 3, "less"),
    ("Đường giao thông nông thôn được cứng hóa", "km", 10, 16, "more"),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", 85, 95, "more"),
    ("Số vụ vi phạm trật tự an toàn giao thông", "vụ", 40, 20, "less"),
    ("Số hộ đạt gia đình văn hóa", "hộ", 800, 1000, "more"),
    ("Tỷ lệ hộ dùng nước sạch", "%", 70, 90, "more"),
    ("Số hồ sơ trễ hạn", "hồ sơ", 30, 5, "less"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1500, help="participating units (about)")
    parser.add_argument("--targets", type=int, default=20_000)
    parser.add_argument("--updates", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30, help="in-process timed requests")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30.0, help="load duration per URL")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="", help="postgres://… (default: SQLite)")
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's data")
    parser.add_argument("--no-load", action="store_true", help="skip the concurrent load test")
    parser.add_argument(
        "--server",
        choices=("gunicorn", "runserver"),
        default="gunicorn",
        help="the server of step 3 (gunicorn, as in production; runserver as before)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/6",
        help="shared cache of this process and the server ('' for per-process memory)",
    )
    parser.add_argument("--seed", type=int, default=2020)
    return parser.parse_args()


# -- Django set-up -------------------------------------------------------------------------


def database_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    """Environment shared by this process and the server subprocess."""
    env = {
        "THIDUA_VAR_DIR": str(OUT),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DATABASE_URL": database_url or f"sqlite:///{SQLITE_FILE}",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # runserver starts a thread per request: persistent connections would pile up (on
        # PostgreSQL, past max_connections) instead of being reused.
        "DB_CONN_MAX_AGE": "0",
    }
    if redis_url:
        # The cache production uses, shared by this process and every server worker: the
        # board computed in step 2 is the one the server's workers read in step 3.
        env["REDIS_URL"] = redis_url
    return env


def setup_django(database_url: str, *, reuse: bool, redis_url: str = "") -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(database_env(database_url, redis_url))
    if not reuse:
        if database_url:
            recreate_postgres(database_url)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def recreate_postgres(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    conninfo: dict[str, Any] = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- data generation -------------------------------------------------------------------------


def bulk_insert(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """Raw inserts: COPY on PostgreSQL, executemany in batches of 20,000 on SQLite."""
    from django.db import connection, transaction

    count = 0
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    chunk: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 20_000:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def generate(args: argparse.Namespace) -> dict[str, int]:
    from django.db import connection, transaction

    from thidua.campaigns.models import (
        Campaign,
        CampaignParticipant,
        CampaignState,
        CriteriaSet,
        Criterion,
        KeyWork,
        Milestone,
        Registration,
        RegistrationState,
        Target,
        TargetKind,
    )
    from thidua.core.text import fold
    from thidua.org.models import PATH_SEGMENT, Role, Unit, User, path_segment

    rng = random.Random(args.seed)
    departments = 20
    districts = max(1, round(args.units / 100))
    communes = max(1, (args.units - departments - districts) // districts)
    next_id = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units: list[Unit] = []

    def add(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        nonlocal next_id
        path = (parent.path if parent else "") + path_segment(next_id)
        unit = Unit(
            pk=next_id,
            code=code,
            name=name,
            name_folded=fold(f"{name} {code}"),
            kind=kind,
            parent=parent,
            path=path,
            depth=len(path) // PATH_SEGMENT - 1,
        )
        next_id += 1
        units.append(unit)
        return unit

    province = add("BENCH", "Tỉnh Thử Nghiệm", "province", None)
    for s in range(1, departments + 1):
        add(f"BENCH-S{s:02d}", f"Sở số {s}", "department", province)
    district_units = []
    for d in range(1, districts + 1):
        district = add(f"BENCH-D{d:02d}", f"Huyện Thử Nghiệm {d}", "district", province)
        district_units.append(district)
        for c in range(1, communes + 1):
            add(f"BENCH-D{d:02d}-C{c:03d}", f"Xã {c} huyện {d}", "commune", district)
    with transaction.atomic():
        Unit.objects.bulk_create(units, batch_size=2000)
        office = User.objects.create_user(
            username=OFFICE, password=None, unit=province, role=Role.OFFICE
        )  # no password: the benchmark logs in with force_login
        campaign = Campaign.objects.create(
            code=CODE,
            name="Thi đua đặc biệt (tổng hợp benchmark)",
            issuing_unit=province,
            document_number="01/KH-BENCH",
            document_date=START,
            document_signer="Chủ tịch UBND tỉnh",
            purpose="Đo tốc độ trang tổng quan.",
            start_date=START,
            deadline=DEADLINE,
            registration_deadline=START + dt.timedelta(days=30),
            state=CampaignState.LAUNCHED,
            created_by=office,
        )
        CampaignParticipant.objects.create(campaign=campaign, unit=province, include_subtree=True)
        participants = units[1:]
        Registration.objects.bulk_create(
            [
                Registration(campaign=campaign, unit=u, state=RegistrationState.APPROVED)
                for u in participants
            ],
            batch_size=2000,
        )
        reg_of = dict(Registration.objects.filter(campaign=campaign).values_list("unit_id", "pk"))
        ntm = CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
        communes_by_district: dict[int, int] = {}
        for u in participants:
            if u.kind == "commune" and u.parent_id is not None:
                communes_by_district[u.parent_id] = communes_by_district.get(u.parent_id, 0) + 1
        targets: list[Target] = [
            Target(
                registration_id=reg_of[d.pk],
                kind=TargetKind.STANDARD_COUNT,
                name="Số xã đạt chuẩn nông thôn mới",
                target_value=Decimal(communes_by_district.get(d.pk, 0)),
                baseline=Decimal(0),
                criteria_set=ntm,
                scope_unit=d,
                due_date=DEADLINE,
                public=True,
            )
            for d in district_units
        ]
        per_unit = max(1, (args.targets - len(targets)) // len(participants))
        extra = (args.targets - len(targets)) - per_unit * len(participants)
        for n, u in enumerate(participants):
            for i in range(per_unit + (1 if n < extra else 0)):
                name, measure, base, goal, way = INDICATORS[i % len(INDICATORS)]
                scale = 1 + (n % 7) / 10
                targets.append(
                    Target(
                        registration_id=reg_of[u.pk],
                        name=f"{name} ({i + 1})",
                        indicator=name,
                        measure=measure,
                        baseline=Decimal(f"{base * scale:.2f}"),
                        target_value=Decimal(f"{goal * scale:.2f}"),
                        direction="less_is_better" if way == "less" else "more_is_better",
                        weight=Decimal(1 + i % 3),
                        due_date=DEADLINE - dt.timedelta(days=7 * (i % 4)),
                        public=i == 0,
                        position=i,
                    )
                )
        Target.objects.bulk_create(targets, batch_size=2000)
        works = [
            KeyWork(
                registration_id=reg_of[u.pk],
                name=f"Công trình trọng điểm {k + 1} của {u.name}",
                place=u.name,
                cost=Decimal(rng.randrange(500, 5000) * 1_000_000),
                weight=Decimal(2),
                due_date=DEADLINE - dt.timedelta(days=14 * k),
                public=k == 0,
                position=k,
            )
            for n, u in enumerate(participants)
            for k in range(1 + n % 2)
        ]
        KeyWork.objects.bulk_create(works, batch_size=2000)
        work_ids = list(
            KeyWork.objects.filter(registration__campaign=campaign).values_list("pk", flat=True)
        )
        Milestone.objects.bulk_create(
            [
                Milestone(key_work_id=w, name=f"Giai đoạn {m + 1}", position=m)
                for w in work_ids[::2]
                for m in range(3)
            ],
            batch_size=5000,
        )
        criteria = list(Criterion.objects.filter(criteria_set=ntm).values_list("pk", flat=True))
    commune_ids = [u.pk for u in participants if u.kind == "commune"]
    now = dt.datetime.now(dt.UTC)

    def assessments() -> Iterator[tuple[Any, ...]]:
        for uid in commune_ids:
            later = START + dt.timedelta(days=rng.randrange(20, 100))
            for cid in criteria:
                first = rng.random() < 0.85
                yield (uid, cid, first, START, "", "", now)
                if not first:
                    yield (uid, cid, rng.random() < 0.6, later, "", "", now)

    n_assessments = bulk_insert(
        "campaigns_criterionassessment",
        ["unit_id", "criterion_id", "met", "assessed_on", "evidence", "note", "created_at"],
        assessments(),
    )
    value_targets = list(
        Target.objects.filter(registration__campaign=campaign, kind=TargetKind.VALUE).values_list(
            "pk", "baseline", "target_value", "registration__unit_id"
        )
    )
    milestones: dict[int, list[int]] = {}
    for mid, wid in Milestone.objects.filter(key_work_id__in=work_ids).values_list(
        "pk", "key_work_id"
    ):
        milestones.setdefault(wid, []).append(mid)
    items = len(value_targets) + len(work_ids)
    per_item = args.updates // items
    extra_updates = args.updates - per_item * items
    weeks = (DEADLINE - START).days // 7
    lagging = {uid for uid in commune_ids if rng.random() < 0.2}

    def updates() -> Iterator[tuple[Any, ...]]:
        for n, (pk, base, goal, unit_id) in enumerate(value_targets):
            count = per_item + (1 if n < extra_updates else 0)
            pace = 0.6 if unit_id in lagging else 1.15
            base = base if base is not None else Decimal(0)
            for k in range(count):
                share = min(1.2, pace * (k + 1) / count)
                value = base + (goal - base) * Decimal(f"{share + rng.uniform(-0.05, 0.05):.3f}")
                as_of = START + dt.timedelta(days=7 * (1 + k * weeks // max(1, count)))
                yield (pk, None, f"{value:.4f}", None, None, as_of, "", now)
        for wid in work_ids:
            reached = milestones.get(wid, [])
            for k in range(per_item):
                as_of = START + dt.timedelta(days=7 * (1 + k * weeks // max(1, per_item)))
                percent = min(100, round(100 * (k + 1) / per_item * rng.uniform(0.8, 1.1)))
                milestone = reached[k] if k < len(reached) and k % 3 == 2 else None
                yield (None, wid, None, f"{percent:.2f}", milestone, as_of, "", now)

    n_updates = bulk_insert(
        "campaigns_progressupdate",
        [
            *("target_id", "key_work_id", "value", "percent", "milestone_id", "as_of", "note"),
            "reported_at",
        ],
        updates(),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "units": len(participants),
        "targets": len(targets),
        "key_works": len(work_ids),
        "assessments": n_assessments,
        "updates": n_updates,
    }


# -- measurements --------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def in_process(url: str, client: Any, requests: int) -> tuple[list[float], int, int, float]:
    """Times (ms) of ``requests`` GETs after two warm-ups, the queries of one, its size, and
    the time of the first warm-up (the dashboard's cache is empty then: the cold figure)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = 0.0
    for n in range(2):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        if n == 0:
            first = (time.perf_counter() - start) * 1000
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # read now: the next request clears the log
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, queries, len(response.content), first


def start_server(args: argparse.Namespace) -> subprocess.Popen[bytes]:
    database_url, port = args.database_url, args.port
    env = {**os.environ, **database_env(database_url, args.redis_url)}
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
    except OSError:
        pass  # nothing listens there: good
    else:
        sys.exit(f"Something already listens on 127.0.0.1:{port}; stop it or pass --port.")
    if args.server == "gunicorn":
        # Threads reuse their database connection (as in production); runserver opens a
        # thread per request, so it keeps none (DB_CONN_MAX_AGE=0 in database_env).
        env["DB_CONN_MAX_AGE"] = "60"
        command = [
            str(REPO / ".venv" / "bin" / "gunicorn"),
            "thidua.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--worker-class=gthread",
            f"--threads={args.threads}",
            "--timeout=900",
            "--log-level=warning",
        ]
    else:
        command = [
            str(REPO / ".venv" / "bin" / "thidua"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server exited at once (code {server.returncode}).")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("The server did not answer /healthz within 60 s.")


def load(
    port: int, path: str, cookie: str, clients: int, seconds: float, at_least: int = 0
) -> dict[str, float]:
    """``clients`` threads sending GETs one after another for ``seconds`` (and at least
    ``at_least`` each)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at or len(mine) + failed < at_least:
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
                conn.request("GET", path, headers={"Cookie": cookie, "Connection": "close"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
    }


def main() -> None:
    args = parse_args()
    setup_django(args.database_url, reuse=args.reuse, redis_url=args.redis_url)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from thidua.campaigns.models import Campaign, ProgressUpdate, Target
    from thidua.org.models import User

    where = connection.settings_dict["NAME"]
    print(f"Database: {connection.vendor} {where}")
    if args.reuse and Campaign.objects.filter(code=CODE).exists():
        print("Reusing the data of an earlier run.")
    else:
        began = time.perf_counter()
        sizes = generate(args)
        print(
            f"Generated in {time.perf_counter() - began:.1f} s: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in sizes.items())
        )
    campaign = Campaign.objects.get(code=CODE)
    print(
        f"Campaign {CODE}: {Target.objects.filter(registration__campaign=campaign).count():,}"
        f" targets, {ProgressUpdate.objects.count():,} progress updates"
    )
    office = User.objects.get(username=OFFICE)
    client = Client()
    client.force_login(office)
    dash = reverse("campaign_dash:overview", args=[campaign.pk])
    load_before = os.getloadavg()[0]
    print(f"\n== Server time in process ({args.requests} requests after 2 warm-ups, ms)")
    print(f"{'view':<12} {'first':>8} {'median':>8} {'p95':>8} {'queries':>8} {'KB':>6}")
    for label, url in (("/livez", "/livez"), ("/healthz", "/healthz"), ("dashboard", dash)):
        times, queries, size, first = in_process(url, client, args.requests)
        print(
            f"{label:<12} {first:>8.1f} {statistics.median(times):>8.1f}"
            f" {percentile(times, 0.95):>8.1f} {queries:>8} {size / 1024:>6.0f}"
        )
    if not args.no_load:
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        server = start_server(args)
        try:
            how = (
                f"gunicorn ({args.workers} workers × {args.threads} threads)"
                if args.server == "gunicorn"
                else "runserver (threaded)"
            )
            cache = "Redis cache" if args.redis_url else "per-process memory cache"
            print(
                f"\n== {how}, {cache}, on 127.0.0.1:{args.port}, {args.clients} clients,"
                f" {args.seconds:.0f} s per view, after one warm-up request per client"
            )
            print(
                f"{'view':<12} {'requests':>8} {'errors':>6} {'req/s':>8} {'median ms':>10}"
                f" {'p95 ms':>8}"
            )
            results = {}
            views = (("dashboard", dash), ("/livez", "/livez"), ("/healthz", "/healthz"))
            for n, (label, url) in enumerate(views):
                if n:
                    # Every request used a new connection (and, on PostgreSQL, the server a new
                    # database connection): let the loopback ports in TIME_WAIT drain, or the
                    # next phase fails at once for want of ports.
                    time.sleep(65)
                # Steady state: the first requests of a fresh server (imports, connections,
                # templates, and without a shared cache, the board) are not timed.
                load(args.port, url, cookie, args.clients, 0.0, at_least=1)
                r = load(args.port, url, cookie, args.clients, args.seconds)
                results[label] = r
                print(
                    f"{label:<12} {r['requests']:>8.0f} {r['errors']:>6.0f} {r['rps']:>8.1f}"
                    f" {r['median']:>10.1f} {r['p95']:>8.1f}"
                )
            for trivial in ("/livez", "/healthz"):
                ratio = results["dashboard"]["rps"] / results[trivial]["rps"]
                verdict = "met" if ratio >= 0.5 else "missed"
                print(f"dashboard ÷ {trivial} requests/s: {ratio:.3f} (goal ≥ 0.5: {verdict})")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # threads still busy with requests
                server.kill()
                server.wait(timeout=30)
    print(f"\nLoad average {load_before:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
