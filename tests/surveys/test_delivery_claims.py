"""Two workers never send one results email twice: each delivery is claimed by one conditional
update before it goes out, and a redelivered task leaves alone what a live worker holds
(issue #12, point 7)."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from surveys import delivery, services
from surveys.models import ResultsDelivery, ResultSnapshot
from surveys.tasks import send_results_batch
from tests.surveys.test_results_worker import _bulk_answered_wave, _sent, _wait


def _snapshot_with_deliveries(wave):
    snapshot = services.results_request(wave=wave, requested_by=None)
    services.results_compute(snapshot=snapshot)
    snapshot.refresh_from_db()
    services.results_deliveries_create(
        snapshot=snapshot, responses=wave.responses.filter(submitted_at__isnull=False)
    )
    return ResultSnapshot.objects.select_related("wave").get(pk=snapshot.pk)


@pytest.mark.django_db
def test_deliveries_a_live_worker_holds_are_not_taken_until_that_claim_is_stale(mailoutbox):
    wave = _bulk_answered_wave(6)
    snapshot = _snapshot_with_deliveries(wave)
    deliveries = list(snapshot.deliveries.order_by("pk"))
    held = [d.pk for d in deliveries[:2]]
    # Another worker, alive, is sending these two right now.
    ResultsDelivery.objects.filter(pk__in=held).update(
        status=ResultsDelivery.Status.SENDING, claimed_at=timezone.now()
    )

    look_again = delivery.send_results_batch(
        snapshot=snapshot, deliveries=deliveries, take_stale=True
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(d.email for d in deliveries[2:])
    assert 0 < look_again <= delivery.stale_after() + 1
    assert set(snapshot.deliveries.filter(pk__in=held).values_list("status", flat=True)) == {
        ResultsDelivery.Status.SENDING
    }

    # A first delivery of the task never takes them, however old the claim.
    long_ago = timezone.now() - timedelta(seconds=delivery.stale_after() + 1)
    ResultsDelivery.objects.filter(pk__in=held).update(claimed_at=long_ago)
    delivery.send_results_batch(snapshot=snapshot, deliveries=deliveries, take_stale=False)
    assert len(mailoutbox) == 4

    # Redelivered after the worker died: the claim is older than any live send, so it is taken.
    assert (
        delivery.send_results_batch(snapshot=snapshot, deliveries=deliveries, take_stale=True)
        is None
    )
    assert Counter(m.to[0] for m in mailoutbox) == {d.email: 1 for d in deliveries}
    assert _sent(snapshot) == 6


@pytest.mark.django_db
def test_a_batch_sent_twice_in_a_row_sends_each_email_once(mailoutbox, eager_tasks):
    wave = _bulk_answered_wave(5)
    snapshot = _snapshot_with_deliveries(wave)
    ids = list(snapshot.deliveries.values_list("pk", flat=True))
    send_results_batch.apply(args=[ids])
    send_results_batch.apply(args=[ids], kwargs={"recover": True})
    assert len(mailoutbox) == 5


@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_batches_at_once_send_one_email_each(celery_worker_factory):
    worker = celery_worker_factory(concurrency=2)
    respondents = 240
    wave = _bulk_answered_wave(respondents)
    snapshot = services.results_request(wave=wave, requested_by=None)
    services.results_compute(snapshot=snapshot)
    ResultsDelivery.objects.bulk_create(
        ResultsDelivery(snapshot=snapshot, response=response, email=response.email)
        for response in wave.responses.all()
    )
    ids = list(snapshot.deliveries.order_by("pk").values_list("pk", flat=True))
    # Every batch twice, the second as the sweep sends it: both processes work on the same
    # deliveries at the same moment.
    for start in range(0, respondents, 40):
        batch = ids[start : start + 40]
        send_results_batch.delay(batch)
        send_results_batch.delay(batch, recover=True)
    _wait(lambda: _sent(snapshot) == respondents, 90,
          lambda: f"{_sent(snapshot)} of {respondents} sent")  # fmt: skip
    time.sleep(1)
    per_recipient = Counter(str(m["To"]) for m in worker.sent_emails())
    assert set(per_recipient) == {f"r{n}@example.com" for n in range(respondents)}
    assert {to: n for to, n in per_recipient.items() if n > 1} == {}
