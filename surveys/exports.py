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


def result_rows(*, snapshot) -> Iterator[list[str]]:
    """The aggregate figures of a snapshot, one row per figure; suppressed segments are absent."""
    yield ["question", "row", "segment", "segment_value", "n", "option", "label", "count",
           "percent", "mean", "median", "q1", "q3"]  # fmt: skip
    for question in snapshot.data.get("questions", []):
        slices = [("all", "", question)] + [
            (dim, segment["value"], segment)
            for dim, segments in question.get("segments", {}).items()
            for segment in segments
            if not segment.get("suppressed")
        ]
        for dim, value, figures in slices:
            yield from _figure_rows(question["key"], dim, value, figures)


def _figure_rows(key, dim, value, figures):
    stats = figures.get("stats") or {}
    numbers = [stats.get(name, "") for name in ("mean", "median", "q1", "q3")]
    if stats:
        yield [key, "", dim, value, figures["n"], "", "", "", "", *numbers]
    for option in figures.get("options", []):
        yield [key, "", dim, value, figures["n"], option["value"], option["label"],
               option["count"], option["percent"], "", "", "", ""]  # fmt: skip
    for row in figures.get("rows", []):
        if row.get("suppressed"):
            continue
        for option in row["options"]:
            yield [key, row["value"], dim, value, row["n"], option["value"], option["label"],
                   option["count"], option["percent"], "", "", "", ""]  # fmt: skip
    if not stats and not figures.get("options") and not figures.get("rows"):
        yield [key, "", dim, value, figures["n"], "", "", "", "", "", "", "", ""]
