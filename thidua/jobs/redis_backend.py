"""A small Redis task backend for Django 6.1's built-in ``django.tasks``.

Why not django-tasks-rq?  It is written against the ``django-tasks`` backport package, not
against ``django.tasks``: its backend subclasses the backport's ``BaseTaskBackend``, whose
``task_class`` is the backport's ``Task``.  Configured in ``TASKS``, it makes every
``@django.tasks.task`` function a ``django_tasks.base.Task`` whose results are
``django_tasks`` results (not ``django.tasks.TaskResult``) and whose signals are the
backport's, not Django's (checked with django-tasks-rq 0.12 and Django 6.1: it runs, but
only by bringing a second copy of the tasks framework, plus django-rq, rq and rq-scheduler,
and a separate ``rqworker`` command).  Its last release also declares support up to Django
6.0 only.  What thidua needs from a queue is small — put a call on a list, let one worker
take it, keep its result for a while, notice a worker that died — so it is written here on
the ``redis`` client, against ``django.tasks`` itself, in about 200 lines.

Layout in Redis (``prefix`` from ``OPTIONS``, default ``thidua:tasks``):

* ``<prefix>:queue:<queue name>`` — a list of task ids waiting (LPUSH in, taken from the
  right: first in, first out);
* ``<prefix>:task:<id>`` — the task as JSON (path, arguments, status, times, errors, return
  value), kept ``result_ttl`` seconds (7 days) after it ends;
* ``<prefix>:running:<worker id>`` — the ids a worker has taken.  A task is moved there
  atomically (BLMOVE), so a worker that dies cannot lose one: ``recover_lost`` fails what a
  dead worker held (its job is then failed or queued again by ``thidua.jobs.services``).

No priorities and no ``run_after`` (``supports_priority``/``supports_defer`` are False):
thidua does not use them.  The worker loop runs in ``thidua worker`` (``run_worker``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import sys
import threading
import uuid
from traceback import format_exception
from typing import Any

import redis
from django.tasks import Task, TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskContext, TaskError
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class RedisBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = True
    supports_priority = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.url = self.options["url"]
        self.prefix = self.options.get("prefix", "thidua:tasks")
        self.result_ttl = int(self.options.get("result_ttl", 7 * 24 * 3600))
        self._client: redis.Redis | None = None

    @property
    def client(self) -> redis.Redis:
        if self._client is None:
            self._client = redis.Redis.from_url(
                self.url, socket_timeout=30, socket_connect_timeout=5, health_check_interval=30
            )
        return self._client

    def _queue(self, name: str) -> str:
        return f"{self.prefix}:queue:{name}"

    def _task(self, task_id: str) -> str:
        return f"{self.prefix}:task:{task_id}"

    def _running(self, worker_id: str) -> str:
        return f"{self.prefix}:running:{worker_id}"

    # -- the producer side --------------------------------------------------------------

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        task_id = str(uuid.uuid4())
        record = {
            "task_path": task.module_path,
            "queue": task.queue_name,
            "args": normalize_json(list(args)),
            "kwargs": normalize_json(dict(kwargs)),
            "status": TaskResultStatus.READY.value,
            "enqueued_at": timezone.now().isoformat(),
            "started_at": None,
            "finished_at": None,
            "worker_ids": [],
            "errors": [],
            "return_value": None,
        }
        pipe = self.client.pipeline()
        pipe.set(self._task(task_id), json.dumps(record))
        pipe.lpush(self._queue(task.queue_name), task_id)
        pipe.execute()
        result = self._result(task_id, record)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        raw = self.client.get(self._task(result_id))
        if raw is None:
            raise TaskResultDoesNotExist(result_id)
        return self._result(result_id, json.loads(raw))

    def _result(self, task_id: str, record: dict[str, Any]) -> TaskResult:
        task = import_string(record["task_path"]).using(
            queue_name=record["queue"], backend=self.alias
        )
        result: TaskResult = TaskResult(
            task=task,
            id=task_id,
            status=TaskResultStatus[record["status"]],
            enqueued_at=_time(record["enqueued_at"]),
            started_at=_time(record["started_at"]),
            finished_at=_time(record["finished_at"]),
            last_attempted_at=_time(record["started_at"]),
            args=record["args"],
            kwargs=record["kwargs"],
            backend=self.alias,
            errors=[TaskError(**error) for error in record["errors"]],
            worker_ids=list(record["worker_ids"]),
        )
        object.__setattr__(result, "_return_value", record["return_value"])
        return result

    def ping(self) -> None:
        self.client.ping()

    # -- the worker side ----------------------------------------------------------------

    def _save(self, task_id: str, record: dict[str, Any], *, ttl: int | None = None) -> None:
        self.client.set(self._task(task_id), json.dumps(record), ex=ttl)

    def take(self, queue_name: str, worker_id: str, timeout: float) -> str | None:
        """Move the oldest waiting id to this worker's running list (atomically)."""
        if timeout > 0:
            raw = self.client.blmove(
                self._queue(queue_name),
                self._running(worker_id),
                max(1, round(timeout)),  # whole seconds
                "RIGHT",
                "LEFT",
            )
        else:
            raw = self.client.lmove(
                self._queue(queue_name), self._running(worker_id), "RIGHT", "LEFT"
            )
        return raw.decode() if isinstance(raw, bytes) else raw

    def run_one(self, task_id: str, worker_id: str) -> None:
        raw = self.client.get(self._task(task_id))
        if raw is None:  # expired or removed: nothing to run
            self.client.lrem(self._running(worker_id), 1, task_id)
            return
        record = json.loads(raw)
        record.update(
            status=TaskResultStatus.RUNNING.value,
            started_at=timezone.now().isoformat(),
            worker_ids=[*record["worker_ids"], worker_id],
        )
        self._save(task_id, record)
        result = self._result(task_id, record)
        task_started.send(type(self), task_result=result)
        try:
            task = result.task
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            record.update(
                status=TaskResultStatus.SUCCESSFUL.value, return_value=normalize_json(value)
            )
        except BaseException as exc:
            record["status"] = TaskResultStatus.FAILED.value
            record["errors"].append(
                {
                    "exception_class_path": f"{type(exc).__module__}.{type(exc).__qualname__}",
                    "traceback": "".join(format_exception(exc)),
                }
            )
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
        finally:
            record["finished_at"] = timezone.now().isoformat()
            self._save(task_id, record, ttl=self.result_ttl)
            self.client.lrem(self._running(worker_id), 1, task_id)
            task_finished.send(type(self), task_result=self._result(task_id, record))

    def run_worker(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        interval: float,
        batch: bool,
        max_tasks: int | None,
    ) -> None:
        """The loop of ``thidua worker`` on Redis.  SIGTERM/SIGINT finish the current task
        and stop; a second signal stops at once."""
        state = {"running": True, "busy": False}

        def shutdown(signum: int, frame: Any) -> None:
            if not state["running"] or not state["busy"]:
                sys.exit(0 if not state["busy"] else 1)
            logger.warning("Stopping after the current task (signal again to stop now)")
            state["running"] = False

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, shutdown)
            signal.signal(signal.SIGINT, shutdown)
        done = 0
        while state["running"]:
            taken = None
            for name in queue_names:
                wait = 0 if batch or len(queue_names) > 1 else interval
                taken = self.take(name, worker_id, wait)
                if taken:
                    break
            if taken is None:
                if batch:
                    return
                if len(queue_names) > 1:
                    threading.Event().wait(interval)
                continue
            state["busy"] = True
            try:
                self.run_one(taken, worker_id)
            finally:
                state["busy"] = False
            done += 1
            if max_tasks is not None and done >= max_tasks:
                return

    def recover_lost(self, *, alive: set[str], dead: set[str]) -> list[str]:
        """Fail the tasks held by workers known to be dead (their beat went stale)."""
        failed: list[str] = []
        for worker_id in dead - alive:
            key = self._running(worker_id)
            for raw in self.client.lrange(key, 0, -1):
                task_id = raw.decode() if isinstance(raw, bytes) else raw
                found = self.client.get(self._task(task_id))
                if found is not None:
                    record = json.loads(found)
                    record.update(
                        status=TaskResultStatus.FAILED.value,
                        finished_at=timezone.now().isoformat(),
                    )
                    record["errors"].append(
                        {
                            "exception_class_path": "thidua.jobs.services.WorkerLost",
                            "traceback": f"worker {worker_id} stopped while running this task",
                        }
                    )
                    self._save(task_id, record, ttl=self.result_ttl)
                failed.append(task_id)
            self.client.delete(key)
        return failed
