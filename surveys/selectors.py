from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from surveys.forms import field_name
from surveys.models import Answer, Question, Response, SurveyWave


def open_waves() -> list[SurveyWave]:
    return [wave for wave in SurveyWave.objects.filter(status=SurveyWave.Status.OPEN)
            if wave.accepting_answers]  # fmt: skip


def wave_page_numbers(*, wave: SurveyWave) -> list[int]:
    return sorted(set(wave.questions.values_list("page", flat=True)))


def page_questions(*, wave: SurveyWave, page: int) -> list[Question]:
    return list(wave.questions.filter(page=page))


def response_initial(*, response: Response, questions: list[Question]) -> dict[str, object]:
    """The saved answers of these questions, as initial values of the page form."""
    answers = Answer.objects.filter(response=response, question__in=questions).select_related(
        "question"
    )
    initial = {}
    for answer in answers:
        value = answer.value
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"  # 40, not 40.00
        initial[field_name(answer.question, answer.row)] = value
    return initial


def response_answer_sheet(*, response: Response) -> list[dict]:
    """Every question of the wave with the respondent's answer, in order, for review and email."""
    answers = {}
    for answer in Answer.objects.filter(response=response).select_related("question"):
        answers[(answer.question_id, answer.row)] = answer
    sheet = []
    for question in response.wave.questions.all():
        rows = [
            {"label": label, "answer": answers.get((question.pk, row))}
            for row, label in question.rows
        ]
        sheet.append({"question": question, "rows": rows})
    return sheet


def wave_counts(*, wave: SurveyWave) -> dict[str, int]:
    return Response.objects.filter(wave=wave).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(submitted_at__isnull=False))
    )


def wave_responses(*, wave: SurveyWave) -> QuerySet[Response]:
    """The staff's list of a wave's responses, newest activity first."""
    return (
        Response.objects.filter(wave=wave)
        .annotate(answer_count=Count("answers"))
        .order_by("-updated_at", "-pk")
    )
