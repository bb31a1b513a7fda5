"""The Redis task backend (production): jobs queued and run through Redis with the same
life cycle; results kept; a dead worker's tasks failed; the health check sees Redis down.
Runs against the Redis server on loopback (skipped when there is none), under a key prefix
of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from asgiref.local import Local
from django.tasks import task_backends

from tests.conftest import Cast
from tests.jobs import tasks_for_tests
from tests.jobs.helpers import keep_test_connection
from thidua.jobs import health, live
from thidua.jobs.models import Job, JobState
from thidua.jobs.redis_backend import RedisBackend
from thidua.jobs.services import recover_lost_jobs, start_job

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/0"


def _reset_backends() -> None:
    """django.tasks caches its backends and their settings; a test that changes TASKS must
    drop them (Django has no setting_changed receiver for TASKS)."""
    handler: Any = task_backends
    handler.__dict__.pop("settings", None)
    handler._connections = Local(handler.thread_critical)


@pytest.fixture
def backend(settings: Any) -> Iterator[RedisBackend]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    original = settings.TASKS
    prefix = f"thidua-test:{uuid.uuid4().hex}"
    settings.TASKS = {
        "default": {
            "BACKEND": "thidua.jobs.redis_backend.RedisBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"url": REDIS_URL, "prefix": prefix},
        }
    }
    _reset_backends()
    found = task_backends["default"]
    assert isinstance(found, RedisBackend)
    yield found
    keys = list(found.client.scan_iter(f"{prefix}:*"))
    if keys:
        found.client.delete(*keys)
    settings.TASKS = original
    _reset_backends()


def test_a_job_goes_through_redis_and_ends_done(
    backend: RedisBackend, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            user=cast.office,
            kind="test.numbers",
            title="Dãy số",
            task=tasks_for_tests.numbers_file,
            args={"count": 3},
        )
    job.refresh_from_db()
    assert job.task_id and backend.client.llen(backend._queue("default")) == 1
    assert backend.get_result(job.task_id).status == "READY"
    with keep_test_connection():
        backend.run_worker(
            worker_id="w-redis", queue_names=["default"], interval=1, batch=True, max_tasks=None
        )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result_file.read() == b"0\n1\n2"
    result = backend.get_result(job.task_id)
    assert result.status == "SUCCESSFUL" and result.return_value == "succeeded"
    assert result.worker_ids == ["w-redis"]
    assert backend.client.llen(backend._running("w-redis")) == 0


def test_a_failing_task_records_its_error(
    backend: RedisBackend, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            user=cast.office,
            kind="test.crash",
            title="Lỗi",
            task=tasks_for_tests.crashes,
            args={"unit_code": "BL-HD"},
        )
    job.refresh_from_db()
    with keep_test_connection():
        backend.run_worker(
            worker_id="w-redis", queue_names=["default"], interval=1, batch=True, max_tasks=None
        )
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Công việc bị dừng do một lỗi không lường trước")
    result = backend.get_result(job.task_id)
    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path == "builtins.RuntimeError"


def test_tasks_held_by_a_dead_worker_are_failed(
    backend: RedisBackend, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            user=cast.office,
            kind="test.fail",
            title="Việc",
            task=tasks_for_tests.fails_with_a_message,
            args={"unit_code": "BL-HD"},
        )
    job.refresh_from_db()
    assert backend.take("default", "w-dead", 0) == job.task_id  # taken, then the worker died
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker_id="w-dead")
    import datetime as dt

    from django.utils import timezone

    live.store().beat("w-dead")
    recover_lost_jobs(timezone.now() + dt.timedelta(minutes=5))
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert backend.get_result(job.task_id).status == "FAILED"
    assert backend.client.llen(backend._running("w-dead")) == 0


def test_health_says_when_redis_is_down(backend: RedisBackend) -> None:
    assert health.check()[0]
    reachable = backend.client
    backend._client = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    try:
        ok, detail = health.check()
    finally:
        backend._client = reachable
    assert not ok and detail.startswith("queue unreachable")
