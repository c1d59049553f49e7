"""The jobs' outbox: each job a row (alliance.models.Job) from the moment it is enqueued until
it is done, so that no job is lost whatever stops: the broker, a web process after its commit,
a worker in the middle of a task.

A job's life, in its row:
- recorded with the change that causes it; `due_at` a minute ahead, on the hope that the
  publish right after commit works (alliance.jobs.publish). If it does not, `due_at` is now.
- the relay (`relay_due`, run by `manage.py relay_jobs` every second or two and by Celery beat as
  a fallback) publishes every open job that is due and that no live worker holds: never
  published, published but not started a GRACE later (the broker lost it: a Redis restarted
  without its data), or started by a worker process that stopped beating (killed). Each
  publish pushes `due_at` further out (GRACE, doubled each time, up to an hour), so a long
  queue is not flooded with copies; a copy that arrives after its job is done is skipped.
- started by a worker process (`job_start`: one conditional UPDATE, so two copies never run at
  once while the first one's process lives), beating every BEAT seconds while it runs.
- waiting for a retry (`job_wait`), or done (`job_done`), with the error if it failed for good.
"""

import logging
import os
import re
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from alliance.models import Job

logger = logging.getLogger(__name__)

GRACE = timedelta(seconds=60)
# A worker process beats on the jobs it runs every BEAT seconds; a job whose beat is older than
# STALE belongs to a process that is gone.
BEAT = 10
STALE = timedelta(seconds=30)
# A job started this many times without finishing (its worker killed each time: a hard time
# limit, a crash it causes) is given up rather than run for ever.
MAX_ATTEMPTS = 12
KEEP_DONE = timedelta(days=7)

_TASK_ID = re.compile(r"^job-(\d+)-")


def job_record(*, name: str, args: list, kwargs: dict) -> Job:
    now = timezone.now()
    return Job.objects.create(
        name=name, args=args, kwargs=kwargs, created_at=now, due_at=now + GRACE
    )


def task_id(job: Job) -> str:
    """The Celery task id of a job's message: it names the job (and differs per copy)."""
    return f"job-{job.pk}-{uuid.uuid4().hex[:12]}"


def job_id_of(celery_task_id: str | None) -> int | None:
    match = _TASK_ID.match(celery_task_id or "")
    return int(match.group(1)) if match else None


def job_publish_failed(*, job: Job) -> None:
    """The publish after commit failed: the relay publishes the job as soon as it can."""
    try:
        Job.objects.filter(pk=job.pk, relays=0).update(due_at=timezone.now())
    except Exception as error:  # PostgreSQL away too: the job is published after GRACE
        logger.warning("job %s: could not mark it for the relay: %s", job.pk, error)


def job_start(job_id: int) -> int | None:
    """Mark the job started by this process, unless it is done or a live process runs it
    (one conditional UPDATE). Returns which attempt this is, or None if this copy is to be
    skipped."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE alliance_job
            SET started_at = %(now)s, started_by = %(by)s, beat_at = %(now)s,
                attempts = attempts + 1
            WHERE id = %(id)s AND done_at IS NULL
              AND (started_at IS NULL OR beat_at < %(stale)s)
            RETURNING attempts
            """,
            {"now": now, "by": process_name(), "id": job_id, "stale": now - STALE},
        )
        row = cursor.fetchone()
    if row is None:
        row = _take_from_dead_neighbour(job_id, now)
    if row is None:
        return None
    if row[0] > MAX_ATTEMPTS:
        logger.error("job %s gave up after %s attempts", job_id, row[0] - 1)
        job_done(job_id, error=f"Given up after {row[0] - 1} attempts that never finished.")
        return None
    _beater.hold(job_id)
    return row[0]


def _take_from_dead_neighbour(job_id: int, now: datetime):
    """The job is held by a process of this same machine that no longer exists (a pool process
    killed: Celery hands its task straight back to the broker): take it now rather than after
    STALE. A process of another machine is judged by its beat alone."""
    holder = Job.objects.filter(pk=job_id, done_at=None).values_list("started_by", flat=True)
    host, _, pid = (holder.first() or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or _alive(int(pid)):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE alliance_job
            SET started_at = %(now)s, started_by = %(by)s, beat_at = %(now)s,
                attempts = attempts + 1
            WHERE id = %(id)s AND done_at IS NULL AND started_by = %(holder)s
            RETURNING attempts
            """,
            {"now": now, "by": process_name(), "id": job_id, "holder": f"{host}:{pid}"},
        )
        return cursor.fetchone()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def job_wait(job_id: int, *, when, sig=None) -> None:
    """The job is to be retried at `when` (seconds, or an instant): its message waits in the
    broker; if it is lost, the relay publishes the job again a GRACE after that time."""
    _beater.release(job_id)
    now = timezone.now()
    at = when if isinstance(when, datetime) else now + timedelta(seconds=float(when or 0))
    changes = {"started_at": None, "started_by": "", "beat_at": None, "due_at": at + GRACE}
    if sig is not None:
        changes.update(args=list(sig.args or ()), kwargs=dict(sig.kwargs or {}))
    _quietly(job_id, changes)


def job_done(job_id: int, *, error: str = "") -> None:
    """Done; a failed job keeps its arguments, to be run again by a person. A job done well
    forgets them: some are secrets for a moment (an account email's reset link)."""
    _beater.release(job_id)
    changes = {"done_at": timezone.now(), "error": error[:2000]}
    if not error:
        changes.update(args=[], kwargs={})
    _quietly(job_id, changes)


def _quietly(job_id: int, changes: dict) -> None:
    try:
        Job.objects.filter(pk=job_id).update(**changes)
    except Exception as failure:
        # PostgreSQL away: the row says "started" and no one beats on it, so the relay takes
        # the job back; a copy of a job that was done runs again and finds its work claimed.
        logger.warning("job %s: could not record %s: %s", job_id, sorted(changes), failure)
        connection.close()


def relay_due(*, publish, limit: int = 500) -> int:
    """Publish the open jobs that are due and that no live process holds (see the module's
    docstring). `publish(job)` returns False when the broker is away: the round stops there.
    Returns how many were published."""
    now = timezone.now()
    published = []
    with transaction.atomic():
        due = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(done_at=None)
            .filter(
                Q(started_at=None, due_at__lte=now)
                | Q(started_at__isnull=False, beat_at__lt=now - STALE)
            )
            .order_by("due_at")[:limit]
        )
        for job in due:
            if not publish(job):
                break
            published.append(job)
        if published:  # one statement: each copy waits GRACE, doubled per earlier copy
            with connection.cursor() as cursor:
                cursor.execute(
                    """
                    UPDATE alliance_job
                    SET relayed_at = %(now)s, relays = relays + 1,
                        due_at = %(now)s + %(grace)s * power(2, least(relays, 6)),
                        started_at = NULL, started_by = '', beat_at = NULL
                    WHERE id = ANY(%(ids)s)
                    """,
                    {"now": now, "grace": GRACE, "ids": [job.pk for job in published]},
                )
    if published:
        logger.info("relayed %s jobs", len(published))
    return len(published)


def prune_done(*, now: datetime | None = None) -> int:
    """Forget jobs done more than KEEP_DONE ago."""
    before = (now or timezone.now()) - KEEP_DONE
    return Job.objects.filter(done_at__lt=before).delete()[0]


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Beater:
    """The thread of a worker process that beats on the jobs the process is running, every
    BEAT seconds, so the relay can tell a long job from one whose process died. Started in
    each process (a forked pool process starts its own) with its first job."""

    def __init__(self):
        self.running: set[int] = set()
        self.lock = threading.Lock()
        self.pid = None

    def hold(self, job_id: int) -> None:
        with self.lock:
            self.running.add(job_id)
            if self.pid != os.getpid():
                self.pid = os.getpid()
                threading.Thread(target=self._beat, name="job-beat", daemon=True).start()

    def release(self, job_id: int) -> None:
        with self.lock:
            self.running.discard(job_id)

    def _beat(self) -> None:
        while True:
            time.sleep(BEAT)
            with self.lock:
                ids = list(self.running)
            if not ids:
                continue
            try:
                Job.objects.filter(pk__in=ids, done_at=None).update(beat_at=timezone.now())
            except Exception as error:
                logger.warning("could not beat on jobs %s: %s", ids, error)
                connection.close()


_beater = _Beater()


def jobs_run_again(jobs) -> int:
    """Failed jobs a person asks to be run again (their cause mended): due now, from scratch."""
    return jobs.update(
        done_at=None, error="", attempts=0, started_at=None, started_by="", beat_at=None,
        due_at=timezone.now(),
    )  # fmt: skip
