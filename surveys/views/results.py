"""The results on the web: a public summary, and the full report for respondents and members."""

from django.shortcuts import render

from alliance.access import get_wave_for_user, require_full_report
from surveys import selectors
from surveys.standing import standing


def summary(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = selectors.latest_snapshot(wave=wave)
    context = {"wave": wave, "snapshot": snapshot}
    if snapshot is not None:
        context["pillars"] = snapshot.question("pillar_remit")
    return render(request, "surveys/results_summary.html", context)


def report(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    own_response = require_full_report(request=request, wave=wave)
    snapshot = selectors.latest_snapshot(wave=wave)
    questions = snapshot.data["questions"] if snapshot else []
    answers = selectors.answers_by_response([own_response.pk]) if own_response else {}
    mine = answers.get(own_response.pk, {}) if own_response else {}
    items = [
        {"question": question, "standing": standing(question, mine.get(question["key"], {}))}
        for question in questions
        if question["kind"] not in ("short_text", "long_text")
    ]
    context = {"wave": wave, "snapshot": snapshot, "items": items}
    return render(request, "surveys/results_report.html", context)
