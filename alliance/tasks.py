from celery import shared_task

from alliance.services import heartbeat_record


@shared_task(soft_time_limit=10, time_limit=20)
def heartbeat(name: str = "beat") -> None:
    # Idempotent by nature: running it twice only moves the timestamp.
    heartbeat_record(name=name)
