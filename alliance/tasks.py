from celery import shared_task

from alliance import jobs, outbox
from alliance.services import heartbeat_record


@shared_task(soft_time_limit=10, time_limit=20)
def heartbeat(name: str = "beat") -> None:
    # Idempotent by nature: running it twice only moves the timestamp.
    heartbeat_record(name=name)


@shared_task(soft_time_limit=60, time_limit=90)
def relay_jobs() -> int:
    """Celery beat's fallback for the relay process (manage.py relay_jobs): publishes the jobs
    that are due, and forgets those done a week ago. Run by a worker, so only while the broker
    answers; the relay process covers the broker's absence."""
    published = jobs.relay()
    outbox.prune_done()
    return published
