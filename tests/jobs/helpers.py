"""Running queued jobs in tests with the real database worker (django_tasks_db's ``Worker``,
the one ``thidua worker`` runs), in the test's own thread and transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker

from thidua.jobs import runner


def run_queued_tasks(worker_id: str = "test-worker") -> None:
    """``close_old_connections`` (called by the worker between tasks) is switched off: inside
    the test's transaction it would close the PostgreSQL connection."""
    previous = runner.CURRENT_WORKER_ID
    runner.CURRENT_WORKER_ID = worker_id
    with keep_test_connection():
        _run(worker_id, previous)


@contextmanager
def keep_test_connection() -> Iterator[None]:
    """Workers call ``close_old_connections`` between tasks; inside a test's transaction
    that would close the PostgreSQL connection under the test."""
    with (
        mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ),
        mock.patch("thidua.jobs.runner.close_old_connections", lambda: None),
    ):
        yield


def _run(worker_id: str, previous: str) -> None:
    try:
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
    finally:
        runner.CURRENT_WORKER_ID = previous


def job_page(client: Any, response: Any) -> Any:
    """Follow the redirect of a page that started a job to the job's page."""
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/jobs/")
    return client.get(response["Location"])
