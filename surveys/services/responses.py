"""A person's response: starting it, proving the address is theirs (the emailed link, or a
signed-in account's verified address), the links that open it, its pages, submitting it, and
deleting or anonymizing it at their request."""

import logging
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from alliance import ratelimit
from alliance.jobs import enqueue
from members.models import User
from surveys import results
from surveys.models import Answer, Question, Response, SurveyWave, plain_number

logger = logging.getLogger(__name__)
HOUR = 3600


def response_start(
    *, wave: SurveyWave, email: str, user: User | None = None
) -> tuple[Response, bool]:
    """Find or create the one response of this email to this wave; returns (response, created).
    Typing an address proves nothing, so the response is unconfirmed; unless it is the
    signed-in `user`'s verified address."""
    if not wave.accepting_answers:
        raise ValidationError("This survey is not open for answers.")
    email = email.strip().lower()
    response, created = Response.objects.filter(wave=wave, email=email).first(), False
    if response is None:
        try:
            with transaction.atomic():
                response, created = Response.objects.create(wave=wave, email=email, user=user), True
        except IntegrityError:
            # Two starts for one email raced; the other one created it.
            response = Response.objects.get(wave=wave, email=email)
    if user is not None:
        response_confirm_by_account(response=response, user=user)
    return response, created


def response_confirm_email(*, response: Response) -> Response:
    """Record that the respondent owns the response's address (they opened the link emailed
    to it); a submitted response then counts, once."""
    if response.is_confirmed:
        return response
    now = timezone.now()
    with transaction.atomic():
        confirmed = Response.objects.filter(pk=response.pk, email_confirmed_at=None).update(
            email_confirmed_at=now
        )
        if confirmed:
            # Submitted before it was confirmed: it counts from now. tally() counts each
            # response once, however this races with its submit.
            results.copy_segments(wave_id=response.wave_id, response_id=response.pk)
            results.tally(wave_id=response.wave_id, response_id=response.pk)
    response.email_confirmed_at = now
    return response


def response_confirm_by_account(*, response: Response, user: User) -> bool:
    """Confirm the response's address if it is a verified address of the signed-in `user`."""
    if response.is_confirmed:
        return True
    verified = EmailAddress.objects.filter(user=user, email__iexact=response.email, verified=True)
    if not response.email or not verified.exists():
        return False
    response_confirm_email(response=response)
    return True


def response_send_resume_link(*, response: Response) -> None:
    """Email the respondent a link that opens their response again, from any browser. The
    request and its job are one commit: neither is kept without the other."""
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(resume_requested_at=Now())
        enqueue("surveys.tasks.send_resume_link", response.pk)


def response_request_link(*, wave: SurveyWave, email: str, client: str, start: bool) -> bool:
    """Email the link that opens this address's response to the wave: with `start`, one
    started now if it has none; without, only to an address that has one. The link, not the
    form, proves the address is the respondent's, so whoever asks is shown the same page
    whatever happens here. At most SURVEY_LINKS_PER_CLIENT_PER_HOUR requests of one client
    and SURVEY_LINKS_PER_ADDRESS_PER_HOUR links to one response; over either nothing is sent
    (nor started). Returns whether a link was sent."""
    over = "survey link not sent: over the rate limit of the %s"
    if not ratelimit.allow(
        bucket=f"survey-link-client:{client}",
        limit=settings.SURVEY_LINKS_PER_CLIENT_PER_HOUR,
        window=HOUR,
    ):
        logger.warning(over, "client", extra={"wave": wave.slug, "client": client})
        return False
    if start:
        # One transaction: a response started is never left without the job that emails its
        # link (PostgreSQL failing between the two would leave a respondent with neither).
        with transaction.atomic():
            response, _ = response_start(wave=wave, email=email)
            return _send_link_within_limit(wave=wave, response=response, over=over)
    response = Response.objects.filter(wave=wave, email=email.strip().lower()).first()
    if response is None:
        return False
    return _send_link_within_limit(wave=wave, response=response, over=over)


def _send_link_within_limit(*, wave: SurveyWave, response: Response, over: str) -> bool:
    if not ratelimit.allow(
        bucket=f"survey-link-response:{response.pk}",
        limit=settings.SURVEY_LINKS_PER_ADDRESS_PER_HOUR,
        window=HOUR,
    ):
        # The address is not logged, only the response: logs travel further than the database.
        logger.warning(over, "address", extra={"wave": wave.slug, "response": response.pk})
        return False
    response_send_resume_link(response=response)
    return True


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
