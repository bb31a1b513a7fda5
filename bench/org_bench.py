"""Benchmark of the organisation tree at national scale and of the Excel people import.

    .venv/bin/python bench/org_bench.py [--units 20000] [--people 2000000]
        [--import-rows 100000] [--runs 7] [--database-url postgres://...]

Without ``--database-url`` a fresh SQLite file is made in ``bench/out/``.  With a PostgreSQL
URL the database named in it is DROPPED and recreated (its name must contain "bench").

Steps: migrate; generate a synthetic tree (provinces → departments and districts →
communes) and people with raw bulk inserts (benchmark set-up, not the application's write
path: no positions, no audit); time subtree queries (count and first page of units and of
people under a province, a district and a commune; median of ``--runs``) and show their
query plans; write a people .xlsx of ``--import-rows`` rows and time (1) one openpyxl
read-only pass over it, (2) ``import_people`` (create), (3) the same import again (all rows
unchanged); report rows/s, the ratio import / read pass and the peak memory of the import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Thạch", "Danh", "Lâm", "Châu"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Đức", "Thu", "Hoài", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan"]
GIVEN += ["Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trung"]
GIVEN += ["Tuấn", "Vân", "Việt", "Xuân", "Yến", "Khánh", "Nhung", "Oanh", "Phương", "Thủy"]
TITLES = ["Chuyên viên", "Trưởng phòng", "Phó Trưởng phòng", "Cán sự", "Giáo viên", "Bác sĩ"]
TITLES += ["Chủ tịch", "Phó Chủ tịch", "Công chức", "Nhân viên"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="runs per query (median shown)")
    parser.add_argument("--database-url", default="", help="postgres://… (default: SQLite)")
    parser.add_argument("--seed", type=int, default=2020)
    return parser.parse_args()


# -- Django set-up -------------------------------------------------------------------------


def setup_django(database_url: str, sqlite: Path | None = None) -> None:
    """Settings for a benchmark, then a fresh, migrated database: the PostgreSQL database
    of ``database_url`` dropped and created again, or else the SQLite file ``sqlite``
    (default ``bench/out/thidua.sqlite3``) deleted.  Shared by the benchmarks that build
    their own data (org, awards, notifications)."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["THIDUA_VAR_DIR"] = str(OUT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database_url:
        recreate_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        sqlite = sqlite or OUT / "thidua.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite}"
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


def generate_units(total: int) -> tuple[list[tuple[Any, ...]], dict[str, list[int]]]:
    """Rows for org_unit with explicit ids (fresh database) and ids by level."""
    from thidua.core.text import fold
    from thidua.org.models import PATH_SEGMENT, path_segment

    provinces = min(63, max(1, total // 300))
    per_province = max(4, total // provinces)
    departments = min(20, max(1, per_province // 15))
    districts = max(1, min(11, per_province // 25))
    communes = max(1, (per_province - 1 - departments - districts) // districts)
    now = dt.datetime.now(dt.UTC)
    rows: list[tuple[Any, ...]] = []
    levels: dict[str, list[int]] = {"province": [], "district": [], "commune": [], "dept": []}
    next_id = 1

    def add(code: str, name: str, kind: str, parent: tuple[int, str] | None) -> tuple[int, str]:
        nonlocal next_id
        pk = next_id
        next_id += 1
        path = (parent[1] if parent else "") + path_segment(pk)
        rows.append(
            (
                pk,
                code,
                name,
                "",
                fold(f"{name} {code}"),
                kind,
                parent[0] if parent else None,
                path,
                len(path) // PATH_SEGMENT - 1,
                "",
                "",
                now,
                now,
            )
        )
        return pk, path

    for p in range(1, provinces + 1):
        province = add(f"P{p:02d}", f"Tỉnh Thử Nghiệm {p}", "province", None)
        levels["province"].append(province[0])
        for s in range(1, departments + 1):
            dept = add(f"P{p:02d}-S{s:02d}", f"Sở số {s} tỉnh {p}", "department", province)
            levels["dept"].append(dept[0])
        for d in range(1, districts + 1):
            district = add(f"P{p:02d}-D{d:02d}", f"Huyện {d} tỉnh {p}", "district", province)
            levels["district"].append(district[0])
            for c in range(1, communes + 1):
                name = f"Xã {c} huyện {d} tỉnh {p}"
                commune = add(f"P{p:02d}-D{d:02d}-C{c:03d}", name, "commune", district)
                levels["commune"].append(commune[0])
    return rows, levels


UNIT_COLUMNS = (
    "id, code, name, short_name, name_folded, kind, parent_id, path, depth, address, note, "
    "created_at, updated_at"
)
PERSON_COLUMNS = (
    "code, full_name, name_folded, gender, birth_year, ethnicity, category, unit_id, title, "
    "created_at, updated_at"
)


def people_rows(count: int, unit_ids: list[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    from thidua.core.text import fold

    folded = {w: fold(w) for w in FAMILY + MIDDLE + GIVEN}
    now = dt.datetime.now(dt.UTC)
    for i in range(count):
        a, b, c = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
        yield (
            f"CB{i:08d}",
            f"{a} {b} {c}",
            f"{folded[a]} {folded[b]} {folded[c]}",
            "female" if b == "Thị" or rng.random() < 0.4 else "male",
            rng.randint(1960, 2002),
            "Kinh",
            "",
            rng.choice(unit_ids),
            rng.choice(TITLES),
            now,
            now,
        )


def bulk_insert(table: str, columns: str, rows: Iterator[tuple[Any, ...]], batch: int) -> int:
    """Raw inserts: COPY on PostgreSQL, executemany in big batches on SQLite."""
    from django.db import connection, transaction

    count = 0
    names = [c.strip() for c in columns.split(",")]
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"
    chunk: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def analyze() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from thidua.org.models import Unit

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Unit]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")


# -- measurements --------------------------------------------------------------------------


PAGE_ORDER = ("name_folded", "id")


def first_page(qs: Any, order: tuple[str, ...]) -> Callable[[], list[Any]]:
    return lambda: list(qs.order_by(*order)[:50])


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def subtree_queries(levels: dict[str, list[int]], runs: int) -> tuple[list[list[str]], str]:
    from thidua.org.models import Person, Unit

    rows: list[list[str]] = []
    plans: list[str] = []
    samples = {
        "province": levels["province"][len(levels["province"]) // 2],
        "district": levels["district"][len(levels["district"]) // 2],
        "commune": levels["commune"][len(levels["commune"]) // 2],
    }
    for label, pk in samples.items():
        unit = Unit.objects.get(pk=pk)
        low, high = unit.path_bounds()
        units = Unit.objects.filter(path__gte=low, path__lt=high)
        people = Person.objects.filter(unit__path__gte=low, unit__path__lt=high)
        n_units = units.count()
        n_people = people.count()
        rows.append(
            [
                f"{label} {unit.code}",
                f"{n_units:,}",
                f"{median_ms(units.count, runs):.1f}",
                f"{median_ms(first_page(units, ('path',)), runs):.1f}",
                f"{n_people:,}",
                f"{median_ms(people.count, runs):.1f}",
                f"{median_ms(first_page(people, PAGE_ORDER), runs):.1f}",
            ]
        )
        if label == "district":
            plans.append("-- units under a district:\n" + units.explain())
            plans.append(
                "-- people under a district (all rows, default order):\n" + people.explain()
            )
            page = people.order_by(*PAGE_ORDER)[:50]
            plans.append("-- people under a district (first page):\n" + page.explain())
    return rows, "\n".join(plans)


def write_import_file(path: Path, rows: int, commune_codes: list[str], rng: random.Random) -> None:
    from openpyxl import Workbook

    from thidua.org.importers import PEOPLE_COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cán bộ")
    ws.append([c.title for c in PEOPLE_COLUMNS])
    for i in range(rows):
        a, b, c = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
        ws.append(
            [
                f"NK{i:08d}",
                f"{a} {b} {c}",
                "Nữ" if b == "Thị" else "Nam",
                rng.randint(1960, 2002),
                "Kinh",
                None,
                rng.choice(commune_codes),
                rng.choice(TITLES),
                dt.date(2020, 1 + i % 12, 1 + i % 28),
            ]
        )
    wb.save(path)


def read_pass(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        count += 1
    wb.close()
    return count


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux ≥ 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # seconds of this process's CPU (fairer on a busy shared machine)
    result: Any = None
    rss_before: float = 0.0
    rss_peak: float = 0.0


def timed(fn: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu, result)


def timed_import(path: Path) -> Timing:
    from thidua.org.importers import import_people

    base = rss_mb("VmRSS")
    reset_peak_rss()
    timing = timed(lambda: import_people(actor=None, source=path))
    timing.rss_before, timing.rss_peak = base, rss_mb("VmHWM")
    return timing


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in rows:
        out.append("  ".join(str(x).rjust(w) for x, w in zip(row, widths, strict=True)))
    return "\n".join(out)


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    setup_django(args.database_url)
    from django.db import connection

    from thidua.org.models import Person, Unit

    engine = connection.vendor
    print(f"Database: {engine} {connection.settings_dict['NAME']}")

    start = time.perf_counter()
    unit_rows, levels = generate_units(args.units)
    bulk_insert("org_unit", UNIT_COLUMNS, iter(unit_rows), 5000)
    unit_seconds = time.perf_counter() - start
    print(f"Units: {len(unit_rows):,} in {unit_seconds:.1f} s")

    start = time.perf_counter()
    workplaces = levels["commune"] + levels["dept"] + levels["district"]
    people = bulk_insert(
        "org_person", PERSON_COLUMNS, people_rows(args.people, workplaces, rng), 20_000
    )
    people_seconds = time.perf_counter() - start
    print(f"People: {people:,} in {people_seconds:.1f} s ({people / people_seconds:,.0f}/s)")
    start = time.perf_counter()
    analyze()
    print(f"ANALYZE: {time.perf_counter() - start:.1f} s")

    query_rows, plans = subtree_queries(levels, args.runs)
    n_units, n_people = Unit.objects.count(), Person.objects.count()

    codes = list(
        Unit.objects.filter(pk__in=levels["commune"]).values_list("code", flat=True)[:2000]
    )
    xlsx = OUT / f"people_{args.import_rows}.xlsx"
    start = time.perf_counter()
    write_import_file(xlsx, args.import_rows, codes, rng)
    size_mb = xlsx.stat().st_size / 1e6
    print(f"Wrote {xlsx.name}: {size_mb:.1f} MB in {time.perf_counter() - start:.1f} s")

    load_before = os.getloadavg()[0]
    reads = [timed(lambda: read_pass(xlsx)) for _ in range(2)]
    read = Timing(min(r.wall for r in reads), min(r.cpu for r in reads))
    create = timed_import(xlsx)
    if not create.result.ok:
        sys.exit("Import failed: " + "; ".join(str(e) for e in create.result.errors.items[:5]))
    again = timed_import(xlsx)
    assert again.result.ok and again.result.created == 0 and again.result.updated == 0
    load_after = os.getloadavg()[0]
    rows = args.import_rows

    print()
    print(
        f"== Subtree queries on {engine}: {n_units:,} units, {n_people:,} people "
        f"(median of {args.runs} runs, ms)"
    )
    print(
        table(
            ["subtree", "units", "count ms", "page ms", "people", "count ms", "page ms"],
            query_rows,
        )
    )
    print()
    print(
        f"== Import of {rows:,} people rows on {engine} "
        f"(load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs)"
    )

    def line(label: str, t: Timing) -> list[str]:
        memory = f"{t.rss_peak:.0f} (+{t.rss_peak - t.rss_before:.0f})" if t.rss_peak else ""
        return [
            label,
            f"{t.wall:.1f}",
            f"{t.cpu:.1f}",
            f"{rows / t.wall:,.0f}",
            f"{t.wall / read.wall:.2f}",
            f"{t.cpu / read.cpu:.2f}",
            memory,
        ]

    print(
        table(
            ["step", "wall s", "CPU s", "rows/s", "÷ read wall", "÷ read CPU", "peak RSS MB (Δ)"],
            [
                line("openpyxl read-only pass", read),
                line("import (all new)", create),
                line("import again (unchanged)", again),
            ],
        )
    )
    print()
    print("== Query plans")
    print(plans)


if __name__ == "__main__":
    main()
