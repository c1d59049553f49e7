"""Results through real workers: computed and emailed in batches, and a worker killed by
SIGKILL half-way through the emails skips no one."""

import os
import signal
import time
from collections import Counter

import psutil
import pytest

from surveys import services
from surveys.models import Answer, Response, ResultsDelivery, ResultSnapshot
from tests.factories import make_wave


def _bulk_answered_wave(respondents):
    wave = make_wave(slug=f"bulk-{respondents}")
    questions = {q.key: q for q in wave.questions.all()}
    responses = Response.objects.bulk_create(
        Response(wave=wave, email=f"r{n}@example.com") for n in range(respondents)
    )
    # Submitted by people who opened the link emailed to them: they count.
    Response.objects.filter(wave=wave).update(
        submitted_at=wave.created_at, email_confirmed_at=wave.created_at
    )
    answers = []
    for number, response in enumerate(responses):
        answers += [
            Answer(response=response, question=questions["role"], choice="lead"),
            Answer(response=response, question=questions["company_type"], choice="startup"),
            Answer(response=response, question=questions["org_size"], choice="10-49"),
            Answer(response=response, question=questions["maturity"], number=1 + number % 5),
            Answer(response=response, question=questions["pillar_remit"], row="people",
                   choice="all"),
        ]  # fmt: skip
    Answer.objects.bulk_create(answers)
    return wave


def _wait(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.05)


def _sent(snapshot):
    return snapshot.deliveries.filter(status=ResultsDelivery.Status.SENT).count()


@pytest.mark.django_db(transaction=True)
def test_closing_a_wave_computes_and_emails_everyone_through_a_real_worker(
    celery_worker_factory,
):
    worker = celery_worker_factory(SURVEY_RESULTS_BATCH=7)
    wave = _bulk_answered_wave(30)
    snapshot = services.wave_close(wave=wave, closed_by=None)
    _wait(lambda: _sent(snapshot) == 30, 60, lambda: f"{_sent(snapshot)} of 30 sent")
    snapshot.refresh_from_db()
    assert snapshot.status == ResultSnapshot.Status.READY
    assert snapshot.respondents == 30
    recipients = Counter(str(m["To"]) for m in worker.sent_emails())
    assert recipients == {f"r{n}@example.com": 1 for n in range(30)}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["eml files", "smtp"])
def test_a_worker_killed_half_way_skips_no_one(celery_worker_factory, request, backend):
    """Counted in the .eml files the worker writes, or at an SMTP server (the merged messages'
    path, surveys.delivery.ResultsMerge)."""
    respondents = 400
    over_smtp = {}
    if backend == "smtp":
        sink = request.getfixturevalue("smtp_server")
        over_smtp = {"ALLIANCE_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                     "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": sink.port}  # fmt: skip
    worker = celery_worker_factory(concurrency=2, SURVEY_RESULTS_BATCH=20, **over_smtp)
    wave = _bulk_answered_wave(respondents)
    snapshot = services.results_request(wave=wave, requested_by=None, send=True)
    _wait(lambda: _sent(snapshot) >= respondents // 3, 60, lambda: "the emails did not start")

    # SIGKILL one of the two processes that send, in the middle of its batch.
    children = psutil.Process(worker.process.pid).children()
    os.kill(children[0].pid, signal.SIGKILL)

    _wait(lambda: _sent(snapshot) == respondents, 90,
          lambda: f"{_sent(snapshot)} of {respondents} sent after the kill")  # fmt: skip
    time.sleep(1)
    messages = (sink if over_smtp else worker).sent_emails()
    per_recipient = Counter(str(m["To"]) for m in messages)
    assert set(per_recipient) == {f"r{n}@example.com" for n in range(respondents)}
    repeated = {to: count for to, count in per_recipient.items() if count > 1}
    # At most the one email in flight when the process died goes out twice, under one ID.
    assert sum(count - 1 for count in repeated.values()) <= 1, repeated
    for to in repeated:
        ids = {m["Message-ID"] for m in messages if str(m["To"]) == to}
        assert len(ids) == 1
    print(f"\n{len(messages)} emails for {respondents} respondents; repeated: {repeated or 'none'}")
