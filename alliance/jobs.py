"""Background work, the one way every app does it.

- Services enqueue a task by its name, after their transaction commits (`enqueue`): they never
  import tasks, tasks import services, so there is no circle (Zulip queues events by name the
  same way). A task that is never committed is never run; a row is never read by a worker
  before it exists.
- Every task has the same shape (`task`): bound, acknowledged late (a worker that dies leaves
  its task to be delivered again), retried with one backoff rule, within time limits.
- Work that must happen once is claimed by a conditional update before it is done, and the
  claim is released if it fails, so the retry can do it (`claim_then`).
"""

import logging
from collections.abc import Callable
from importlib import import_module

from celery import current_app, shared_task
from django.db import transaction
from django.db.models import Q, QuerySet

RETRIES = 5

logger = logging.getLogger(__name__)


def enqueue(name: str, *args, **kwargs) -> None:
    """Run the task registered as `name` with these arguments once the current transaction
    commits (at once outside a transaction)."""

    def publish():
        # apply_async (not send_task) so that eager settings in tests apply.
        registered(name).apply_async(args=args, kwargs=kwargs)

    transaction.on_commit(publish)


def registered(name: str):
    """The task registered as `name` ("surveys.tasks.send_confirmation"). A web process imports
    no tasks module of its own accord (only a worker discovers them), so the module the name
    gives is imported the first time one of its tasks is asked for."""
    if name not in current_app.tasks:
        import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


def task(*, soft_time_limit: int = 30, time_limit: int = 60, **options):
    """The decorator of every task: bound, acknowledged late, retried RETRIES times."""
    return shared_task(
        bind=True,
        acks_late=True,
        max_retries=RETRIES,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
        **options,
    )


def backoff(running_task) -> int:
    """Seconds before the next retry: 10, 20, 40, 80, 160."""
    return 10 * 2**running_task.request.retries


def claim_then(
    running_task,
    *,
    rows: QuerySet,
    unclaimed: Q,
    claim: dict,
    release: dict,
    work: Callable[[], object],
) -> bool:
    """Claim `rows` where still `unclaimed` (one conditional UPDATE: only one run wins), then
    do the work; if it fails, release the claim and retry the task. False if another run had
    claimed it."""
    if not rows.filter(unclaimed).update(**claim):
        return False
    try:
        work()
    except Exception as error:
        rows.update(**release)
        logger.warning("%s failed, retrying: %s", running_task.name, error)
        raise running_task.retry(exc=error, countdown=backoff(running_task)) from error
    return True
