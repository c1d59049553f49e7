"""The results on the web: a public summary, and the full report for respondents and members."""

from django.shortcuts import render

from surveys import selectors
from surveys.access import (
    ReportLinkInvalid,
    get_response_for_report_link,
    get_wave_for_user,
    require_full_report,
)
from surveys.standing import report_items


def summary(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = selectors.latest_snapshot(wave=wave)
    reported = selectors.reported_questions(snapshot=snapshot)
    context = {"wave": wave, "snapshot": snapshot, "question_count": len(reported)}
    if snapshot is not None:
        context["pillars"] = snapshot.question("pillar_remit")
    return render(request, "surveys/results_summary.html", context)


def report(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    own_response = require_full_report(request=request, wave=wave)
    return _report(request, wave, own_response)


def personal_report(request, slug, token):
    """The full report from a respondent's results email: theirs to read without an account."""
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    try:
        own_response = get_response_for_report_link(wave=wave, token=token)
    except ReportLinkInvalid as problem:
        context = {"wave": wave, "expired": problem.expired}
        return render(request, "surveys/report_link_invalid.html", context, status=404)
    response = _report(request, wave, own_response)
    # The link is a key: the page is not kept by shared caches, nor indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _report(request, wave, own_response):
    snapshot = selectors.latest_snapshot(wave=wave)
    mine = selectors.respondent_answers(response=own_response)
    context = {
        "wave": wave,
        "snapshot": snapshot,
        "items": report_items(snapshot=snapshot, answers=mine),
    }
    return render(request, "surveys/results_report.html", context)
