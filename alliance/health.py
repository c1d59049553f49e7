"""The checks behind /healthz: can the site reach PostgreSQL, Redis and a Celery worker?

The report (error kinds, timings) is for staff; the public sees only the overall status.
"""

import time
from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from alliance.celery import app as celery_app
from alliance.models import Heartbeat, Job
from alliance.settings.env import redis_url_for_db

TIMEOUT_SECONDS = 1.0
# Beat records a heartbeat every minute; three missed beats mean it is not running.
BEAT_STALE_AFTER = timedelta(minutes=3)
JOBS_STALE_AFTER = timedelta(minutes=5)


def _timed(check):
    started = time.perf_counter()
    try:
        result = check()
    # Any failure means "down"; the report names its kind, never its details.
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **(result or {})}


def _postgres():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    url = redis_url_for_db(settings.REDIS_URL, settings.REDIS_DB_BROKER)
    client = redis.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def _celery():
    # `limit=1` returns as soon as one worker answers instead of waiting out the timeout.
    replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS, limit=1)
    if not replies:
        raise TimeoutError("no Celery worker answered")
    return {"workers": len(replies)}


def _beat():
    last = Heartbeat.objects.filter(name="beat").values_list("beat_at", flat=True).first()
    if last is None or timezone.now() - last > BEAT_STALE_AFTER:
        raise TimeoutError("no recent heartbeat from Celery beat")
    return {"last": last.isoformat()}


def _jobs():
    """The outbox: jobs waiting for a worker, and how long the oldest has been overdue. Jobs
    overdue for JOBS_STALE_AFTER mean the relay or the workers are not keeping up."""
    now = timezone.now()
    waiting = Job.objects.filter(done_at=None, started_at=None, due_at__lte=now)
    oldest = waiting.aggregate(oldest=Min("due_at"))["oldest"]
    overdue = (now - oldest).total_seconds() if oldest else 0
    failed = Job.objects.filter(done_at__gte=now - timedelta(days=1)).exclude(error="").count()
    return {"waiting": waiting.count(), "overdue_s": round(overdue), "failed_24h": failed}


def health_report() -> tuple[bool, dict]:
    """Whether the site can serve, and each dependency's state."""
    checks = {"postgres": _timed(_postgres), "redis": _timed(_redis)}
    if checks["redis"]["ok"]:
        checks["celery"] = _timed(_celery)
    else:
        checks["celery"] = {"ok": False, "error": "RedisUnavailable"}
    checks["beat"] = _timed(_beat) if checks["postgres"]["ok"] else {"ok": False}
    checks["jobs"] = _timed(_jobs) if checks["postgres"]["ok"] else {"ok": False}
    if checks["jobs"].get("overdue_s", 0) > JOBS_STALE_AFTER.total_seconds():
        checks["jobs"]["ok"] = False
    # Beat and the jobs are reported but not required: the site serves without its periodic
    # jobs for a while.
    healthy = all(checks[name]["ok"] for name in ("postgres", "redis", "celery"))
    return healthy, checks
