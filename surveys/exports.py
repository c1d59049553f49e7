"""The staff's CSV of raw responses: one row per response, one column per answer."""

from collections.abc import Iterator

from surveys.models import Answer, Question, Response, SurveyWave

BATCH = 500


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _columns(questions: list[Question]) -> list[tuple[Question, str, str]]:
    return [
        (question, row, f"{question.key}:{row}" if row else question.key)
        for question in questions
        for row, _ in question.rows
    ]


def response_rows(*, wave: SurveyWave) -> Iterator[list[str]]:
    questions = list(wave.questions.all())
    columns = _columns(questions)
    yield ["response_id", "email", "started_at", "submitted_at", *(name for *_, name in columns)]
    responses = Response.objects.filter(wave=wave).order_by("pk")
    last_id = 0
    while True:
        batch = list(responses.filter(pk__gt=last_id)[:BATCH])
        if not batch:
            return
        answers: dict[tuple[int, int, str], Answer] = {}
        for answer in Answer.objects.filter(response__in=batch).select_related("question"):
            answers[(answer.response_id, answer.question_id, answer.row)] = answer
        for response in batch:
            cells = []
            for question, row, _ in columns:
                answer = answers.get((response.pk, question.pk, row))
                cells.append(_cell(answer))
            yield [
                str(response.pk),
                response.email or "",
                response.started_at.isoformat(),
                response.submitted_at.isoformat() if response.submitted_at else "",
                *cells,
            ]
        last_id = batch[-1].pk


def _cell(answer: Answer | None) -> str:
    if answer is None:
        return ""
    value = answer.value
    if isinstance(value, list):
        return ";".join(value)
    if value is None:
        return ""
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
