"""Where one respondent stands among their peers, read from a snapshot (never recomputed)."""

from bisect import bisect_left, bisect_right

from surveys.models import Answer, Question, plain_number
from surveys.selectors import reported_questions


def percentile_rank(percentiles: list[float], value: float) -> int:
    """The share of respondents (0 to 100) whose answer is below `value`, ties counted half."""
    if not percentiles:
        return 0
    below = bisect_left(percentiles, value)
    not_above = bisect_right(percentiles, value)
    return round(100 * ((below + not_above) / 2) / len(percentiles))


def standing(question: dict, answers: dict[str, Answer]) -> dict | None:
    """The respondent's own answer beside the peers' figures, or None if they did not answer."""
    kind = question["kind"]
    column = Answer.COLUMN_OF_KIND[kind]
    if kind == Question.Kind.PILLAR_GRID:
        rows = []
        for row in question.get("rows", []):
            answer = answers.get(row["value"])
            if answer is None:
                continue
            value = getattr(answer, column)
            option = next((o for o in row["options"] if o["value"] == value), None)
            rows.append({"label": row["label"], "yours": option["label"] if option else "",
                         "same": option["percent"] if option else 0})  # fmt: skip
        return {"rows": rows} if rows else None
    answer = answers.get("")
    if answer is None or kind in Question.TEXT_KINDS:  # free text is never reported
        return None
    yours = getattr(answer, column)
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
        value = yours if kind == Question.Kind.SINGLE else str(int(yours))
        option = next((o for o in question.get("options", []) if o["value"] == value), None)
        result = {"yours": option["label"] if option else value,
                  "same": option["percent"] if option else 0, "percentile": None}  # fmt: skip
        if kind == Question.Kind.SCALE:
            result["percentile"] = percentile_rank(question.get("percentiles", []), float(yours))
        return result
    if kind == Question.Kind.MULTIPLE:
        chosen = [o for o in question.get("options", []) if o["value"] in yours]
        return {"chosen": [{"label": o["label"], "percent": o["percent"]} for o in chosen]}
    # Question.Kind.NUMBER, the one kind left.
    percentile = percentile_rank(question.get("percentiles", []), float(yours))
    return {"yours": plain_number(yours), "same": None, "percentile": percentile}


def report_items(*, snapshot, answers: dict[str, dict]) -> list[dict]:
    """Each question the snapshot reports, its figures beside the respondent's own answer
    ({question key: {row: answer}}; empty for a member who did not answer): what the full
    report shows and the results email sums up, computed here for both."""
    return [
        {"question": question, "standing": standing(question, answers.get(question["key"], {}))}
        for question in reported_questions(snapshot=snapshot)
    ]


def standing_lines(items: list[dict]) -> list[str]:
    """ "Where you stand" as plain sentences, one per question.

    Built in Python, not a template: it is rendered once per results email, and the
    template engine cost more than everything else in sending one (bench/survey_results.py).
    """
    lines = []
    for item in items:
        s, prompt = item["standing"], item["question"]["prompt"]
        if "rows" in s:
            parts = [f"{r['label']}: {r['yours'].lower()} (like {r['same']:.0f}% of peers)"
                     for r in s["rows"]]  # fmt: skip
            sentence = "; ".join(parts) + "."
        elif "chosen" in s:
            chosen = [f"{c['label']} ({c['percent']:.0f}% of peers)" for c in s["chosen"]]
            sentence = f"You chose {', '.join(chosen) or 'nothing'}."
        else:
            sentence = f"You answered {s['yours']}"
            if s.get("same") is not None:
                sentence += f", like {s['same']:.0f}% of peers"
            if s.get("percentile") is not None:
                sentence += f"; higher than {s['percentile']}% of them"
            sentence += "."
        lines.append((prompt, sentence))
    return lines
