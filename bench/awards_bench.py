"""Bulk eligibility benchmark: every individual title over a synthetic province.

    .venv/bin/python bench/awards_bench.py                      # SQLite, 60,000 people
    .venv/bin/python bench/awards_bench.py --people 2000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/thidua_awards_bench

Builds a fresh database (SQLite: ``bench/out/awards_bench.sqlite3``; PostgreSQL: the named
database is DROPPED and recreated, and its name must contain ``bench``), one province with
districts and communes, ``--people`` people with five years (2016–2020) of history written
raw (ratings, LĐTT/CSTĐCS titles, initiatives, discipline), then times
``facts_loader.iter_eligibility_many_in_scope(province, AWARDS, 2020)`` (LDTT, CSTDCS,
CSTD_BT, CSTD_TQ, BK_BT and BK_TTG from ONE streamed load of each person's history, with and
without the verdict memo) against a plain SQL pass that only reads the same history (the
same five reads, rows fetched into Python, nothing built).  Ratios: whole six-title run /
plain pass, and per title (run / 6 / plain pass, the definition of the earlier figures).
See bench/README.md for measured figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from org_bench import OUT, bulk_insert, people_rows, setup_django, table, timed

AWARDS = ("LDTT", "CSTDCS", "CSTD_BT", "CSTD_TQ", "BK_BT", "BK_TTG")
YEARS = tuple(range(2016, 2021))
YEAR = 2020
SQLITE = OUT / "awards_bench.sqlite3"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default SQLite)")
    parser.add_argument("--runs", type=int, default=2, help="plain passes (best is kept)")
    parser.add_argument(
        "--memo-only", action="store_true", help="skip the run without the verdict memo"
    )
    return parser.parse_args()


def build(people: int) -> Any:
    """Province → 10 districts → 20 communes each; people spread over the communes."""
    from django.db import connection

    from thidua.awards.selectors import award_for
    from thidua.org.models import UnitKind
    from thidua.org.services import unit_create

    province = unit_create(actor=None, code="BB", name="Tỉnh Bench", kind=UnitKind.PROVINCE)
    communes: list[int] = []
    for d in range(10):
        district = unit_create(
            actor=None,
            code=f"BB-D{d:02d}",
            name=f"Huyện {d}",
            kind=UnitKind.DISTRICT,
            parent=province,
        )
        for c in range(20):
            commune = unit_create(
                actor=None,
                code=f"BB-D{d:02d}-C{c:02d}",
                name=f"Xã {d}-{c}",
                kind=UnitKind.COMMUNE,
                parent=district,
            )
            communes.append(commune.pk)
    rng = random.Random(2020)
    started = time.perf_counter()
    bulk_insert(
        "org_person",
        "code, full_name, name_folded, gender, birth_year, ethnicity, category, unit_id, title, "
        "created_at, updated_at",
        people_rows(people, communes, rng),
        20_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, unit_id FROM org_person ORDER BY id")
        ids: list[tuple[int, int]] = list(cursor.fetchall())
    award_ids = {(c, y): award_for(c, y).pk for c in ("LDTT", "CSTDCS") for y in YEARS}
    now = dt.datetime.now(dt.UTC)

    def ratings() -> Iterator[tuple[Any, ...]]:
        for pk, _unit in ids:
            r = random.Random(pk)
            for y in YEARS:
                roll = r.random()
                yield (pk, y, "HTXS" if roll < 0.3 else "HTT" if roll < 0.85 else "HT", "")

    def titles() -> Iterator[tuple[Any, ...]]:
        for pk, _unit in ids:
            r = random.Random(-pk)
            for y in YEARS:
                if r.random() < 0.75:
                    yield (
                        "individual",
                        pk,
                        "",
                        award_ids[("LDTT", y)],
                        y,
                        "historical",
                        "",
                        "",
                        "",
                        "",
                        now,
                    )
                    if r.random() < 0.3:
                        yield (
                            "individual",
                            pk,
                            "",
                            award_ids[("CSTDCS", y)],
                            y,
                            "historical",
                            "",
                            "",
                            "",
                            "",
                            now,
                        )

    bulk_insert("awards_taskrating", "person_id, year, rating, source", ratings(), 20_000)
    bulk_insert(
        "awards_commendation",
        "subject, person_id, household_name, award_id, year, source, decision_number, "
        "decision_authority, revocation_reason, revoking_decision_number, created_at",
        titles(),
        20_000,
    )
    authors = [(pk, unit) for pk, unit in ids if pk % 20 == 0]  # 5 % hold an initiative
    levels = ("co_so", "co_so", "bo_tinh", "toan_quoc")
    bulk_insert(
        "awards_initiative",
        "id, title, title_folded, unit_id, level, kind, year, decision_number",
        (
            (
                i + 1,
                f"Sáng kiến {pk}",
                f"sang kien {pk}",
                unit,
                # By the author's rank among authors, not by pk: every author's pk is a
                # multiple of 20, so pk % 4 and pk % 5 were always 0 (all grassroots, 2016).
                levels[(i // 5) % 4],
                "initiative",
                YEARS[i % 5],
                "",
            )
            for i, (pk, unit) in enumerate(authors)
        ),
        20_000,
    )
    bulk_insert(
        "awards_initiative_authors",
        "initiative_id, person_id",
        ((i + 1, pk) for i, (pk, _unit) in enumerate(authors)),
        20_000,
    )
    bulk_insert(
        "awards_discipline",
        'person_id, level, start, "end", decision_number, note',
        (
            (pk, "khien_trach", dt.date(2019, 6, 1), dt.date(2020, 5, 31), "", "")
            for pk, _unit in ids
            if pk % 100 == 7
        ),
        20_000,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval('awards_initiative_id_seq', %s)", [len(authors) + 1])
        cursor.execute("ANALYZE")
    print(f"History of {len(ids):,} people written in {time.perf_counter() - started:.1f} s")
    return province


def plain_pass(province: Any) -> int:
    """Read the same history the loader reads, with plain SQL, and fetch every row."""
    from django.db import connection

    low, high = province.path_bounds()
    scope = "JOIN org_unit u ON u.id = p.unit_id WHERE u.path >= %s AND u.path < %s"
    queries = (
        f"SELECT p.id, p.code FROM org_person p {scope}",
        f"SELECT r.person_id, r.year, r.rating FROM awards_taskrating r "
        f"JOIN org_person p ON p.id = r.person_id {scope} AND r.year <= {YEAR}",
        f"SELECT c.person_id, c.year, a.code FROM awards_commendation c "
        f"JOIN awards_award a ON a.id = c.award_id JOIN org_person p ON p.id = c.person_id "
        f"{scope} AND c.year <= {YEAR} AND c.revoked_at IS NULL",
        f"SELECT t.person_id, i.id, i.year, i.level, i.kind, i.used_for_id, i.title "
        f"FROM awards_initiative_authors t JOIN awards_initiative i ON i.id = t.initiative_id "
        f"JOIN org_person p ON p.id = t.person_id {scope} AND i.year <= {YEAR}",
        f'SELECT d.person_id, d.level, d.start, d."end" FROM awards_discipline d '
        f"JOIN org_person p ON p.id = d.person_id {scope}",
    )
    rows = 0
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql, [low, high])
            rows += len(cursor.fetchall())
    return rows


class RssPeak:
    """Peak resident memory of this process while a block runs (sampled every 50 ms from
    /proc/self/statm), so the build's own peak does not hide the run's."""

    def __enter__(self) -> RssPeak:
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bulk_run(province: Any, memo: bool) -> tuple[dict[str, list[int]], int]:
    """All six titles from one streamed load; keeps only counts (verdicts, eligible)."""
    from thidua.awards.facts_loader import iter_eligibility_many_in_scope

    counts = {award: [0, 0] for award in AWARDS}
    people = 0
    for row in iter_eligibility_many_in_scope(province, AWARDS, YEAR, memo=memo):
        people += 1
        for award, verdict in row.verdicts.items():
            counts[award][0] += 1
            counts[award][1] += verdict.eligible
    return counts, people


def main() -> None:
    args = parse_args()
    setup_django(args.database_url, SQLITE)
    from django.db import connection

    load = os.getloadavg()[0]
    print(f"Database: {connection.vendor}; people: {args.people:,}; load {load:.1f} on 2 CPUs")
    province = build(args.people)
    plain = min(
        (timed(lambda: plain_pass(province)) for _ in range(args.runs)), key=lambda t: t.wall
    )
    print(f"Plain SQL pass: {plain.result:,} rows in {plain.wall:.2f} s (CPU {plain.cpu:.2f} s)")
    modes = [True] if args.memo_only else [True, False]
    for memo in modes:
        with RssPeak() as rss:
            timing = timed(partial(bulk_run, province, memo))
        counts, people = timing.result
        verdicts = sum(n for n, _ in counts.values())
        rows = [[a, f"{n:,}", f"{e:,}"] for a, (n, e) in counts.items()]
        how = (
            "verdicts memoised per identical history"
            if memo
            else "no memo: engine run for every verdict"
        )
        print(f"\nBulk, all {len(AWARDS)} titles from one load per person ({how}):")
        print(table(["award", "verdicts", "eligible"], rows))
        print(
            f"{people:,} people, {verdicts:,} verdicts in {timing.wall:.2f} s (CPU "
            f"{timing.cpu:.2f} s): {verdicts / timing.wall:,.0f} verdicts/s; "
            f"ratio to the plain pass: whole run {timing.wall / plain.wall:.2f}, per title "
            f"{timing.wall / len(AWARDS) / plain.wall:.2f} (wall), "
            f"{timing.cpu / len(AWARDS) / max(plain.cpu, 1e-9):.2f} (CPU); RSS "
            f"{rss.start / 2**20:,.0f} MiB before, peak {rss.peak / 2**20:,.0f} MiB; "
            f"load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
