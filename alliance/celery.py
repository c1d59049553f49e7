"""The Celery app. Its configuration is the CELERY_* block of the Django settings.

It also works around a kombu bug that killed the worker when Redis went away (issue #19): see
`_restore_unacked_while_connected`.
"""

import functools
import logging
import os

import kombu
from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.base")

logger = logging.getLogger(__name__)


def _restore_unacked_while_connected(restore_unacked):
    """kombu ≤ 5.7.0 (Redis transport): when the worker loses Redis while a BRPOP is in flight,
    closing its channel fails half-way, the connection is torn down anyway, and a second close
    then tries to put the unacknowledged messages back through a connection that no longer has
    a client: AttributeError ('NoneType' object has no attribute 'hostname'), which the worker
    treats as unrecoverable and exits. Seen in one of two runs with Redis stopped for 30 s under
    load; reproduced in tests/alliance/test_broker_timeouts.py. Redis is away at that moment,
    so the messages could not be put back anyway: they stay in Redis's unacked set (put back
    after the visibility timeout; the outbox relays their jobs long before), as when the restore
    fails on a connection error, and the worker goes on to reconnect."""

    @functools.wraps(restore_unacked)
    def restore(qos, client=None):
        transport = qos.channel.connection
        if client is None and (transport is None or transport.client is None):
            logger.warning(
                "%d unacknowledged message(s) left to Redis's visibility timeout: the broker "
                "connection was already closed",
                len(qos._delivered),
            )
            qos._delivered.clear()
            return None
        return restore_unacked(qos, client)

    return restore


if kombu.VERSION[:3] <= (5, 7, 0):
    kombu_redis.QoS.restore_unacked = _restore_unacked_while_connected(
        kombu_redis.QoS.restore_unacked
    )

app = Celery("alliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
