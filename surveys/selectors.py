from decimal import Decimal
from types import SimpleNamespace

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from surveys.forms import field_name
from surveys.models import (
    Answer,
    Question,
    Response,
    ResultsDelivery,
    ResultSnapshot,
    SurveyWave,
    plain_number,
)


def open_waves() -> list[SurveyWave]:
    return [wave for wave in SurveyWave.objects.filter(status=SurveyWave.Status.OPEN)
            if wave.accepting_answers]  # fmt: skip


def waves_with_results() -> list[SurveyWave]:
    """Waves whose results are published, newest year first, for the survey's index page."""
    ready = ResultSnapshot.objects.filter(status=ResultSnapshot.Status.READY)
    return list(SurveyWave.objects.filter(snapshots__in=ready).distinct().order_by("-year"))


def wave_pages(*, wave: SurveyWave) -> dict[int, list[Question]]:
    """The wave's questions by page, pages in order: one query for a page's navigation and
    its questions."""
    pages = {}
    for question in wave.questions.order_by("page", "position", "pk"):
        pages.setdefault(question.page, []).append(question)
    return pages


def response_initial(*, response: Response, questions: list[Question]) -> dict[str, object]:
    """The saved answers of these questions, as initial values of the page form."""
    answers = Answer.objects.filter(response=response, question__in=questions).select_related(
        "question"
    )
    initial = {}
    for answer in answers:
        value = answer.value
        if isinstance(value, Decimal):
            value = plain_number(value)
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
    """How many responses were started and submitted; how many of those count in the results
    (submitted and confirmed), and how many addresses are not confirmed."""
    confirmed = Q(email_confirmed_at__isnull=False)
    return Response.objects.filter(wave=wave).aggregate(
        started=Count("pk"),
        completed=Count("pk", filter=Q(submitted_at__isnull=False)),
        counted=Count("pk", filter=Q(submitted_at__isnull=False) & confirmed),
        unconfirmed=Count("pk", filter=~confirmed),
    )


def wave_responses_page(*, wave: SurveyWave, number, per_page: int) -> Page:
    """One page of the staff's list of a wave's responses, newest activity first, each with
    its number of answers. The page is chosen first and only its own responses' answers are
    counted: annotating the list joined every answer of the wave before the LIMIT (and the
    page count grouped them all too), so the page grew with the wave."""
    responses = Response.objects.filter(wave=wave).order_by("-updated_at", "-pk")
    page = Paginator(responses, per_page).get_page(number)
    page.object_list = list(page.object_list)
    counts = dict(
        Answer.objects.filter(response_id__in=[r.pk for r in page.object_list])
        .values_list("response_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for response in page.object_list:
        response.answer_count = counts.get(response.pk, 0)
    return page


def latest_snapshot(*, wave: SurveyWave) -> ResultSnapshot | None:
    return wave.snapshots.filter(status=ResultSnapshot.Status.READY).order_by("-version").first()


def reported_questions(*, snapshot: ResultSnapshot | None) -> list[dict]:
    """The questions a snapshot reports figures for (free-text answers stay private), in order:
    what the full report lists and the summary counts."""
    if snapshot is None:
        return []
    return [q for q in snapshot.data.get("questions", []) if q["kind"] not in Question.TEXT_KINDS]


def wave_snapshots(*, wave: SurveyWave) -> list[dict]:
    """Every version of the wave's results with its email progress, newest first, in one query."""
    Status = ResultsDelivery.Status
    snapshots = wave.snapshots.select_related("requested_by").annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
    )
    return list(snapshots.order_by("-version").defer("data"))


def latest_pillar_figures() -> dict | None:
    """The pillar-remit table of the most recent results, for the pillars wherever they show."""
    snapshot = (
        ResultSnapshot.objects.filter(
            status=ResultSnapshot.Status.READY, data__questions__contains=[{"key": "pillar_remit"}]
        )
        .select_related("wave")
        .order_by("-wave__year", "-version")
        .first()
    )
    if snapshot is None:
        return None
    question = snapshot.question("pillar_remit")
    rows = {
        row["value"]: {option["value"]: option["percent"] for option in row["options"]}
        for row in question["rows"]
    }
    return {"wave": snapshot.wave, "n": question["n"], "rows": rows}


def answers_by_response(response_ids) -> dict[int, dict[str, dict[str, SimpleNamespace]]]:
    """{response id: {question key: {row: answer}}} for many responses, in one query, as
    "where you stand" reads them (surveys.standing): every column but free text, which is
    never reported."""
    grouped: dict[int, dict[str, dict[str, SimpleNamespace]]] = {}
    rows = Answer.objects.filter(response_id__in=response_ids).values_list(
        "response_id", "row", "choice", "choices", "number", "question__key"
    )
    for response_id, row, choice, choices, number, key in rows:
        # Plain records, not model instances: the results emails read thousands of these.
        answer = SimpleNamespace(row=row, choice=choice, choices=choices, number=number)
        grouped.setdefault(response_id, {}).setdefault(key, {})[row] = answer
    return grouped


def respondent_answers(*, response: Response | None) -> dict[str, dict[str, SimpleNamespace]]:
    """One respondent's answers as answers_by_response gives them; none without a response."""
    if response is None:
        return {}
    return answers_by_response([response.pk]).get(response.pk, {})
