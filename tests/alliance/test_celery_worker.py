import time

import pytest

from alliance.models import Heartbeat
from alliance.tasks import heartbeat


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_and_its_effect_lands_in_postgres(celery_worker_process):
    # Results are ignored unless asked for (settings: CELERY_TASK_IGNORE_RESULT); this one is.
    result = heartbeat.apply_async(args=("from-test",), ignore_result=False)
    result.get(timeout=30)
    # The task's result came back through Redis; its effect must be in PostgreSQL.
    deadline = time.monotonic() + 10
    while not Heartbeat.objects.filter(name="from-test").exists():
        assert time.monotonic() < deadline, "the worker's write never reached PostgreSQL"
        time.sleep(0.1)


def test_tasks_are_acknowledged_late_and_bounded_in_time(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SERIALIZER == "json"
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_MAX_COUNTDOWN


def test_tasks_store_no_result_unless_asked_to(settings):
    # Publishing a task that stores a result subscribes to the result store, which waits on
    # Redis; nothing in the hub reads results (tests/alliance/test_broker_timeouts.py).
    assert settings.CELERY_TASK_IGNORE_RESULT is True
    assert heartbeat.ignore_result is True
