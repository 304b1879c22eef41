"""The background worker: the task engine's own worker, with the publishing clock beside it.

`manage.py run_worker` calls `run()`. The clock ticks every
PUBLISHING_CLOCK_INTERVAL seconds in a thread: it records the events of
scheduled articles whose time has come (no request needed) and queues again
what looks lost (deliveries, interrupted imports). Every worker runs a clock;
the events' unique constraint makes their ticks harmless to each other.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

logger = logging.getLogger(__name__)


def tick():
    """One look at the clock: returns (events recorded, deliveries re-queued, imports resumed)."""
    from . import events, imports, retention, tasks

    recorded = events.record_changes(events.due_articles())
    requeued = tasks.requeue_stale()
    resumed = imports.resume_interrupted()
    retention.prune_if_due()
    return recorded, requeued, resumed


def _clock(stop, interval):
    while not stop.wait(interval):
        try:
            close_old_connections()
            tick()
        except Exception:
            # A database hiccup must not stop the clock; the next tick tries again.
            logger.exception("publishing clock tick failed")
    connection.close()


def engine():
    """ "database", "rq" or "immediate": which worker the TASKS backend needs."""
    name = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__module__
    if name.startswith("django_tasks_db"):
        return "database"
    if name.startswith("django_tasks_rq"):
        return "rq"
    return "immediate"


def run(*, batch=False, interval=1.0, clock=True, worker_id=None, signals=False, stdout=None):
    """Run tasks until stopped (or, with `batch`, until none is due); the clock ticks beside them.

    `batch` ticks once first and then works through every due task, including
    retries that fall due meanwhile: what the tests and `run_worker --batch` use.
    """
    kind = engine()
    if batch:
        tick()
    stop = threading.Event()
    if clock and not batch:
        threading.Thread(
            target=_clock, args=(stop, settings.PUBLISHING_CLOCK_INTERVAL), name="publishing-clock", daemon=True
        ).start()
    try:
        if kind == "database":
            from django_tasks_db.management.commands.db_worker import Worker

            worker = Worker(
                queue_names=["*"],
                excluded_queue_names=[],
                interval=interval,
                batch=batch,
                backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                startup_delay=not batch,
                max_tasks=None,
                worker_id=worker_id or get_random_string(32),
            )
            if signals:
                worker.configure_signals()
            worker.run()
        elif kind == "rq":
            from django.core.management import call_command

            # RQ must build jobs with the django-tasks job class, which calls the Task.
            arguments = ["--job-class", "django_tasks_rq.backend.Job", "--burst" if batch else "--with-scheduler"]
            call_command("rqworker", *settings.TASKS["default"].get("QUEUES", ["default"]), *arguments)
        elif not batch:
            # Tasks run as they are queued (ImmediateBackend): only the clock has work here.
            stop.wait()
    finally:
        stop.set()
