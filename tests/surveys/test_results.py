"""Every aggregate of a snapshot against an independent computation in Python (statistics)
over the raw rows, on random data: ties, empty answers, one respondent, suppressed segments."""

import random
import statistics
from collections import Counter
from fractions import Fraction
from math import floor

import pytest

from surveys import services
from surveys.models import Answer, Question, Response
from surveys.results import OTHER, compute
from surveys.standing import percentile_rank
from tests.factories import make_wave

pytestmark = pytest.mark.django_db

K = 5
COMPANY = ["startup", "vc_funded", "pe_rollup", "consulting", "public", "other"]
SIZES = ["1-9", "10-49", "50-199", "200-999", "1000+"]


def _random_wave(rng, respondents, *, skip_share=0.2):
    """A wave answered by `respondents` random people; some skip optional or any answers."""
    wave = make_wave(slug=f"random-{rng.random():.8f}")
    questions = {q.key: q for q in wave.questions.all()}
    company_weights = [30, 20, 10, 3, 2, 1]  # the last ones are small: folded or suppressed
    rows = []
    for number in range(respondents):
        response = Response.objects.create(wave=wave, email=f"r{number}@example.com")
        values = {
            "role": rng.choice(["head", "lead", "ic"]),
            "years_in_product_ops": rng.choice([1, 2, 2, 3, 5, 8, 8, 13]),  # ties on purpose
            "company_type": rng.choices(COMPANY, weights=company_weights)[0],
            "org_size": rng.choice(SIZES),
            "product_managers": rng.randint(0, 400),
            "product_ops_team": rng.choice([1, 1, 2, 3]),
            "reports_to": rng.choice(["cpo", "coo"]),
            "maturity": rng.randint(1, 5),
            "program_management": rng.choice(["all", "some", "none"]),
            "working_groups": rng.sample(["people", "process", "insights"], rng.randint(0, 3)),
            "biggest_challenge": rng.choice(["", "Scaling"]),
        }
        for key, value in values.items():
            question = questions[key]
            if rng.random() < skip_share and key not in ("company_type", "org_size"):
                continue  # an empty answer
            field = {
                Question.Kind.SINGLE: "choice", Question.Kind.MULTIPLE: "choices",
                Question.Kind.NUMBER: "number", Question.Kind.SCALE: "number",
                Question.Kind.LONG_TEXT: "text",
            }[question.kind]  # fmt: skip
            if value in ("", []):
                continue
            rows.append(Answer(response=response, question=question, **{field: value}))
        for pillar in ["people", "process", "insight", "tools", "stakeholders"]:
            if rng.random() > skip_share / 2:
                remit = rng.choice(["all", "some", "none"])
                grid = questions["pillar_remit"]
                rows.append(Answer(response=response, question=grid, row=pillar, choice=remit))
        # Submitted by someone who opened the link emailed to them: it counts.
        response.submitted_at = response.email_confirmed_at = response.started_at
        response.save()
    Answer.objects.bulk_create(rows)
    Response.objects.create(wave=wave, email="unsubmitted@example.com")  # must not count
    # Submitted by whoever typed an address they never proved is theirs: must not count.
    unproven = Response.objects.create(
        wave=wave, email="unproven@example.com", submitted_at=wave.created_at
    )
    Answer.objects.bulk_create(
        Answer(response=unproven, question=questions[key], choice=choice)
        for key, choice in (("role", "head"), ("company_type", "startup"), ("org_size", "1-9"))
    )
    return wave


def _raw(wave):
    """The answers that count (submitted, address confirmed), read plainly:
    {(key, row): [Answer]}, and everyone's segments."""
    answers = {}
    segments = {}
    for answer in Answer.objects.filter(
        response__wave=wave,
        response__submitted_at__isnull=False,
        response__email_confirmed_at__isnull=False,
    ).select_related("question"):
        answers.setdefault((answer.question.key, answer.row), []).append(answer)
        if answer.question.key in ("company_type", "org_size"):
            segments.setdefault(answer.question.key, {})[answer.response_id] = answer.choice
    return answers, segments


def _expected_segments(segments, k):
    """Fold values under k into "other"; drop what is still under k."""
    expected = {}
    for dim, by_response in segments.items():
        sizes = Counter(by_response.values())
        folded = {rid: (v if sizes[v] >= k else OTHER) for rid, v in by_response.items()}
        folded_sizes = Counter(folded.values())
        expected[dim] = {
            "members": {v: {r for r, f in folded.items() if f == v} for v in folded_sizes
                        if folded_sizes[v] >= k},
            "sizes": {v: n for v, n in folded_sizes.items() if n >= k},
        }  # fmt: skip
    return expected


def round_half_up(share: Fraction) -> int:
    return floor(share + Fraction(1, 2))


def _whole_shares(counts, total):
    """Whole percentages by the largest remainder, computed plainly with fractions."""
    if not total:
        return [0] * len(counts)
    exact = [Fraction(100 * count, total) for count in counts]
    shares = [floor(share) for share in exact]
    biggest_first = sorted(range(len(counts)), key=lambda i: (shares[i] - exact[i], i))
    for i in biggest_first[: 100 - sum(shares)]:
        shares[i] += 1
    return shares


def _check_slice(question, slice_data, answers, members=None):
    """Compare one slice (the whole wave or a segment) of one question with Python."""
    kind = question["kind"]

    def mine(rows):
        return [a for a in rows if members is None or a.response_id in members]

    if kind == "pillar_grid":
        for row in slice_data["rows"]:
            rows = mine(answers.get((question["key"], row["value"]), []))
            if row.get("suppressed"):
                assert members is not None and len(rows) < K
                continue
            assert row["n"] == len(rows)
            counts = Counter(a.choice for a in rows)
            for option in row["options"]:
                assert option["count"] == counts.get(option["value"], 0)
            percents = [option["percent"] for option in row["options"]]
            assert percents == _whole_shares([o["count"] for o in row["options"]], len(rows))
            assert sum(percents) == (100 if rows else 0)
        return
    rows = mine(answers.get((question["key"], ""), []))
    assert slice_data["n"] == len(rows), question["key"]
    if kind in ("single", "multiple", "scale"):
        if kind == "multiple":
            counts = Counter(value for a in rows for value in a.choices)
        elif kind == "scale":
            counts = Counter(str(int(a.number)) for a in rows)
        else:
            counts = Counter(a.choice for a in rows)
        for option in slice_data["options"]:
            assert option["count"] == counts.get(option["value"], 0), (question["key"], option)
        percents = [option["percent"] for option in slice_data["options"]]
        tally = [option["count"] for option in slice_data["options"]]
        if kind == "multiple":  # several choices a person: each share rounded on its own
            assert percents == [round_half_up(Fraction(100 * c, len(rows))) if rows else 0
                                for c in tally]  # fmt: skip
        else:  # one answer a person: whole shares that sum to 100
            assert percents == _whole_shares(tally, len(rows))
            assert sum(percents) == (100 if rows else 0)
    if kind in ("number", "scale"):
        numbers = [float(a.number) for a in rows]
        stats = slice_data["stats"]
        if not numbers:
            assert stats == {}
            return
        assert stats["mean"] == pytest.approx(statistics.mean(numbers))
        assert stats["median"] == pytest.approx(statistics.median(numbers))
        assert stats["min"] == min(numbers) and stats["max"] == max(numbers)
        if len(numbers) > 1:
            q1, _, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
            assert stats["q1"] == pytest.approx(q1)
            assert stats["q3"] == pytest.approx(q3)
        else:
            assert stats["q1"] == stats["q3"] == numbers[0]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("respondents", [1, 7, 120])
def test_every_aggregate_matches_an_independent_computation(seed, respondents):
    rng = random.Random(seed * 1000 + respondents)
    wave = _random_wave(rng, respondents)
    data = compute(wave=wave, k=K)
    answers, segments = _raw(wave)
    assert data["respondents"] == respondents
    expected_segments = _expected_segments(segments, K)

    for dim, expected in expected_segments.items():
        shown = {s["value"]: s["n"] for s in data["segments"][dim]}
        assert shown == expected["sizes"], dim
    for question in data["questions"]:
        _check_slice(question, question, answers)
        assert question["key"] not in question["segments"]  # never split by its own answer
        for dim, slices in question["segments"].items():
            assert {s["value"] for s in slices} == set(expected_segments[dim]["members"])
            for slice_data in slices:
                members = expected_segments[dim]["members"][slice_data["value"]]
                if slice_data.get("suppressed"):
                    rows = answers.get((question["key"], ""), []) or [
                        a for (key, _), rs in answers.items() if key == question["key"] for a in rs
                    ]
                    answered = {a.response_id for a in rows} & members
                    assert len(answered) < K, (question["key"], slice_data)
                    continue
                _check_slice(question, slice_data, answers, members)


@pytest.mark.parametrize("respondents", [1, 2, 7, 120])
def test_every_percentile_matches_an_independent_computation(respondents):
    """All 101 percentiles, read from the histogram of values, against Python's inclusive
    quantiles (the interpolation of percentile_cont) over the raw numbers."""
    wave = _random_wave(random.Random(respondents), respondents)
    data = compute(wave=wave, k=K)
    answers, _ = _raw(wave)
    for question in data["questions"]:
        if question["kind"] not in ("number", "scale"):
            continue
        numbers = sorted(float(a.number) for a in answers.get((question["key"], ""), []))
        if not numbers:
            assert question["percentiles"] == []
            continue
        inner = (
            statistics.quantiles(numbers, n=100, method="inclusive")
            if len(numbers) > 1
            else numbers * 99
        )
        expected = [numbers[0], *inner, numbers[-1]]
        assert question["percentiles"] == pytest.approx(expected), question["key"]


def test_computing_again_counts_nothing_twice_and_a_deleted_response_drops_out():
    wave = _random_wave(random.Random(11), 30, skip_share=0)
    first = compute(wave=wave, k=K)
    assert compute(wave=wave, k=K) == first
    gone = wave.responses.counted().first()
    services.response_delete(response=gone)
    after = compute(wave=wave, k=K)
    assert after["respondents"] == first["respondents"] - 1
    role = next(q for q in after["questions"] if q["key"] == "role")
    assert role["n"] == next(q for q in first["questions"] if q["key"] == "role")["n"] - 1
    answers, _ = _raw(wave)
    for question in after["questions"]:
        _check_slice(question, question, answers)


def test_no_segment_under_k_is_ever_shown():
    rng = random.Random(7)
    wave = _random_wave(rng, 40)
    data = compute(wave=wave, k=K)
    for slices in data["segments"].values():
        assert all(s["n"] >= K for s in slices)
    for question in data["questions"]:
        for slices in question["segments"].values():
            assert all(s.get("suppressed") or s["n"] >= K for s in slices)
            for s in slices:
                for row in s.get("rows", []):
                    assert row.get("suppressed") or row["n"] >= K


def test_a_single_respondent_shows_no_segment_at_all():
    wave = _random_wave(random.Random(3), 1, skip_share=0)
    data = compute(wave=wave, k=K)
    assert data["segments"] == {"company_type": [], "org_size": []}


def test_percentile_rank_counts_ties_half():
    percentiles = [1.0] * 50 + [3.0] * 51
    assert percentile_rank(percentiles, 1.0) == 25
    assert percentile_rank(percentiles, 2.0) == 50
    assert percentile_rank(percentiles, 9.0) == 100


def test_year_over_year_change_is_read_from_the_earlier_snapshot(staff):
    rng = random.Random(11)
    earlier = _random_wave(rng, 30)
    earlier.year = 2025
    earlier.save()
    old = services.results_request(wave=earlier, requested_by=staff)
    services.results_compute(snapshot=old)
    later = _random_wave(rng, 30)
    new = services.results_request(wave=later, requested_by=staff)
    services.results_compute(snapshot=new)
    new.refresh_from_db()
    question = new.question("role")
    assert question["previous"]["year"] == 2025
    before = {o["value"]: o["percent"] for o in old.question("role")["options"]}
    for option in question["options"]:
        assert option["change"] == round(option["percent"] - before[option["value"]], 1)
