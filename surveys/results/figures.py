"""A wave's figures, rolled up in PostgreSQL from its tallies (see surveys.results)."""

from django.db import connection, transaction

from members.models import CompanyType, OrgSize
from surveys.models import Question, ResultSnapshot, SurveyWave
from surveys.results.tallies import COUNTED, copy_segments, tally

SEGMENTS = {"company_type": "Company type", "org_size": "Product org size"}
# The kinds whose answers are counted per value, and must each be one of the question's values
# (the CHOICES query below lists them too).
COUNTED_KINDS = ("single", "multiple", "scale", "pillar_grid")
OTHER = "other"
OTHER_LABEL = "Other and smaller groups"

# The queries are constants; every value goes in as a bound parameter.
RESPONDENTS = f"SELECT count(*) FROM surveys_response WHERE {COUNTED}"  # noqa: S608

SEGMENT_SIZES = f"""
SELECT 'company_type', company_type, count(*) FROM surveys_response
WHERE {COUNTED} AND company_type <> '' GROUP BY company_type
UNION ALL
SELECT 'org_size', org_size, count(*) FROM surveys_response
WHERE {COUNTED} AND org_size <> '' GROUP BY org_size
"""  # noqa: S608

# The wave's tallies, in a temporary table the roll-ups read.
FINE = """
CREATE TEMPORARY TABLE results_fine ON COMMIT DROP AS
SELECT question_id, row, company_type AS ct, org_size AS os, choice, choices, number,
       count AS n
FROM surveys_answertally
WHERE wave_id = %(wave)s AND count > 0
"""

# Segments under k are folded into "other" before anything is rolled up; a respondent
# without a segment answer counts in the whole wave only.
FOLD = """
UPDATE results_fine SET
    ct = CASE WHEN ct = '' THEN NULL WHEN ct = ANY(%(small_ct)s) THEN 'other' ELSE ct END,
    os = CASE WHEN os = '' THEN NULL WHEN os = ANY(%(small_os)s) THEN 'other' ELSE os END
"""

_SLICES = (
    "GROUPING SETS ((question_id, row{v}), (question_id, row{v}, ct), (question_id, row{v}, os))"
)

ANSWERED = f"""
SELECT question_id, row, GROUPING(ct), GROUPING(os), ct, os, sum(n)::int
FROM results_fine
GROUP BY {_SLICES.format(v="")}
"""  # noqa: S608

# How many chose each value. The CASE reads each kind's answer from the column that
# Answer.COLUMN_OF_KIND keeps it in (a scale's number, a multiple choice's choices, a single
# choice's or grid row's choice), and the kinds are COUNTED_KINDS: it mirrors both, so a change
# to either is made here too.
CHOICES = """
SELECT f.question_id, f.row, GROUPING(f.ct), GROUPING(f.os), f.ct, f.os, chosen.value,
       sum(f.n)::int
FROM results_fine f
JOIN surveys_question q ON q.id = f.question_id
CROSS JOIN LATERAL unnest(
    CASE WHEN q.kind = 'scale' THEN ARRAY[(f.number::int)::varchar]
         WHEN cardinality(f.choices) > 0 THEN f.choices
         ELSE ARRAY[f.choice] END
) AS chosen(value)
WHERE q.kind IN ('single', 'multiple', 'scale', 'pillar_grid')
GROUP BY GROUPING SETS ((f.question_id, f.row, chosen.value),
                        (f.question_id, f.row, chosen.value, f.ct),
                        (f.question_id, f.row, chosen.value, f.os))
"""

# For numbers and scales: how many gave each value in each slice, each value's place in
# the slice's order, and the slice's mean, min and max.
# percentile_cont(p) over N sorted values is the value at position p·(N-1), interpolated
# between its two neighbours. With p = i/100, the value holding positions [first, upto) is
# where the fractions from_i to to_i land (none, mostly); only those are generated.
NUMBERS = f"""
WITH histogram AS (
    SELECT question_id, row, GROUPING(ct) AS g_ct, GROUPING(os) AS g_os, ct, os,
           number::float8 AS value, sum(n)::bigint AS n
    FROM results_fine
    WHERE number IS NOT NULL
    GROUP BY {_SLICES.format(v=", number")}
),
ranked AS (
    SELECT *, (sum(n) OVER run)::bigint - n AS first, (sum(n) OVER run)::bigint AS upto,
           (sum(n) OVER slice)::bigint AS total, lead(value) OVER run AS next_value,
           sum(value * n) OVER slice / sum(n) OVER slice AS mean,
           min(value) OVER slice AS low, max(value) OVER slice AS high
    FROM histogram
    WINDOW slice AS (PARTITION BY question_id, row, g_ct, g_os, ct, os),
           run AS (slice ORDER BY value)
),
landing AS (
    SELECT *,
           CASE WHEN total = 1 THEN 0
                ELSE (100 * first + total - 2) / (total - 1) END AS from_i,
           CASE WHEN total = 1 THEN 100
                ELSE least(100, (100 * upto + total - 2) / (total - 1) - 1) END AS to_i
    FROM ranked
)
SELECT question_id, row, g_ct, g_os, ct, os, mean, low, high,
       array_agg(
           value + (CASE WHEN (i * (total - 1)) / 100 + 1 < upto THEN value
                         ELSE coalesce(next_value, value) END - value)
                   * mod(i * (total - 1), 100) / 100.0
           ORDER BY i)
FROM landing
CROSS JOIN LATERAL generate_series(from_i, to_i) AS i
WHERE from_i <= to_i
GROUP BY question_id, row, g_ct, g_os, ct, os, mean, low, high
"""  # noqa: S608


def _segment_key(g_ct, g_os, ct, os):
    """Which slice a grouped row belongs to: ("all", None) or (dimension, value)."""
    if g_ct and g_os:
        return ("all", None)
    return ("company_type", ct) if not g_ct else ("org_size", os)


def _segment_options(dim, questions) -> list[tuple[str, str]]:
    """A segment dimension's values and labels in their natural order: the wave's own question
    (org sizes from the smallest to "1,000+", as asked), then the members' vocabulary for any
    other value."""
    asked = next((q.choices for q in questions if q.key == dim), [])
    known = CompanyType.choices if dim == "company_type" else OrgSize.choices
    return asked + [(value, label) for value, label in known if value not in dict(asked)]


def _segments_shown(dim, sizes: dict[str, int], questions, k: int) -> list[dict]:
    """The dimension's segments of at least k respondents, in their natural order, "other"
    last; a value outside the known ones goes before "other", in the order of its name."""
    options = _segment_options(dim, questions)
    labels, order = dict(options), {value: i for i, (value, _) in enumerate(options)}

    def place(value):
        return (value == OTHER, order.get(value, len(order)), value)

    return [
        {"value": value, "label": OTHER_LABEL if value == OTHER else labels.get(value, value),
         "n": size}
        for value, size in sorted(sizes.items(), key=lambda item: place(item[0]))
        if size >= k
    ]  # fmt: skip


class StrayAnswers(ValueError):
    """Answers that are none of their question's options: figures computed without them would
    silently leave people out, so none are published."""


def shares(counts: list[int], total: int, *, exclusive: bool = True) -> list[int]:
    """Whole percentages of `total`, the one rounding of every figure the hub shows.

    For a distribution (each respondent gave exactly one of the values: `exclusive`) the
    largest remainder method, so the shares shown sum to exactly 100: each gets its rounded-down
    share, then the points left go to the largest remainders (the earlier option on a tie).
    Otherwise (multiple choice, where a person may choose several) each share is rounded half
    up on its own.
    """
    if not total:
        return [0] * len(counts)
    if not exclusive or sum(counts) != total:
        return [(200 * count + total) // (2 * total) for count in counts]
    floors = [100 * count // total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(100 * counts[i] % total), i))
    for i in by_remainder[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def compute(*, wave: SurveyWave, k: int) -> dict:
    """The results of the wave's counted responses (submitted, address confirmed), as stored
    in a snapshot."""
    params = {"wave": wave.pk, "k": k}
    with transaction.atomic(), connection.cursor() as cursor:
        # The plans are cheap to make and costly-looking: compiling them would take longer
        # than running them. Room to hash a big wave in memory, for this work only.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # Normally nothing to do: submitting copies the segments and counts the answers.
        copy_segments(wave_id=wave.pk)
        tally(wave_id=wave.pk)
        cursor.execute(RESPONDENTS, params)
        respondents = cursor.fetchone()[0]
        cursor.execute(SEGMENT_SIZES, params)
        segment_sizes = cursor.fetchall()
        small = {dim: [value for d, value, size in segment_sizes if d == dim and size < k]
                 for dim in SEGMENTS}  # fmt: skip
        folded_sizes = {}
        for dim, value, size in segment_sizes:
            value = OTHER if value in small[dim] else value
            folded_sizes[(dim, value)] = folded_sizes.get((dim, value), 0) + size
        cursor.execute(FINE, params)
        cursor.execute(FOLD, {"small_ct": small["company_type"], "small_os": small["org_size"]})
        cursor.execute(ANSWERED, params)
        answered_rows = cursor.fetchall()
        cursor.execute(NUMBERS, params)
        numbers = cursor.fetchall()
        cursor.execute(CHOICES, params)
        choices = cursor.fetchall()
        cursor.execute("DROP TABLE results_fine")

    questions = list(wave.questions.all())
    # Segments shown: at least k respondents once the small ones are folded into "other".
    segments = {
        dim: _segments_shown(
            dim, {value: size for (d, value), size in folded_sizes.items() if d == dim},
            questions, k,
        )
        for dim in SEGMENTS
    }  # fmt: skip
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
                "mean": mean, "min": low, "max": high,
                "q1": percentiles[25], "median": percentiles[50], "q3": percentiles[75],
                "percentiles": percentiles,
            }  # fmt: skip
    counts = {}
    for question_id, row, g_ct, g_os, ct, os, value, count in choices:
        slice_key = _segment_key(g_ct, g_os, ct, os)
        if visible(slice_key):
            counts[(question_id, row, slice_key, value)] = count
    _refuse_stray_answers(questions, counts)

    entries = []
    for question in questions:
        # A question is never split by its own answer (company type by company type).
        dims = {dim: values for dim, values in segments.items() if dim != question.key}
        slices = [("all", None)] + [(dim, s["value"]) for dim, values in dims.items()
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
                for dim, values in dims.items()
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
        entries.append(entry)
    return {"respondents": respondents, "k": k, "segments": segments, "questions": entries}


def _refuse_stray_answers(questions, counts) -> None:
    """Raise StrayAnswers if a counted answer is none of its question's options."""
    allowed = {q.pk: q.values for q in questions if q.kind in COUNTED_KINDS}
    stray = {}
    for question_id, _row, slice_key, value in counts:
        if slice_key == ("all", None) and value not in allowed.get(question_id, {value}):
            stray.setdefault(question_id, set()).add(value)
    if stray:
        keys = {q.pk: q.key for q in questions}
        raise StrayAnswers(
            "Answers outside their question's options, so no figures were published: "
            + "; ".join(
                f"{keys[qid]}: {', '.join(sorted(values))}" for qid, values in stray.items()
            )
            + ". Fix the question's options (or the answers) and compute again."
        )


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
    tally = [counts.get((question.pk, row, slice_key, value), 0) for value, _ in values]
    percents = shares(tally, n, exclusive=question.kind != Question.Kind.MULTIPLE)
    return [
        {"value": value, "label": label, "count": count, "percent": percent}
        for (value, label), count, percent in zip(values, tally, percents, strict=True)
    ]


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
