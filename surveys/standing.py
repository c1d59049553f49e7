"""Where one respondent stands among their peers, read from a snapshot (never recomputed)."""

from bisect import bisect_left, bisect_right

from surveys.models import Answer, Question


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
    if kind == Question.Kind.PILLAR_GRID:
        rows = []
        for row in question.get("rows", []):
            answer = answers.get(row["value"])
            if answer is None:
                continue
            option = next((o for o in row["options"] if o["value"] == answer.choice), None)
            rows.append({"label": row["label"], "yours": option["label"] if option else "",
                         "same": option["percent"] if option else 0})  # fmt: skip
        return {"rows": rows} if rows else None
    answer = answers.get("")
    if answer is None:
        return None
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
        value = answer.choice if kind == Question.Kind.SINGLE else str(int(answer.number))
        option = next((o for o in question.get("options", []) if o["value"] == value), None)
        result = {"yours": option["label"] if option else value,
                  "same": option["percent"] if option else 0, "percentile": None}  # fmt: skip
        if kind == Question.Kind.SCALE:
            result["percentile"] = percentile_rank(
                question.get("percentiles", []), float(answer.number)
            )
        return result
    if kind == Question.Kind.MULTIPLE:
        chosen = [o for o in question.get("options", []) if o["value"] in answer.choices]
        return {"chosen": [{"label": o["label"], "percent": o["percent"]} for o in chosen]}
    if kind == Question.Kind.NUMBER:
        number = float(answer.number)
        return {"yours": f"{answer.number.normalize():f}", "same": None,
                "percentile": percentile_rank(question.get("percentiles", []), number)}  # fmt: skip
    return None


def report_items(questions: list[dict], answers: dict[str, dict]) -> list[dict]:
    """Each question's figures beside the respondent's own answer ({question key: {row:
    answer}}): what the full report shows and the results email sums up."""
    return [
        {"question": question, "standing": standing(question, answers.get(question["key"], {}))}
        for question in questions
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
