"""Background work, the one way every app does it.

- Services enqueue a task by its name (`enqueue`): they never import tasks, tasks import
  services, so there is no circle (Zulip queues events by name the same way). The job is a row
  written in the caller's transaction (alliance.models.Job, a transactional outbox) and
  published to the broker once that transaction commits. A job that is never committed is never
  run; a committed one is never lost: if the broker is away the request still answers, and the
  relay (alliance/outbox.py) publishes the job when the broker is back.
- Every task has the same shape (`task`): bound, acknowledged late, retried with one backoff
  rule, within time limits, and retried on database errors wherever they happen. A job's worker
  process beats on it while it runs, so the relay takes back the job of a worker that died
  within a minute; a job already done is skipped when its message comes again.
- Work that must happen once is claimed by a conditional update inside a transaction, and done
  before it commits (`claim_then`): if the work fails, or its worker is killed, the claim is
  rolled back with it and the retry does it; a second run waits for the first and finds the
  row claimed.
"""

import logging
from collections.abc import Callable
from importlib import import_module

from celery import Task, current_app, shared_task
from celery.exceptions import Reject, Retry
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Q, QuerySet

from alliance import outbox
from alliance.redis_away import redis_failed, redis_is_away

RETRIES = 5

logger = logging.getLogger(__name__)


def enqueue(name: str, *args, **kwargs) -> None:
    """Run the task registered as `name` with these arguments once the current transaction
    commits (at once outside a transaction). The job is recorded in that transaction."""
    job = outbox.job_record(name=name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: publish(job))


def publish(job) -> bool:
    """Hand the job to the broker. If the broker does not answer (within the second its
    settings allow), leave the job to the relay and answer anyway. True if published."""
    task_ = registered(job.name)
    if current_app.conf.task_always_eager:
        # Tests that run tasks in their own process: errors are theirs to see.
        task_.apply_async(args=job.args, kwargs=job.kwargs, task_id=outbox.task_id(job))
        return True
    if redis_is_away():  # a process that just failed to reach Redis does not wait on it again
        outbox.job_publish_failed(job=job)
        return False
    try:
        task_.apply_async(
            args=job.args, kwargs=job.kwargs, task_id=outbox.task_id(job), retry=False
        )
    except Exception as error:  # the broker's errors are many (kombu, redis-py, OSError)
        redis_failed()
        logger.warning("job %s left for the relay, the broker is away: %s", job.pk, error)
        outbox.job_publish_failed(job=job)
        return False
    return True


def relay() -> int:
    """One round of the relay: publish the jobs that are due (alliance/outbox.py). Returns how
    many were published; 0 also while the broker is away (they wait for the next round)."""
    return outbox.relay_due(publish=_publish_or_say_away)


def _publish_or_say_away(job) -> bool:
    try:
        task_ = registered(job.name)
    except (LookupError, ImportError) as error:
        # A job named after a task that no longer exists: recorded, never run.
        outbox.job_done(job.pk, error=f"No such task: {error}")
        return True
    try:
        task_.apply_async(
            args=job.args, kwargs=job.kwargs, task_id=outbox.task_id(job), retry=False
        )
    except Exception as error:
        logger.warning("the relay cannot reach the broker: %s", error)
        return False
    return True


def registered(name: str):
    """The task registered as `name` ("surveys.tasks.send_confirmation"). A web process imports
    no tasks module of its own accord (only a worker discovers them), so the module the name
    gives is imported the first time one of its tasks is asked for."""
    if name not in current_app.tasks:
        import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


class JobTask(Task):
    """A task that keeps its Job row up to date: started (by which process), beating while it
    runs, waiting for a retry, or done. A message for a job that is done, or running in a live
    process, is skipped. Tasks not sent through the outbox (Celery beat's) run as they are."""

    def __call__(self, *args, **kwargs):
        job_id = outbox.job_id_of(self.request.id)
        if job_id is None or self.request.is_eager:
            return super().__call__(*args, **kwargs)
        try:
            attempt = outbox.job_start(job_id)
        except DatabaseError as error:
            raise self.retry(exc=error, countdown=backoff(self)) from error
        if attempt is None:
            logger.info("%s: job %s is done or running elsewhere; skipped", self.name, job_id)
            return None
        self.request.job_attempt = attempt
        try:
            result = super().__call__(*args, **kwargs)
        except Retry as retry:
            outbox.job_wait(job_id, when=retry.when, sig=retry.sig)
            raise
        except Reject:
            # Celery's answer when a retry cannot be published (the broker is away): not a
            # final failure; the relay publishes the job again once the broker is back.
            outbox.job_wait(job_id, when=0)
            raise
        except BaseException as error:
            # A final failure: it is not tried again by the relay (a person reads `error`).
            outbox.job_done(job_id, error=f"{type(error).__name__}: {error}")
            raise
        outbox.job_done(job_id)
        return result


def task(*, soft_time_limit: int = 30, time_limit: int = 60, **options):
    """The decorator of every task: bound, acknowledged late, retried RETRIES times, and on a
    database error (PostgreSQL restarting or away) retried 5, 10, 20, 40, 80 s later."""
    return shared_task(
        bind=True,
        base=JobTask,
        acks_late=True,
        max_retries=RETRIES,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
        autoretry_for=(OperationalError, InterfaceError),
        retry_backoff=5,
        retry_backoff_max=120,
        retry_jitter=False,
        **options,
    )


def backoff(running_task) -> int:
    """Seconds before the next retry: 10, 20, 40, 80, 160."""
    return 10 * 2**running_task.request.retries


def rerun(running_task) -> bool:
    """Whether this run of a job follows one that did not finish (its worker died, or it is a
    retry): work another run may have left half-done is then its to finish."""
    return getattr(running_task.request, "job_attempt", 1) > 1


def claim_then(
    running_task,
    *,
    rows: QuerySet,
    unclaimed: Q,
    claim: dict,
    work: Callable[[], object],
) -> bool:
    """Claim `rows` where still `unclaimed` (one conditional UPDATE: only one run wins), then
    do the work, in one transaction: if the work fails, or the worker dies, the claim is rolled
    back with it and the task is retried. A second run meanwhile waits for the row and then
    finds it claimed. False if another run had claimed it."""
    try:
        with transaction.atomic():
            if not rows.filter(unclaimed).update(**claim):
                return False
            work()
    except Exception as error:
        logger.warning("%s failed, retrying: %s", running_task.name, error)
        raise running_task.retry(exc=error, countdown=backoff(running_task)) from error
    return True
