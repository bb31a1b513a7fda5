"""``thidua worker``: run background jobs.

Runs the task worker of the configured backend (django_tasks_db's worker for the database
queue, ``thidua.jobs.redis_backend`` for Redis), and next to it, in a thread:

* a heartbeat every ``--beat`` seconds (``thidua.jobs.live``), so that jobs whose worker died
  can be told from jobs that are merely long;
* every ``--sweep`` seconds (and once at start): jobs whose worker has not beaten for
  ``THIDUA_JOBS_HEARTBEAT_TIMEOUT`` seconds are failed with a clear message, or queued again
  if their task is idempotent (``services.recover_lost_jobs``), and the daily schedule
  ``THIDUA_SCHEDULE`` is run (``services.run_schedule``; once a day across every worker).

Stop it with Ctrl+C or SIGTERM: the running task is finished first (a second signal stops at
once; the sweep of the next worker then fails or re-queues what was cut).
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from django.tasks import DEFAULT_TASK_QUEUE_NAME, default_task_backend
from django.utils.crypto import get_random_string

from thidua.jobs import live, runner, services

logger = logging.getLogger("thidua.jobs.worker")


class Maintenance(threading.Thread):
    def __init__(self, worker_id: str, beat: float, sweep: float, schedule: bool) -> None:
        super().__init__(name="thidua-worker-maintenance", daemon=True)
        self.worker_id = worker_id
        self.beat_every = beat
        self.sweep_every = sweep
        self.schedule = schedule
        self.stopped = threading.Event()

    def tick_beat(self) -> None:
        try:
            live.store().beat(self.worker_id)
        except Exception:
            logger.warning("Heartbeat not recorded", exc_info=True)

    def tick_sweep(self) -> None:
        try:
            services.recover_lost_jobs()
            if self.schedule:
                services.run_schedule()
        except Exception:
            # On SQLite a long import holds the write lock: try again at the next sweep.
            logger.warning("Lost-job sweep or schedule did not run", exc_info=True)
        finally:
            connections.close_all()

    def run(self) -> None:
        since_sweep = 0.0
        while not self.stopped.wait(self.beat_every):
            self.tick_beat()
            since_sweep += self.beat_every
            if since_sweep >= self.sweep_every:
                since_sweep = 0.0
                self.tick_sweep()
        live.store().close()

    def stop(self) -> None:
        self.stopped.set()


class Command(BaseCommand):
    help = "Run background jobs (imports, exports, document batches) and the daily schedule."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)
        parser.add_argument("--interval", type=float, default=1.0, help="poll interval (s)")
        parser.add_argument("--beat", type=float, default=5.0, help="heartbeat interval (s)")
        parser.add_argument("--sweep", type=float, default=30.0, help="lost-job sweep (s)")
        parser.add_argument("--batch", action="store_true", help="run what waits, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--no-schedule", action="store_true", help="skip THIDUA_SCHEDULE")
        parser.add_argument("--worker-id", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"] or f"{os.getpid()}-{get_random_string(12)}"
        runner.CURRENT_WORKER_ID = worker_id
        maintenance = Maintenance(
            worker_id, options["beat"], options["sweep"], not options["no_schedule"]
        )
        maintenance.tick_beat()
        maintenance.tick_sweep()
        maintenance.start()
        backend = default_task_backend
        self.stdout.write(
            f"thidua worker {worker_id}: {type(backend).__name__}, queue "
            f"{options['queue_name']}, heartbeat timeout "
            f"{settings.THIDUA_JOBS_HEARTBEAT_TIMEOUT} s"
        )
        try:
            if hasattr(backend, "run_worker"):  # thidua.jobs.redis_backend.RedisBackend
                backend.run_worker(
                    worker_id=worker_id,
                    queue_names=[options["queue_name"]],
                    interval=options["interval"],
                    batch=options["batch"],
                    max_tasks=options["max_tasks"],
                )
            else:
                self._run_database_worker(worker_id, options)
        finally:
            maintenance.stop()
            try:
                store = live.store()
                store.forget(worker_id)
                store.close()
            except Exception:
                logger.warning("Could not remove the heartbeat of %s", worker_id)

    def _run_database_worker(self, worker_id: str, options: dict[str, Any]) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=worker_id[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
