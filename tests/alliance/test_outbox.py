"""The jobs' outbox (alliance/jobs.py, alliance/outbox.py): a job is a row written with the
change that causes it, published after commit, published again by the relay while nobody runs
it, taken back from a worker that stopped beating, and done once."""

import socket
import subprocess
import time
from datetime import timedelta
from importlib import import_module

import pytest
from celery import current_app
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from alliance import jobs, outbox, redis_away
from alliance.models import Job
from members.models import User
from surveys import services
from tests.factories import make_wave


@pytest.fixture(autouse=True)
def _nothing_left_beating():
    # job_start in this process hands the job to its beat thread, which would go on beating on
    # it through its own connection (to the non-test database name) after the test.
    yield
    with outbox._beater.lock:
        outbox._beater.running.clear()


def _wait(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.2)


@pytest.mark.django_db
def test_a_job_is_recorded_in_the_transaction_that_causes_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("surveys.tasks.send_resume_link", 1)
        raise RuntimeError("the change is rolled back")
    assert not Job.objects.exists()

    with transaction.atomic():
        jobs.enqueue("surveys.tasks.send_resume_link", 7, note="kept")
    job = Job.objects.get()
    assert job.name == "surveys.tasks.send_resume_link"
    assert (job.args, job.kwargs) == ([7], {"note": "kept"})
    # Published right after commit; the relay would look again only a GRACE later.
    assert job.due_at - job.created_at == outbox.GRACE


@pytest.mark.django_db
def test_a_job_the_broker_would_not_take_is_due_for_the_relay_at_once(monkeypatch):
    monkeypatch.setattr(redis_away, "_away_until", time.monotonic() + 60)
    job = outbox.job_record(name="surveys.tasks.send_resume_link", args=[1], kwargs={})
    assert jobs.publish(job) is False
    job.refresh_from_db()
    assert job.due_at <= timezone.now()
    assert job.relays == 0


@pytest.mark.django_db
def test_the_relay_leaves_alone_a_job_a_live_worker_runs_and_takes_back_a_dead_ones():
    now = timezone.now()
    live = Job.objects.create(name="x.live", due_at=now - timedelta(hours=1), started_at=now,
                              started_by="host:1", beat_at=now)  # fmt: skip
    dead = Job.objects.create(name="x.dead", due_at=now + timedelta(hours=1), started_at=now,
                              started_by="host:2", beat_at=now - outbox.STALE * 2)  # fmt: skip
    done = Job.objects.create(name="x.done", due_at=now - timedelta(hours=1), done_at=now)
    later = Job.objects.create(name="x.later", due_at=now + timedelta(seconds=30))
    Job.objects.create(name="x.due", due_at=now - timedelta(seconds=1))
    published = []
    assert outbox.relay_due(publish=lambda job: published.append(job.name) or True) == 2
    assert sorted(published) == ["x.dead", "x.due"]
    dead.refresh_from_db()
    assert (dead.started_at, dead.started_by, dead.relays) == (None, "", 1)
    assert dead.due_at > now + outbox.GRACE / 2
    for job in (live, done, later):
        job.refresh_from_db()
        assert job.relays == 0


@pytest.mark.django_db
def test_each_copy_published_waits_twice_as_long_for_a_worker():
    job = Job.objects.create(name="x.queued", due_at=timezone.now(), relays=3)
    outbox.relay_due(publish=lambda job: True)
    job.refresh_from_db()
    assert job.due_at - job.relayed_at == outbox.GRACE * 8


@pytest.mark.django_db
def test_the_relay_stops_its_round_while_the_broker_is_away():
    now = timezone.now()
    for n in range(3):
        Job.objects.create(name=f"x.{n}", due_at=now - timedelta(seconds=3 - n))
    assert outbox.relay_due(publish=lambda job: job.name == "x.0") == 1
    assert list(Job.objects.filter(relays=0).order_by("name").values_list("name", flat=True)) == [
        "x.1",
        "x.2",
    ]


@pytest.mark.django_db
def test_a_job_is_started_once_while_its_process_lives():
    job = Job.objects.create(name="x", due_at=timezone.now())
    assert outbox.job_start(job.pk) == 1
    assert outbox.job_start(job.pk) is None  # a second copy, its first run alive
    Job.objects.filter(pk=job.pk).update(beat_at=timezone.now() - outbox.STALE * 2)
    assert outbox.job_start(job.pk) == 2  # the first run's process stopped beating
    outbox.job_done(job.pk)
    assert outbox.job_start(job.pk) is None  # done: a late copy does nothing


@pytest.mark.django_db
def test_a_job_held_by_a_dead_process_of_this_machine_is_taken_at_once():
    """A pool process killed mid-task: Celery hands its message straight back, and the next
    run must not wait for the dead process's beat to go stale (nor drop the job)."""
    gone = subprocess.Popen(["true"])  # noqa: S607
    gone.wait()
    now = timezone.now()
    holder = f"{socket.gethostname()}:{gone.pid}"
    job = Job.objects.create(
        name="x", due_at=now, started_at=now, beat_at=now, started_by=holder, attempts=1
    )
    assert outbox.job_start(job.pk) == 2
    job.refresh_from_db()
    assert job.started_by == outbox.process_name()
    # A live process of this machine (this one) keeps its job.
    assert outbox.job_start(job.pk) is None


@pytest.mark.django_db
def test_a_job_that_never_finishes_is_given_up():
    job = Job.objects.create(name="x", due_at=timezone.now(), attempts=outbox.MAX_ATTEMPTS)
    assert outbox.job_start(job.pk) is None
    job.refresh_from_db()
    assert job.done_at is not None and "Given up" in job.error


@pytest.mark.django_db
def test_a_retry_waits_for_its_time_and_keeps_its_new_arguments():
    job = Job.objects.create(name="x", due_at=timezone.now(), kwargs={"recover": False})
    outbox.job_start(job.pk)

    class Signature:
        args, kwargs = (), {"recover": True}

    outbox.job_wait(job.pk, when=30, sig=Signature())
    job.refresh_from_db()
    assert job.started_at is None and job.beat_at is None
    assert job.kwargs == {"recover": True}
    wait = job.due_at - timezone.now()
    assert outbox.GRACE < wait <= outbox.GRACE + timedelta(seconds=30)


@pytest.mark.django_db
def test_jobs_done_a_week_ago_are_forgotten():
    now = timezone.now()
    old = Job.objects.create(name="x", due_at=now, done_at=now - timedelta(days=8))
    recent = Job.objects.create(name="x", due_at=now, done_at=now - timedelta(days=6))
    open_ = Job.objects.create(name="x", due_at=now - timedelta(days=30))
    assert outbox.prune_done() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, open_.pk}
    assert not Job.objects.filter(pk=old.pk).exists()


class _Task:
    """Stands for the running task claim_then is given: only its retry is asked for."""

    name = "tests.claim"

    class request:
        retries = 0

    def retry(self, exc, countdown):
        return RuntimeError(f"retry in {countdown}")


@pytest.mark.django_db
def test_a_claim_is_rolled_back_with_work_that_fails(member):
    def fails():
        raise ConnectionRefusedError("SMTP away")

    rows = User.objects.filter(pk=member.pk)
    with pytest.raises(RuntimeError, match="retry in 10"):
        jobs.claim_then(_Task(), rows=rows, unclaimed=Q(name="Maya Member"),
                        claim={"name": "claimed"}, work=fails)  # fmt: skip
    member.refresh_from_db()
    assert member.name == "Maya Member"  # so the retry can claim it


APPS = ["members", "working_groups", "surveys", "pillars", "library", "notifications"]


def test_every_task_retries_on_database_errors():
    for app in APPS:
        import_module(f"{app}.tasks")
    ours = [t for name, t in current_app.tasks.items() if name.split(".")[0] in APPS]
    assert len(ours) >= 15
    for task_ in ours:
        assert {OperationalError, InterfaceError} <= set(task_.autoretry_for), task_.name
        assert isinstance(task_, jobs.JobTask), task_.name


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_job_once_and_skips_its_late_copies(celery_worker_process):
    wave = make_wave()
    response, _ = services.response_start(wave=wave, email="late@example.com")
    services.response_send_resume_link(response=response)
    job = Job.objects.get(name="surveys.tasks.send_resume_link")
    _wait(lambda: Job.objects.get(pk=job.pk).done_at, 30, lambda: "the job was never done")
    job.refresh_from_db()
    assert job.attempts == 1 and job.started_by and job.error == ""
    assert (job.args, job.kwargs) == ([], {})  # done well: its arguments forgotten

    # A copy of the job that is done (the relay thought the broker had lost it), then another
    # job behind it in the queue: once that one is done, the copy has been seen, and skipped.
    job.args = [response.pk]  # as the copy's message carries them (the row forgot them)
    assert jobs._publish_or_say_away(job)
    other, _ = services.response_start(wave=wave, email="next@example.com")
    services.response_send_resume_link(response=other)
    _wait(lambda: not Job.objects.filter(done_at=None).exists(), 30, lambda: "not done")
    assert Job.objects.get(pk=job.pk).attempts == 1
    emails = celery_worker_process.wait_for_emails(2)
    assert sorted(str(m["To"]) for m in emails) == ["late@example.com", "next@example.com"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_job_a_dead_worker_held_is_run_by_a_live_one(celery_worker_process, monkeypatch):
    response, _ = services.response_start(wave=make_wave(), email="orphan@example.com")
    monkeypatch.setattr(redis_away, "_away_until", time.monotonic() + 60)  # not published
    services.response_send_resume_link(response=response)
    # As if a worker killed mid-task had started it: its process no longer beats.
    stale = timezone.now() - outbox.STALE * 2
    Job.objects.update(started_at=stale, started_by="gone:1", beat_at=stale)
    assert jobs.relay() == 1
    _wait(lambda: Job.objects.get().done_at, 30, lambda: "the dead worker's job was not run")
    assert Job.objects.get().started_by != "gone:1"
    emails = celery_worker_process.wait_for_emails(1)
    assert [str(m["To"]) for m in emails] == ["orphan@example.com"]


@pytest.mark.django_db
def test_staff_see_failed_jobs_and_run_them_again(staff_client):
    now = timezone.now()
    failed = Job.objects.create(
        name="surveys.tasks.send_confirmation", due_at=now, attempts=6, done_at=now,
        error="SMTPRecipientsRefused: no such user",
    )  # fmt: skip
    Job.objects.create(name="surveys.tasks.send_resume_link", due_at=now, done_at=now)
    listing = staff_client.get("/admin/alliance/job/?state=failed")
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [failed]
    staff_client.post(
        "/admin/alliance/job/", {"action": "run_again", "_selected_action": [failed.pk]}
    )
    failed.refresh_from_db()
    assert (failed.done_at, failed.error, failed.attempts) == (None, "", 0)
    assert failed.due_at <= timezone.now()


@pytest.mark.django_db
def test_staff_see_in_healthz_how_long_jobs_have_waited(staff_client):
    now = timezone.now()
    Job.objects.create(name="x.waiting", due_at=now - timedelta(minutes=9))
    Job.objects.create(name="x.failed", due_at=now, done_at=now, error="Boom")
    jobs_check = staff_client.get("/healthz").json()["checks"]["jobs"]
    assert jobs_check["ok"] is False
    assert (jobs_check["waiting"], jobs_check["failed_24h"]) == (1, 1)
    assert jobs_check["overdue_s"] >= 9 * 60
