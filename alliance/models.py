from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last time a periodic job ran, so /healthz can tell whether Celery beat is alive."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Job(models.Model):
    """One piece of background work, written in the same transaction as the change that causes
    it (a transactional outbox: alliance/jobs.py, alliance/outbox.py). A job is never lost
    between PostgreSQL and the broker: published after commit, published again by the relay
    while no worker has started it, and taken back from a worker that stopped beating."""

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the relay should next publish it if no worker has started it by then.
    due_at = models.DateTimeField()
    relayed_at = models.DateTimeField(null=True, blank=True)
    relays = models.PositiveIntegerField(default=0)
    # The worker process running it ("host:pid"), and when that process last said it was alive.
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=200, blank=True)
    beat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "background job"
        indexes = [
            # The relay's question: which open jobs are due? Done jobs leave the index.
            models.Index(
                fields=["due_at"], name="alliance_job_open", condition=models.Q(done_at=None)
            ),
            models.Index(fields=["done_at"], name="alliance_job_done"),
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}"
