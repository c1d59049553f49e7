"""The running counts the results are rolled up from (see surveys.results): a response that
comes to count (submitted, and its address confirmed, in either order) adds its answers to
the wave's AnswerTally rows, deleting one takes them out again, each exactly once however
often or concurrently it runs."""

from django.db import connection

# The queries are constants; every value goes in as a bound parameter.
SUBMITTED = "wave_id = %(wave)s AND submitted_at IS NOT NULL"
# The responses that count: submitted, by someone who proved they own the address
# (Response.objects.counted() says the same in the ORM).
COUNTED = f"{SUBMITTED} AND email_confirmed_at IS NOT NULL"

# The segment answers copied onto submitted responses that have none yet (normally none:
# submitting copies them, and a submitted response's answers never change).
COPY_SEGMENTS = f"""
UPDATE surveys_response r SET company_type = seg.company_type, org_size = seg.org_size
FROM (
    SELECT r.id,
           coalesce(max(a.choice) FILTER (WHERE q.key = 'company_type'), '') AS company_type,
           coalesce(max(a.choice) FILTER (WHERE q.key = 'org_size'), '') AS org_size
    FROM surveys_response r
    JOIN surveys_question q ON q.wave_id = r.wave_id AND q.key IN ('company_type', 'org_size')
    JOIN surveys_answer a ON a.response_id = r.id AND a.question_id = q.id AND a.row = ''
    WHERE r.{SUBMITTED} AND r.company_type = '' AND r.org_size = ''
      AND (%(response)s::bigint IS NULL OR r.id = %(response)s)
    GROUP BY r.id
) seg
WHERE r.id = seg.id
"""  # noqa: S608

_TALLY_KEY = "wave_id, question_id, row, company_type, org_size, choice, choices, number"

# Counted responses not yet in the tallies (one, or all of a wave's) are marked and their
# answers added, in one statement: whatever runs twice or at once (a submit and the address's
# confirmation, say), each is counted once. Locks on tally rows are taken in key order, so two
# submits never deadlock.
TALLY = f"""
WITH counted AS (
    UPDATE surveys_response SET tallied = true
    WHERE {COUNTED} AND NOT tallied AND (%(response)s::bigint IS NULL OR id = %(response)s)
    RETURNING id, wave_id, company_type, org_size
)
INSERT INTO surveys_answertally ({_TALLY_KEY}, count)
SELECT r.wave_id, a.question_id, a.row, r.company_type, r.org_size, a.choice, a.choices,
       a.number, count(*)
FROM surveys_answer a
JOIN counted r ON r.id = a.response_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
ON CONFLICT ({_TALLY_KEY}) DO UPDATE SET count = surveys_answertally.count + excluded.count
"""  # noqa: S608

# A counted response taken out of the tallies (before it is deleted).
UNTALLY = """
WITH uncounted AS (
    UPDATE surveys_response SET tallied = false WHERE id = %(response)s AND tallied
    RETURNING id, wave_id, company_type, org_size
),
mine AS (
    SELECT r.wave_id, a.question_id, a.row, r.company_type, r.org_size, a.choice, a.choices,
           a.number, count(*) AS n
    FROM surveys_answer a
    JOIN uncounted r ON r.id = a.response_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
UPDATE surveys_answertally t SET count = t.count - mine.n
FROM mine
WHERE (t.wave_id, t.question_id, t.row, t.company_type, t.org_size, t.choice, t.choices)
    = (mine.wave_id, mine.question_id, mine.row, mine.company_type, mine.org_size, mine.choice,
       mine.choices)
  AND t.number IS NOT DISTINCT FROM mine.number
"""


def copy_segments(*, wave_id: int, response_id: int | None = None) -> None:
    """Copy the respondents' company type and org size answers onto their submitted
    responses (one response, or the whole wave) where they are not there yet."""
    with connection.cursor() as cursor:
        cursor.execute(COPY_SEGMENTS, {"wave": wave_id, "response": response_id})


def tally(*, wave_id: int, response_id: int | None = None) -> None:
    """Count the answers of counted responses (submitted, address confirmed) not in the
    tallies yet (one response, or the whole wave) in the wave's tallies."""
    with connection.cursor() as cursor:
        cursor.execute(TALLY, {"wave": wave_id, "response": response_id})


def untally(*, response_id: int) -> None:
    """Take a response's answers out of its wave's tallies, if they were counted."""
    with connection.cursor() as cursor:
        cursor.execute(UNTALLY, {"response": response_id})
