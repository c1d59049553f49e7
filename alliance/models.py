from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic job ran, so /healthz can tell whether Celery beat is alive."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
