"""Retrying background tasks (Django's Tasks framework has no retries of its own).

A task that fails for a reason that may pass (a mail server or another blog that
cannot be reached) queues itself again with `retry_later`, each time later than
the last, a bounded number of times, and then raises: every attempt that failed
stays in the admin's list of task results with its traceback, the last one too, so
nothing is lost silently.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

FIRST_RETRY_SECONDS = 60
BACKOFF_FACTOR = 5  # 1 minute, 5, 25, 2 hours, 10 hours


def enqueue_with_write(task, **kwargs) -> None:
    """Queue `task` with `kwargs` as part of the caller's write.

    The database backend writes the task's row in the write's own transaction: the
    task exists exactly when the write commits, never lost between the two, and
    the write takes one transaction, not two (on SQLite every transaction waits its
    turn for the one write lock: a second one per comment cost a third of posting's
    throughput). A backend that runs tasks at once runs it after the commit."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, **kwargs))


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after the failed attempt number `attempt` (from 1)."""
    return timedelta(seconds=FIRST_RETRY_SECONDS * BACKOFF_FACTOR ** (attempt - 1))


def retry_later(task, *, attempt: int, **kwargs) -> bool:
    """Queue `task` again with `attempt + 1` and `kwargs`, after `retry_delay`.

    False when the attempts (`TASKS_MAX_ATTEMPTS`) are spent, or when the backend
    cannot run a task later (the immediate one): the failure then stands."""
    if attempt >= settings.TASKS_MAX_ATTEMPTS:
        return False
    if not task.get_backend().supports_defer:
        return False
    later = task.using(run_after=timezone.now() + retry_delay(attempt))
    later.enqueue(attempt=attempt + 1, **kwargs)
    return True
