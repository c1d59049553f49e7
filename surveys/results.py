"""Computing a wave's results in PostgreSQL: GROUP BY, COUNT and percentile_cont, never a
Python loop over answer rows. The result is a plain dict stored in a ResultSnapshot.

Three grouped scans of the answers do the work, each with GROUPING SETS so that the whole
wave and every segment (company type, org size) come out of the same pass:
- ANSWERED: per question and row, how many answered;
- NUMBERS: for numbers and scales, the mean, min, max and the 0th to 100th percentiles
  (quartiles and "where you stand" read from them);
- CHOICES: per question, row and chosen value, how many chose it.
A segment with fewer than k respondents is folded into "other", and "other" itself is left
out when it is still under k; a segment's figures for a question that fewer than k of its
people answered are suppressed too. So no figure describes fewer than k people.
"""

from decimal import Decimal

from django.db import connection, transaction

from members.models import CompanyType, OrgSize
from surveys.models import Question, ResultSnapshot, SurveyWave

SEGMENTS = {"company_type": "Company type", "org_size": "Product org size"}
OTHER = "other"
OTHER_LABEL = "Other and smaller groups"
FRACTIONS = [i / 100 for i in range(101)]

_SEGMENTED = """
WITH submitted AS (
    SELECT id FROM surveys_response WHERE wave_id = %(wave)s AND submitted_at IS NOT NULL
),
seg_raw AS (
    SELECT a.response_id, q.key AS dim, a.choice AS value
    FROM surveys_answer a
    JOIN submitted ON submitted.id = a.response_id
    JOIN surveys_question q ON q.id = a.question_id
    WHERE q.wave_id = %(wave)s AND q.key IN ('company_type', 'org_size') AND a.choice <> ''
),
seg AS (
    SELECT response_id, dim,
           CASE WHEN count(*) OVER (PARTITION BY dim, value) < %(k)s THEN 'other'
                ELSE value END AS value
    FROM seg_raw
),
-- One row per respondent with both folded segments, so each answer needs a single join.
resp AS MATERIALIZED (
    SELECT submitted.id,
           max(seg.value) FILTER (WHERE seg.dim = 'company_type') AS ct,
           max(seg.value) FILTER (WHERE seg.dim = 'org_size') AS os
    FROM submitted LEFT JOIN seg ON seg.response_id = submitted.id
    GROUP BY submitted.id
)
"""

# The queries are constants joined at import; every value goes in as a bound parameter.
SEGMENT_SIZES = _SEGMENTED + "SELECT dim, value, count(*) FROM seg GROUP BY dim, value"  # noqa: S608

# Counting happens at the finest grain first (one hash aggregate over the answers), then is
# rolled up into the whole wave and each segment: the big scan is never sorted.
ANSWERED = (
    _SEGMENTED  # noqa: S608 — constants only; values are bound parameters
    + """,
fine AS MATERIALIZED (
    SELECT a.question_id, a.row, resp.ct, resp.os, count(*) AS n
    FROM surveys_answer a
    JOIN resp ON resp.id = a.response_id
    GROUP BY 1, 2, 3, 4
)
SELECT question_id, row, GROUPING(ct), GROUPING(os), ct, os, sum(n)::int
FROM fine
GROUP BY GROUPING SETS ((question_id, row), (question_id, row, ct), (question_id, row, os))
"""
)

# Percentiles need the values themselves: only number and scale answers are scanned.
NUMBERS = (
    _SEGMENTED
    + """
SELECT a.question_id, a.row, GROUPING(resp.ct), GROUPING(resp.os), resp.ct, resp.os,
       avg(a.number), min(a.number), max(a.number),
       percentile_cont(%(fractions)s::float8[]) WITHIN GROUP (ORDER BY a.number)
FROM surveys_answer a
JOIN resp ON resp.id = a.response_id
WHERE a.number IS NOT NULL
GROUP BY GROUPING SETS ((a.question_id, a.row), (a.question_id, a.row, resp.ct),
                        (a.question_id, a.row, resp.os))
"""
)

CHOICES = (
    _SEGMENTED  # noqa: S608 — constants only; values are bound parameters
    + """,
fine AS MATERIALIZED (
    SELECT a.question_id, a.row, chosen.value, resp.ct, resp.os, count(*) AS n
    FROM surveys_answer a
    JOIN resp ON resp.id = a.response_id
    JOIN surveys_question q ON q.id = a.question_id
    CROSS JOIN LATERAL unnest(
        CASE WHEN q.kind = 'scale' THEN ARRAY[(a.number::int)::varchar]
             WHEN cardinality(a.choices) > 0 THEN a.choices
             ELSE ARRAY[a.choice] END
    ) AS chosen(value)
    WHERE q.kind IN ('single', 'multiple', 'scale', 'pillar_grid')
    GROUP BY 1, 2, 3, 4, 5
)
SELECT question_id, row, GROUPING(ct), GROUPING(os), ct, os, value, sum(n)::int
FROM fine
GROUP BY GROUPING SETS ((question_id, row, value), (question_id, row, value, ct),
                        (question_id, row, value, os))
"""
)


def _float(value):
    return None if value is None else float(value) if isinstance(value, Decimal) else value


def _segment_key(g_ct, g_os, ct, os):
    """Which slice a grouped row belongs to: ("all", None) or (dimension, value)."""
    if g_ct and g_os:
        return ("all", None)
    return ("company_type", ct) if not g_ct else ("org_size", os)


def _segment_labels(dim):
    choices = dict(CompanyType.choices if dim == "company_type" else OrgSize.choices)
    return lambda value: OTHER_LABEL if value == OTHER else choices.get(value, value)


def compute(*, wave: SurveyWave, k: int) -> dict:
    """The results of the wave's submitted responses, as stored in a snapshot."""
    params = {"wave": wave.pk, "k": k, "fractions": FRACTIONS}
    with transaction.atomic(), connection.cursor() as cursor:
        # Room to sort and hash a big wave in memory rather than on disk, for this work only.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            "SELECT count(*) FROM surveys_response WHERE wave_id = %s AND submitted_at IS NOT NULL",
            [wave.pk],
        )
        respondents = cursor.fetchone()[0]
        cursor.execute(SEGMENT_SIZES, params)
        segment_sizes = cursor.fetchall()
        cursor.execute(ANSWERED, params)
        answered_rows = cursor.fetchall()
        cursor.execute(NUMBERS, params)
        numbers = cursor.fetchall()
        cursor.execute(CHOICES, params)
        choices = cursor.fetchall()

    # Segments shown: at least k respondents once the small ones are folded into "other".
    segments = {dim: [] for dim in SEGMENTS}
    for dim, value, size in sorted(
        segment_sizes, key=lambda row: (row[0], row[1] == OTHER, row[1])
    ):
        if size >= k and dim in segments:
            segments[dim].append({"value": value, "label": _segment_labels(dim)(value), "n": size})
    shown = {dim: {s["value"] for s in values} for dim, values in segments.items()}

    def visible(slice_key):
        dim, value = slice_key
        return dim == "all" or (value is not None and value in shown[dim])

    answered, stats = {}, {}
    for question_id, row, g_ct, g_os, ct, os, n in answered_rows:
        slice_key = _segment_key(g_ct, g_os, ct, os)
        if visible(slice_key):
            answered[(question_id, row, slice_key)] = n
    for question_id, row, g_ct, g_os, ct, os, mean, low, high, percentiles in numbers:
        slice_key = _segment_key(g_ct, g_os, ct, os)
        if visible(slice_key):
            stats[(question_id, row, slice_key)] = {
                "mean": _float(mean), "min": _float(low), "max": _float(high),
                "q1": percentiles[25], "median": percentiles[50], "q3": percentiles[75],
                "percentiles": percentiles,
            }  # fmt: skip
    counts = {}
    for question_id, row, g_ct, g_os, ct, os, value, count in choices:
        slice_key = _segment_key(g_ct, g_os, ct, os)
        if visible(slice_key):
            counts[(question_id, row, slice_key, value)] = count

    questions = []
    for question in wave.questions.all():
        slices = [("all", None)] + [(dim, s["value"]) for dim, values in segments.items()
                                    for s in values]  # fmt: skip
        by_slice = {}
        for slice_key in slices:
            by_slice[slice_key] = _question_slice(question, slice_key, answered, stats, counts)
        entry = {
            "key": question.key,
            "prompt": question.prompt,
            "kind": question.kind,
            "page": question.page,
            "discuss_in": question.discuss_in,
            **by_slice[("all", None)],
            "segments": {
                dim: [_segment_slice(s, by_slice[(dim, s["value"])], k) for s in values]
                for dim, values in segments.items()
            },
        }
        if question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
            entry["percentiles"] = stats.get((question.pk, "", ("all", None)), {}).get(
                "percentiles", []
            )
            for segment_list in entry["segments"].values():
                for segment in segment_list:
                    segment.get("stats", {}).pop(
                        "percentiles", None
                    )  # kept for the whole wave only
            entry.get("stats", {}).pop("percentiles", None)
        questions.append(entry)
    return {"respondents": respondents, "k": k, "segments": segments, "questions": questions}


def _segment_slice(segment: dict, figures: dict, k: int) -> dict:
    """A segment's figures for one question, or only its name when fewer than k answered it."""
    if figures["n"] < k:
        return {**segment, "suppressed": True}
    if "rows" in figures:
        rows = [
            row if row["n"] >= k else {"value": row["value"], "label": row["label"],
                                       "suppressed": True}
            for row in figures["rows"]
        ]  # fmt: skip
        figures = {**figures, "rows": rows}
    return {**segment, **figures}


def _options(question, row, slice_key, counts, n):
    if question.kind == Question.Kind.SCALE:
        values = [(str(p), str(p)) for p in range(question.scale_min, question.scale_max + 1)]
    else:
        values = question.choices
    options = []
    for value, label in values:
        count = counts.get((question.pk, row, slice_key, value), 0)
        percent = round(100 * count / n, 1) if n else 0.0
        options.append({"value": value, "label": label, "count": count, "percent": percent})
    return options


def _question_slice(question, slice_key, answered, stats, counts) -> dict:
    kind = question.kind
    if kind == Question.Kind.PILLAR_GRID:
        rows = []
        for row, label in question.rows:
            n = answered.get((question.pk, row, slice_key), 0)
            rows.append({"value": row, "label": label, "n": n,
                         "options": _options(question, row, slice_key, counts, n)})  # fmt: skip
        return {"n": max((r["n"] for r in rows), default=0), "rows": rows}
    n = answered.get((question.pk, "", slice_key), 0)
    result = {"n": n}
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE):
        result["options"] = _options(question, "", slice_key, counts, n)
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        result["stats"] = dict(stats.get((question.pk, "", slice_key), {}))
    return result


def previous_results(*, wave: SurveyWave) -> dict[str, dict]:
    """The latest results of the most recent earlier wave, by question key, for year-over-year."""
    earlier = (
        ResultSnapshot.objects.filter(wave__year__lt=wave.year, status=ResultSnapshot.Status.READY)
        .select_related("wave")
        .order_by("-wave__year", "-version")
        .first()
    )
    if earlier is None:
        return {}
    return {
        question["key"]: {"year": earlier.wave.year, **question}
        for question in earlier.data.get("questions", [])
    }
