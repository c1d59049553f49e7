from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Now

from members.models import User
from surveys.models import Answer, Question, Response, SurveyWave
from surveys.tasks import send_confirmation, send_resume_link


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
    transaction.on_commit(lambda: send_resume_link.delay(response.pk))


def _answer_fields(question: Question, value) -> dict | None:
    """The Answer columns for a cleaned value, or None when the value is empty."""
    kind = question.kind
    if value in (None, "", []):
        return None
    if kind == Question.Kind.MULTIPLE:
        return {"choices": list(value)}
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        return {"number": Decimal(value)}
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return {"text": value}
    return {"choice": value}


def response_save_page(
    *,
    response: Response,
    page: int,
    answers: dict[tuple[int, str], object],
    resume_page: int | None = None,
) -> Response:
    """Store the answers of one page (an emptied answer is removed), and remember the page
    the respondent continues from: `resume_page`, by default this one."""
    if response.is_submitted:
        raise ValidationError("This response is already submitted and can no longer change.")
    questions = {q.pk: q for q in response.wave.questions.filter(page=page)}
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
            update_fields=["choice", "choices", "number", "text"],
        )
        Answer.objects.filter(emptied, response=response).delete()
        Response.objects.filter(pk=response.pk).update(
            last_page=resume_page or page, updated_at=Now()
        )
    response.refresh_from_db()
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
        if submitted and notify:
            send_confirmation.delay_on_commit(response.pk)
    response.refresh_from_db()
    return response


def response_delete(*, response: Response) -> None:
    """Delete a response and its answers, at the respondent's request (staff do it)."""
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
