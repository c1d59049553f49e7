from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Now
from django.utils import timezone

from alliance.jobs import enqueue
from members.models import User
from surveys import delivery, results
from surveys.models import (
    Answer,
    Question,
    Response,
    ResultsDelivery,
    ResultSnapshot,
    SurveyWave,
    plain_number,
)


def response_start(
    *, wave: SurveyWave, email: str, user: User | None = None
) -> tuple[Response, bool]:
    """Find or create the one response of this email to this wave; returns (response, created)."""
    if not wave.accepting_answers:
        raise ValidationError("This survey is not open for answers.")
    email = email.strip().lower()
    existing = Response.objects.filter(wave=wave, email=email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            response = Response.objects.create(wave=wave, email=email, user=user)
    except IntegrityError:
        # Two starts for one email raced; the other one created it.
        return Response.objects.get(wave=wave, email=email), False
    return response, True


def response_send_resume_link(*, response: Response) -> None:
    """Email the respondent a link that opens their response again, from any browser."""
    Response.objects.filter(pk=response.pk).update(resume_requested_at=Now())
    enqueue("surveys.tasks.send_resume_link", response.pk)


def _answer_fields(question: Question, value) -> dict | None:
    """The Answer columns for a cleaned value, or None when the value is empty. A choice must
    be one of the question's options: an answer outside them would count nowhere."""
    kind = question.kind
    if value in (None, "", []):
        return None
    chosen = []
    if kind in (Question.Kind.SINGLE, Question.Kind.PILLAR_GRID):
        chosen = [value]
    elif kind == Question.Kind.MULTIPLE:
        chosen = value
    elif kind == Question.Kind.SCALE:
        chosen = [plain_number(Decimal(value))]
    stray = [choice for choice in chosen if str(choice) not in question.values]
    if stray:
        raise ValidationError(
            f"“{stray[0]}” is not one of the options of “{question.prompt}”.", code="invalid_choice"
        )
    return Answer.fields_for(kind, value)


def response_save_page(
    *,
    response: Response,
    page: int,
    answers: dict[tuple[int, str], object],
    resume_page: int | None = None,
    questions: list[Question] | None = None,
) -> Response:
    """Store the answers of one page (an emptied answer is removed), and remember the page
    the respondent continues from: `resume_page`, by default this one. `questions`: the
    page's questions, when the caller has them already."""
    if response.is_submitted:
        raise ValidationError("This response is already submitted and can no longer change.")
    if questions is None:
        questions = response.wave.questions.filter(page=page)
    questions = {q.pk: q for q in questions}
    filled, emptied = [], Q(pk__in=[])
    for (question_id, row), value in answers.items():
        fields = _answer_fields(questions[question_id], value)
        if fields is None:
            emptied |= Q(question_id=question_id, row=row)
        else:
            filled.append(Answer(response=response, question_id=question_id, row=row, **fields))
    with transaction.atomic():
        # One INSERT … ON CONFLICT for the page, whatever its number of answers.
        Answer.objects.bulk_create(
            filled,
            update_conflicts=True,
            unique_fields=["response", "question", "row"],
            update_fields=list(Answer.VALUE_COLUMNS),
        )
        Answer.objects.filter(emptied, response=response).delete()
        response.last_page, response.updated_at = resume_page or page, timezone.now()
        Response.objects.filter(pk=response.pk).update(
            last_page=response.last_page, updated_at=response.updated_at
        )
    return response


def missing_answers(*, response: Response) -> list[Question]:
    """Required questions without a complete answer (a grid needs every pillar)."""
    answered = {}
    for question_id, row in response.answers.values_list("question_id", "row"):
        answered.setdefault(question_id, set()).add(row)
    missing = []
    for question in response.wave.questions.filter(required=True):
        rows = {row for row, _ in question.rows}
        if not rows <= answered.get(question.pk, set()):
            missing.append(question)
    return missing


def response_submit(*, response: Response, notify: bool = True) -> Response:
    """Submit a complete response, once; the confirmation email goes out after the commit
    (not for imported responses)."""
    if not response.wave.accepting_answers:
        raise ValidationError("This survey closed before your response was submitted.")
    missing = missing_answers(response=response)
    if missing:
        pages = sorted({question.page for question in missing})
        raise ValidationError(
            f"{len(missing)} required question{'s' if len(missing) > 1 else ''} still "
            f"need{'' if len(missing) > 1 else 's'} an answer (page {', '.join(map(str, pages))})."
        )
    with transaction.atomic():
        # Two submits racing: only the one that flips submitted_at from empty goes on.
        submitted = Response.objects.filter(pk=response.pk, submitted_at=None).update(
            submitted_at=Now()
        )
        if submitted:
            results.copy_segments(wave_id=response.wave_id, response_id=response.pk)
            results.tally(wave_id=response.wave_id, response_id=response.pk)
        if submitted and notify:
            enqueue("surveys.tasks.send_confirmation", response.pk)
    response.refresh_from_db()
    return response


def response_delete(*, response: Response) -> None:
    """Delete a response and its answers, at the respondent's request (staff do it)."""
    with transaction.atomic():
        results.untally(response_id=response.pk)
        response.delete()


def responses_anonymize(*, user: User) -> int:
    """Unlink a person from their responses: the answers then count only in aggregates."""
    return Response.objects.filter(user=user).update(user=None, email=None) + (
        Response.objects.filter(email__iexact=user.email).update(email=None)
    )


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


# --- Results ----------------------------------------------------------------------------------


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
            submitted = snapshot.wave.responses.filter(submitted_at__isnull=False)
            results_deliveries_create(snapshot=snapshot, responses=submitted)
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
    """One delivery per respondent with an email, created once, then sent in batches."""
    ResultsDelivery.objects.bulk_create(
        [
            ResultsDelivery(snapshot=snapshot, response_id=response_id, email=email)
            for response_id, email in responses.exclude(email=None).values_list("id", "email")
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
    responses = snapshot.wave.responses.filter(submitted_at__isnull=False, email__in=wanted)
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
