import email
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache

from alliance.celery import app as celery_app
from alliance.redis_away import redis_back
from tests.factories import PASSWORD, ApplicantFactory, MemberFactory, StaffFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache holds allauth's rate-limit counters; each test starts with none.
    # Test settings give the cache a Redis database of its own, so this flushes nothing else.
    cache.clear()


@pytest.fixture(autouse=True)
def _redis_not_remembered_away():
    # A test that points the cache at a Redis that is away makes the process leave Redis
    # alone for a moment (alliance/redis_away.py); the next test starts with Redis trusted.
    redis_back()
    yield
    redis_back()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def member(db):
    return MemberFactory(name="Maya Member")


@pytest.fixture
def applicant(db):
    return ApplicantFactory(name="Alex Applicant")


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def eager_tasks(settings):
    """Run Celery tasks in the test's own process, for tests about their effect, not transport.

    Each kind of task also has a test through a real worker.
    """
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


@pytest.fixture
def staff(db):
    return StaffFactory(name="Sam Staff")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _database_url_of_test_db():
    db = settings.DATABASES["default"]
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


class SmtpSink:
    """What an SMTP server on 127.0.0.1 accepted (aiosmtpd, in a thread of the test process).
    It refuses the recipients in `refuse`."""

    def __init__(self, port):
        self.port = port
        self.messages = []  # (recipients, message bytes)
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"

    def sent_emails(self):
        return [email.message_from_bytes(data) for _, data in self.messages]


@pytest.fixture
def smtp_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = SmtpSink(port)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink
    controller.stop()


class Worker:
    def __init__(self, process, mail_dir):
        self.process = process
        self.mail_dir = mail_dir

    def sent_emails(self):
        return [email.message_from_bytes(p.read_bytes()) for p in self.mail_dir.glob("*.eml")]

    def wait_for_emails(self, count, *, settle=1.5, timeout=45):
        """The emails sent once at least `count` are, after `settle` seconds more, in which a
        duplicate, if there were one, would land."""
        deadline = time.monotonic() + timeout
        while len(self.sent_emails()) < count:
            assert time.monotonic() < deadline, "the worker sent too few emails"
            time.sleep(0.2)
        time.sleep(settle)
        return self.sent_emails()


@pytest.fixture
def celery_worker_factory(django_db_setup, tmp_path):
    """Start real Celery workers in their own processes, on the test broker and the test
    database; each is stopped after the test. What they email is written as .eml files.

    Tests that use them must be transactional (`django_db(transaction=True)`): a worker sees
    only what is committed.
    """
    # The purge reaches only this test process's broker database (see alliance/settings/test.py):
    # under pytest-xdist the other process's test may have a worker running on its own.
    celery_app.control.purge()
    started = []
    # Named after the xdist worker too, so a ping never hears the other test process's worker.
    prefix = f"test-worker-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}"

    def start(*, concurrency=1, **extra_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
            "DATABASE_URL": _database_url_of_test_db(),
            "ALLIANCE_DATA_DIR": str(tmp_path),
            "ALLIANCE_TEST_EMAIL_BACKEND": "alliance.devmail.EmlFileBackend",
            **{key: str(value) for key, value in extra_env.items()},
        }
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "alliance", "worker",
                "--pool=prefork", f"--concurrency={concurrency}", "--loglevel=WARNING",
                "--without-mingle", "--without-gossip",
                f"--hostname={prefix}-{len(started)}@%h",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        started.append(process)
        deadline = time.monotonic() + 30
        while not celery_app.control.ping(
            destination=[f"{prefix}-{len(started) - 1}@{socket.gethostname()}"], timeout=0.5
        ):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        return Worker(process, tmp_path / "mail")

    yield start
    for process in started:
        process.terminate()
    for process in started:
        process.wait(timeout=30)


@pytest.fixture
def celery_worker_process(celery_worker_factory):
    """One real Celery worker process (see celery_worker_factory)."""
    return celery_worker_factory()
