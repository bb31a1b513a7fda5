"""Job tasks used only by the tests (importable by a worker subprocess: PYTHONPATH=repo)."""

from __future__ import annotations

import time

from django.db import transaction

from thidua.jobs.runner import JobContext, JobFailure, JobOutcome, job_task
from thidua.org.models import Person, Unit


def _write_people(ctx: JobContext, unit_code: str, count: int) -> None:
    unit = Unit.objects.get(code=unit_code)
    for n in range(count):
        Person.objects.create(code=f"T-{n}", full_name=f"Người thử {n}", unit=unit)
        ctx.report(n + 1, count * 2, "đang ghi")


@job_task()
def fails_with_a_message(ctx: JobContext, *, unit_code: str) -> JobOutcome:
    with transaction.atomic():
        _write_people(ctx, unit_code, 3)
        raise JobFailure("Dòng 4, cột B (Họ và tên): thiếu họ tên; không có gì được lưu.")


@job_task()
def crashes(ctx: JobContext, *, unit_code: str) -> JobOutcome:
    with transaction.atomic():
        _write_people(ctx, unit_code, 3)
        raise RuntimeError("a bug, with a traceback for the log only")


@job_task(requeue_if_lost=True)
def numbers_file(ctx: JobContext, *, count: int, pause: float = 0.0) -> JobOutcome:
    for n in range(count):
        ctx.report(n + 1, count)
        time.sleep(pause)
    ctx.save_result(("\n".join(str(n) for n in range(count))).encode(), "so.txt")
    return JobOutcome(summary=f"{count} số")
