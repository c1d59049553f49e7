"""Computing a wave's results in PostgreSQL: GROUP BY, COUNT and percentiles, never a Python
loop over answer rows. The result is a plain dict stored in a ResultSnapshot.

Only responses that count are in the results: submitted, by someone who proved they own the
address (its emailed link, or a signed-in account's verified address); typing an address on
the start page proves nothing, and an invented respondent must not skew the benchmark.

The answer rows are not read again for each computation. A response that comes to count
(submitted and confirmed, in either order) has its answers counted in AnswerTally — per
question, row, the respondent's company type and org size, and the value given — and deleting
one takes them out again: a histogram of every question in every segment, which grows with the
number of distinct answers, not of people (81,000 rows for 100,000 respondents in the bench).
A computation first counts any counted response not in the tallies yet (responses loaded in
bulk: one grouped scan), then copies the wave's histogram
into a temporary table, `results_fine`. Everything else is GROUPING SETS over it, so the whole
wave and every segment come out of the same pass:
- ANSWERED: per question and row, how many answered;
- CHOICES: per question, row and chosen value, how many chose it;
- NUMBERS: for numbers and scales, the mean, min, max and the 0th to 100th percentiles,
  interpolated as percentile_cont does (quartiles and "where you stand" read from them),
  found in the running counts of each value.
A segment with fewer than k respondents is folded into "other", and "other" itself is left
out when it is still under k; a segment's figures for a question that fewer than k of its
people answered are suppressed too. So no figure describes fewer than k people.

Each response carries its respondent's two segment answers (copied when it is submitted and
checked again here), so counting joins the answers to their responses and nothing else.
"""

from surveys.results.figures import (
    COUNTED_KINDS,
    OTHER,
    OTHER_LABEL,
    SEGMENTS,
    StrayAnswers,
    compute,
    previous_results,
    shares,
)
from surveys.results.tallies import copy_segments, tally, untally

__all__ = [
    "COUNTED_KINDS", "OTHER", "OTHER_LABEL", "SEGMENTS", "StrayAnswers", "compute", "copy_segments",
    "previous_results", "shares", "tally", "untally",
]  # fmt: skip
