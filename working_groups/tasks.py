"""The working groups' background work: the call reminders' sweep (Celery beat). Safe to run
twice, or by two workers at once: each reminder is claimed in the notifications' ledger."""

from datetime import datetime

from django.utils import timezone

from alliance.jobs import task
from working_groups.services.reminders import reminders_send_due


@task(soft_time_limit=120, time_limit=180)
def send_call_reminders(self, now: str | None = None) -> int:
    """Celery beat, every five minutes: remind those Going or Maybe of the calls whose
    reminder is due. `now`, an ISO instant, replays a given moment (a missed beat, a test)."""
    return reminders_send_due(now=datetime.fromisoformat(now) if now else timezone.now())
