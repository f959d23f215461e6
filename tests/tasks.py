"""The task queue as production has it: tasks stored in the database and run by the
real worker of `manage.py db_worker`."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks() -> int:
    """Run every task that is due, as `manage.py db_worker --batch` does (without
    taking over the test process's signals), and return how many ran. For tests
    marked `django_db(transaction=True)`: the worker checks its connection between
    tasks, and closes one left in a transaction."""
    before = DBTaskResult.objects.finished().count()
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()
    return DBTaskResult.objects.finished().count() - before
