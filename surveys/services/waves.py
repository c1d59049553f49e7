"""A wave's life after its questions are written: copied for next year, closed, its results
computed in versions, and emailed to every respondent whose response counts."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Now
from django.utils import timezone

from alliance.jobs import enqueue
from members.models import User
from surveys import delivery, results
from surveys.models import Question, Response, ResultsDelivery, ResultSnapshot, SurveyWave


def wave_copy(*, wave: SurveyWave, title: str, year: int, slug: str) -> SurveyWave:
    """A new draft wave with the same questions (same keys, so years compare)."""
    with transaction.atomic():
        copy = SurveyWave.objects.create(
            title=title, year=year, slug=slug, intro=wave.intro, status=SurveyWave.Status.DRAFT
        )
        Question.objects.bulk_create(
            Question(
                wave=copy,
                **{
                    field.name: getattr(question, field.name)
                    for field in Question._meta.concrete_fields
                    if field.name not in ("id", "wave")
                },
            )
            for question in wave.questions.all()
        )
    return copy


def results_request(
    *, wave: SurveyWave, requested_by: User | None, send: bool = False
) -> ResultSnapshot:
    """Queue a new version of the wave's results; with `send`, email every respondent after."""
    with transaction.atomic():
        # Lock the wave so two requests at once get consecutive versions.
        SurveyWave.objects.select_for_update().get(pk=wave.pk)
        latest = wave.snapshots.aggregate(latest=Max("version"))["latest"] or 0
        snapshot = ResultSnapshot.objects.create(
            wave=wave,
            version=latest + 1,
            k=settings.SURVEY_MIN_SEGMENT,
            send_when_ready=send,
            requested_by=requested_by,
        )
        enqueue("surveys.tasks.compute_results", snapshot.pk)
    return snapshot


def wave_close(*, wave: SurveyWave, closed_by: User | None) -> ResultSnapshot:
    """Close the wave to answers, compute its results and email them to every respondent."""
    with transaction.atomic():
        updated = (
            SurveyWave.objects.filter(pk=wave.pk)
            .exclude(status=SurveyWave.Status.CLOSED)
            .update(status=SurveyWave.Status.CLOSED)
        )
        if not updated:
            raise ValidationError("This wave is already closed.")
        return results_request(wave=wave, requested_by=closed_by, send=True)


def results_compute(*, snapshot: ResultSnapshot) -> ResultSnapshot:
    """Compute the snapshot's figures in PostgreSQL and store them; then start the emails."""
    data = results.compute(wave=snapshot.wave, k=snapshot.k)
    _add_year_over_year(data, results.previous_results(wave=snapshot.wave))
    with transaction.atomic():
        ResultSnapshot.objects.filter(pk=snapshot.pk).update(
            data=data,
            respondents=data["respondents"],
            status=ResultSnapshot.Status.READY,
            computed_at=Now(),
            error="",
        )
        snapshot.refresh_from_db()
        if snapshot.send_when_ready:
            results_deliveries_create(snapshot=snapshot, responses=snapshot.wave.responses.all())
    return snapshot


def _add_year_over_year(data: dict, previous: dict[str, dict]) -> None:
    for question in data["questions"]:
        before = previous.get(question["key"])
        if before is None or before["kind"] != question["kind"]:
            continue
        summary = {"year": before["year"], "n": before["n"]}
        if "options" in before:
            summary["options"] = {o["value"]: o["percent"] for o in before["options"]}
        if "rows" in before:
            summary["rows"] = {
                r["value"]: {o["value"]: o["percent"] for o in r["options"]} for r in before["rows"]
            }
        if before.get("stats"):
            summary["mean"] = before["stats"].get("mean")
            summary["median"] = before["stats"].get("median")
        question["previous"] = summary
        for option in question.get("options", []):
            if option["value"] in summary.get("options", {}):
                option["change"] = round(option["percent"] - summary["options"][option["value"]], 1)
        for row in question.get("rows", []):
            earlier = summary.get("rows", {}).get(row["value"], {})
            for option in row["options"]:
                if option["value"] in earlier:
                    option["change"] = round(option["percent"] - earlier[option["value"]], 1)


def results_deliveries_create(*, snapshot: ResultSnapshot, responses) -> int:
    """One delivery per counted response of `responses` (submitted, address confirmed) with
    an email, created once, then sent in batches: the results go to no address that typing
    it on the start page was enough to give."""
    counted = responses.counted().exclude(email=None)
    ResultsDelivery.objects.bulk_create(
        [
            ResultsDelivery(snapshot=snapshot, response_id=response_id, email=email)
            for response_id, email in counted.values_list("id", "email")
        ],
        ignore_conflicts=True,  # a recompute or a retry never makes a second delivery
        batch_size=5000,
    )
    pending = snapshot.deliveries.filter(status=ResultsDelivery.Status.PENDING)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    size = settings.SURVEY_RESULTS_BATCH
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        enqueue("surveys.tasks.send_results_batch", batch)
    return len(ids)


def results_retry_failed(*, snapshot: ResultSnapshot) -> int:
    """Send again the results emails that failed."""
    with transaction.atomic():
        snapshot.deliveries.filter(status=ResultsDelivery.Status.FAILED).update(
            status=ResultsDelivery.Status.PENDING, error=""
        )
        return results_deliveries_create(snapshot=snapshot, responses=Response.objects.none())


def results_resend(*, snapshot: ResultSnapshot, emails: list[str]) -> int:
    """Send this version of the results to the respondents asked for, and to no one else."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    responses = snapshot.wave.responses.counted().filter(email__in=wanted)
    with transaction.atomic():
        # Someone asked again for a version they already had: send it once more, on purpose.
        snapshot.deliveries.filter(response__in=responses).update(
            status=ResultsDelivery.Status.PENDING
        )
        return results_deliveries_create(snapshot=snapshot, responses=responses)


STUCK_AFTER = timedelta(minutes=10)


def results_sweep_stuck() -> int:
    """Send again, in batches, the deliveries still waiting STUCK_AFTER the results were
    computed, and those half-sent by a worker that stopped (claimed longer ago than any live
    send takes)."""
    now = timezone.now()
    half_sent_before = now - timedelta(seconds=delivery.stale_after())
    stuck = ResultsDelivery.objects.filter(
        Q(status=ResultsDelivery.Status.SENDING, claimed_at__lt=half_sent_before)
        | Q(status=ResultsDelivery.Status.PENDING, snapshot__computed_at__lt=now - STUCK_AFTER)
    ).exclude(snapshot__status=ResultSnapshot.Status.FAILED)
    ids = list(stuck.order_by("pk").values_list("pk", flat=True)[:50_000])
    size = settings.SURVEY_RESULTS_BATCH
    for start in range(0, len(ids), size):
        enqueue("surveys.tasks.send_results_batch", ids[start : start + size], recover=True)
    return len(ids)
