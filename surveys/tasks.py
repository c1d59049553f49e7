from celery.exceptions import SoftTimeLimitExceeded
from django.db.models import F, Q
from django.db.models.functions import Now

from alliance.jobs import backoff, claim_then, rerun, task
from surveys import delivery, emails, results, services
from surveys.models import Response, ResultsDelivery, ResultSnapshot


@task()
def send_resume_link(self, response_id: int) -> None:
    """Email the link that reopens a response; each request for it is sent once."""
    pending = Response.objects.filter(pk=response_id, resume_requested_at__isnull=False)
    response = pending.select_related("wave").first()
    if response is None or not response.email:
        return
    claim_then(
        self,
        rows=pending,
        unclaimed=Q(resume_sent_at=None) | Q(resume_sent_at__lt=F("resume_requested_at")),
        claim={"resume_sent_at": Now()},
        work=lambda: emails.send_resume_link(response=response),
    )


@task()
def send_confirmation(self, response_id: int) -> None:
    """Email the respondent a copy of their submitted answers, once."""
    submitted = Response.objects.filter(pk=response_id, submitted_at__isnull=False)
    response = submitted.select_related("wave").first()
    if response is None or not response.email:
        return
    claim_then(
        self,
        rows=submitted,
        unclaimed=Q(confirmation_sent_at=None),
        claim={"confirmation_sent_at": Now()},
        work=lambda: emails.send_confirmation(response=response),
    )


@task(soft_time_limit=600, time_limit=660)
def compute_results(self, snapshot_id: int) -> None:
    """Compute a results snapshot. Safe to run again: it rewrites the same version."""
    claimed = ResultSnapshot.objects.filter(
        pk=snapshot_id,
        status__in=[ResultSnapshot.Status.QUEUED, ResultSnapshot.Status.COMPUTING],
    ).update(status=ResultSnapshot.Status.COMPUTING)
    if not claimed:
        return  # gone, or already computed
    snapshot = ResultSnapshot.objects.select_related("wave").get(pk=snapshot_id)
    try:
        services.results_compute(snapshot=snapshot)
    except results.StrayAnswers as error:
        # Not a passing fault: computing again gives the same answer until someone fixes it.
        ResultSnapshot.objects.filter(pk=snapshot_id).update(
            status=ResultSnapshot.Status.FAILED, error=str(error)[:1000]
        )
        return
    except SoftTimeLimitExceeded:
        ResultSnapshot.objects.filter(pk=snapshot_id).update(
            status=ResultSnapshot.Status.FAILED, error="The computation ran out of time."
        )
        raise
    except Exception as error:
        ResultSnapshot.objects.filter(pk=snapshot_id).update(error=str(error)[:1000])
        raise self.retry(exc=error, countdown=backoff(self)) from error


@task(soft_time_limit=300, time_limit=360)
def send_results_batch(self, delivery_ids: list[int], recover: bool = False) -> None:
    """Email a batch of results over one SMTP connection, each delivery exactly once.

    Each delivery is claimed (pending → sending) by one conditional update before its email
    goes out, and marked sent right after: two workers given the same batch never send one
    email twice. If this task is delivered again because its worker died (or is sent by the
    sweep: `recover`), it also takes the deliveries left half-sent, once their claim is too old
    to belong to a live worker; while another worker may still hold some, it looks again later.
    A respondent is never skipped, and at most the one email in flight when a worker died is
    repeated, under the same Message-ID.
    """
    # Run again after a worker died (the broker's redelivery, or the outbox's relay taking the
    # job back from a process that stopped beating), it finishes what that worker left.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered")) or rerun(self)
    waiting = [ResultsDelivery.Status.PENDING, ResultsDelivery.Status.SENDING]
    deliveries = list(
        ResultsDelivery.objects.filter(pk__in=delivery_ids, status__in=waiting).order_by("pk")
    )
    if not deliveries:
        return
    # The snapshot (its figures can be large) is read once for the batch, not once per row.
    snapshot = ResultSnapshot.objects.select_related("wave").get(pk=deliveries[0].snapshot_id)
    look_again_in = delivery.send_results_batch(
        snapshot=snapshot, deliveries=deliveries, take_stale=redelivered or recover
    )
    if look_again_in is not None:
        raise self.retry(
            countdown=look_again_in, kwargs={"delivery_ids": delivery_ids, "recover": True}
        )


@task(soft_time_limit=60, time_limit=120)
def sweep_results_deliveries(self) -> int:
    """Re-queue results emails stuck for ten minutes: their worker died without being replaced,
    or their task was lost. Run by Celery beat."""
    return services.results_sweep_stuck()
