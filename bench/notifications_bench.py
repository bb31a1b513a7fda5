"""Notifications benchmark: a campaign launched to a whole province, the daily reminders, the
e-mail task and the inbox page.

    .venv/bin/python bench/notifications_bench.py                   # SQLite, 2,000 units
    .venv/bin/python bench/notifications_bench.py --units 5000 \\
        --database-url postgres://postgres@127.0.0.1:5432/thidua_notifications_bench

Builds a fresh database (SQLite: ``bench/out/notifications_bench.sqlite3``; PostgreSQL: the
named database is DROPPED and recreated, and its name must contain ``bench``): one province
with ``--units`` communes, ``--accounts`` accounts in each (written raw, not through the
services: this is set-up), every second one with an e-mail address and one in ten with
campaign e-mails switched off.  Then it times, through the real services:

1. ``campaign_launch`` of a campaign whose participant is the province with its subtree
   (the unit rows of the campaigns app plus one ``notify`` to every account); the e-mail
   task is captured, not run;
2. the ``send_emails`` task for those recipients on Django's in-memory mailer (building and
   "sending" one message per account);
3. ``reminders.run`` three days before the registration deadline (every unit reminded),
   then the same run again (all skipped);
4. ``GET /notifications/`` for an account with ``--inbox`` notifications (median of
   ``--runs``) and its query count, against the same page (a full first page of 30) for an
   account with 42.

See bench/README.md for measured figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from org_bench import OUT, setup_django, table, timed

SQLITE = OUT / "notifications_bench.sqlite3"
DEADLINE = dt.date(2020, 6, 15)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--accounts", type=int, default=3, help="accounts per unit")
    parser.add_argument("--inbox", type=int, default=20_000, help="notifications of one account")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default SQLite)")
    return parser.parse_args()


def setup(url: str) -> None:
    os.environ["TASKS_BACKEND"] = "immediate"
    setup_django(url, SQLITE)
    from django.conf import settings

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.ALLOWED_HOSTS = ["testserver"]


def build(units: int, per_unit: int) -> Any:
    from django.contrib.auth.hashers import make_password

    from thidua.notifications.models import EmailOptOut, Kind
    from thidua.org import services as org_services
    from thidua.org.models import Role, Unit, UnitKind, User

    province = org_services.unit_create(
        actor=None, code="BM", name="Tỉnh Băng Mốc", kind=UnitKind.PROVINCE, parent=None
    )
    office = User.objects.create(
        username="vanphong", role=Role.OFFICE, unit=province, password=make_password(None)
    )
    for i in range(units):
        org_services.unit_create(
            actor=None,
            code=f"BM-X{i:05d}",
            name=f"Xã Thử {i}",
            kind=UnitKind.COMMUNE,
            parent=province,
        )
    ids = list(Unit.objects.filter(parent=province).values_list("pk", flat=True))
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                username=f"u{uid}-{k}",
                unit_id=uid,
                role=Role.OFFICER if k == 0 else Role.VIEWER,
                full_name=f"Cán bộ {uid}-{k}",
                email=f"u{uid}-{k}@thidua.invalid" if k % 2 == 0 else "",
                password=password,
            )
            for uid in ids
            for k in range(per_unit)
        ],
        batch_size=2000,
    )
    EmailOptOut.objects.bulk_create(
        [
            EmailOptOut(user_id=pk, kind=Kind.CAMPAIGN_LAUNCHED)
            for pk in User.objects.filter(unit_id__in=ids).values_list("pk", flat=True)[::10]
        ],
        batch_size=2000,
    )
    return province, office


def campaign(province: Any, office: Any) -> Any:
    from thidua.campaigns import services

    created = services.campaign_create(
        actor=office,
        code="BM-2020",
        name="Thi đua chào mừng đại hội",
        issuing_unit=province,
        document_number="1/KH-UBND",
        document_date=dt.date(2020, 5, 10),
        document_signer="Chủ tịch",
        purpose="Lập thành tích.",
        start_date=dt.date(2020, 5, 15),
        deadline=dt.date(2020, 9, 2),
        registration_deadline=DEADLINE,
    )
    services.campaign_participant_add(
        actor=office, campaign=created, unit=province, include_subtree=True
    )
    return created


def main() -> None:
    args = parse_args()
    setup(args.database_url)
    from django.core import mail
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from thidua.campaigns import services
    from thidua.notifications import emails, reminders
    from thidua.notifications.models import Kind, Notification
    from thidua.org.models import User

    t0 = time.perf_counter()
    province, office = build(args.units, args.accounts)
    accounts = args.units * args.accounts
    print(f"set-up: {args.units} units, {accounts} accounts in {time.perf_counter() - t0:.1f} s")
    rows: list[list[str]] = []

    created = campaign(province, office)
    # Warm-up outside the timings: the first reverse() imports every URLconf (seconds), the
    # first e-mail loads the mail modules and the catalogue.
    reverse("org:home")
    emails.send(subject="x", text="x", link="/x/", recipients=[["warm@thidua.invalid", "x"]])
    captured: list[Any] = []
    original = transaction.on_commit
    transaction.on_commit = lambda fn, *a, **k: captured.append(fn)
    try:
        launch = timed(lambda: services.campaign_launch(actor=office, campaign=created))
    finally:
        transaction.on_commit = original
    in_app = Notification.objects.filter(kind=Kind.CAMPAIGN_LAUNCHED).count()
    rows.append(["campaign launch (notify all)", f"{launch.wall:.2f}", f"{in_app}", ""])

    recipients = [
        [email, name]
        for email, name in User.objects.filter(unit__parent=province)
        .exclude(email="")
        .exclude(email_opt_outs__kind=Kind.CAMPAIGN_LAUNCHED)
        .values_list("email", "full_name")
    ]
    mail.outbox = []
    sent = timed(
        lambda: emails.send(subject="Phát động", text="Nội dung", link="/x/", recipients=recipients)
    )
    rows.append(["e-mail task (locmem mailer)", f"{sent.wall:.2f}", f"{sent.result}", ""])

    day = DEADLINE - dt.timedelta(days=3)
    transaction.on_commit = lambda fn, *a, **k: captured.append(fn)
    try:
        first = timed(lambda: reminders.run(day))
    finally:
        transaction.on_commit = original
    due = Notification.objects.filter(kind=Kind.REGISTRATION_DUE).count()
    rows.append(["daily reminders, first run", f"{first.wall:.2f}", f"{due}", ""])
    again = timed(lambda: reminders.run(day))
    rows.append(["daily reminders, same day again", f"{again.wall:.2f}", "0", ""])

    reader = User.objects.filter(unit__parent=province).order_by("pk").first()
    other = User.objects.filter(unit__parent=province).order_by("-pk").first()
    assert reader is not None and other is not None
    for _ in range(args.inbox // 1000):
        Notification.objects.bulk_create(
            [
                Notification(recipient=reader, kind=Kind.REGISTRATION_DUE, subject=f"Nhắc {i}")
                for i in range(1000)
            ]
        )
    Notification.objects.bulk_create(  # a full first page for the small inbox too
        [
            Notification(recipient=other, kind=Kind.REGISTRATION_DUE, subject=f"Nhắc {i}")
            for i in range(40)
        ]
    )
    for who, label in ((other, "inbox, a few"), (reader, "inbox, many")):
        n = Notification.objects.filter(recipient=who).count()
        client = Client()
        client.force_login(who)
        client.get("/notifications/")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/notifications/").status_code == 200
            times.append(time.perf_counter() - start)
        rows.append(
            [f"{label} ({n})", f"{statistics.median(times) * 1000:.0f} ms", "", str(len(ctx))]
        )
    print(table(["step", "time (s)", "notifications / e-mails", "queries"], rows))
    print(f"database: {connection.vendor}")


if __name__ == "__main__":
    main()
