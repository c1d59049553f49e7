"""The staff's CSVs: raw responses (one row per response, one column per answer) and the
aggregate figures of a results version.

Every cell goes through safe_cell: these files are opened in spreadsheets, and a free-text
answer such as `=HYPERLINK(...)` must arrive there as text, never as a formula (OWASP "CSV
injection").
"""

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from surveys.models import Answer, Question, Response, SurveyWave, plain_number

BATCH = 500


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return
# too: some strip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as the hub writes one (plain_number, counts, percents): "-3", "-1.5". Not "+1":
# typed as an answer that is text ("+1", agreed), and the hub never writes a number so.
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value):
    """The value as a spreadsheet must show it: a formula-like string gets a leading quote
    (OWASP's advice), which spreadsheets hide and treat as "this is text". Numbers, and strings
    that are plain numbers such as "-3", stay as they are so they still add up."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _safe(rows: Iterable[list]) -> Iterator[list]:
    for row in rows:
        yield [safe_cell(value) for value in row]


def _columns(questions: list[Question]) -> list[tuple[Question, str, str]]:
    return [
        (question, row, f"{question.key}:{row}" if row else question.key)
        for question in questions
        for row, _ in question.rows
    ]


def response_rows(*, wave: SurveyWave) -> Iterator[list[str]]:
    return _safe(_response_rows(wave=wave))


def _response_rows(*, wave: SurveyWave) -> Iterator[list[str]]:
    questions = list(wave.questions.all())
    columns = _columns(questions)
    # email_confirmed_at: empty for a response that does not count (its address unproven).
    yield ["response_id", "email", "started_at", "submitted_at", "email_confirmed_at",
           *(name for *_, name in columns)]  # fmt: skip
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
                response.email_confirmed_at.isoformat() if response.email_confirmed_at else "",
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
    return plain_number(value) if isinstance(value, Decimal) else str(value)


def result_rows(*, snapshot) -> Iterator[list[str]]:
    """The aggregate figures of a snapshot, one row per figure; suppressed segments are absent."""
    return _safe(_result_rows(snapshot=snapshot))


def _result_rows(*, snapshot) -> Iterator[list[str]]:
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
