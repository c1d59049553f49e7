"""The staff's side of a wave: progress, raw responses, results versions and their emails."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alliance.access import staff_required
from surveys import exports, selectors, services
from surveys.access import get_wave_for_user
from surveys.forms import ResendForm
from surveys.models import Response, ResultSnapshot

RESPONSES_PAGE_SIZE = 50


@staff_required
def staff_overview(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    context = {
        "wave": wave,
        "counts": selectors.wave_counts(wave=wave),
        "page": selectors.wave_responses_page(
            wave=wave, number=request.GET.get("page"), per_page=RESPONSES_PAGE_SIZE
        ),
        "snapshots": selectors.wave_snapshots(wave=wave),
        "resend_form": ResendForm(),
    }
    if request.htmx:
        return render(request, "surveys/staff_overview.html#results", context)
    return render(request, "surveys/staff_overview.html", context)


@staff_required
def export_csv(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    writer = csv.writer(exports.Echo())
    rows = (writer.writerow(row) for row in exports.response_rows(wave=wave))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{wave.slug}-responses.csv"'
    return response


@staff_required
@require_POST
def response_delete(request, slug, response_id):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    response = get_object_or_404(Response, pk=response_id, wave=wave)
    services.response_delete(response=response)
    messages.success(request, f"The response of {response.email or 'a former member'} is deleted.")
    return redirect("surveys:staff_overview", slug=wave.slug)


def _snapshot(wave, snapshot_id):
    return get_object_or_404(ResultSnapshot, pk=snapshot_id, wave=wave)


def _done(request, wave, text):
    messages.success(request, text)
    return redirect("surveys:staff_overview", slug=wave.slug)


@staff_required
@require_POST
def wave_close(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    try:
        services.wave_close(wave=wave, closed_by=request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("surveys:staff_overview", slug=wave.slug)
    return _done(request, wave, "The wave is closed. Results are being computed and emailed.")


@staff_required
@require_POST
def results_compute(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = services.results_request(wave=wave, requested_by=request.user, send=False)
    return _done(request, wave, f"Computing results version {snapshot.version}; nothing is sent.")


@staff_required
@require_POST
def results_send(request, slug, snapshot_id):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = _snapshot(wave, snapshot_id)
    # Every respondent whose response counts: results_deliveries_create leaves out the rest.
    count = services.results_deliveries_create(snapshot=snapshot, responses=wave.responses.all())
    return _done(request, wave, f"Sending version {snapshot.version} to {count} respondents.")


@staff_required
@require_POST
def results_retry(request, slug, snapshot_id):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    count = services.results_retry_failed(snapshot=_snapshot(wave, snapshot_id))
    return _done(request, wave, f"Trying again for {count} failed email(s).")


@staff_required
@require_POST
def results_resend(request, slug, snapshot_id):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = _snapshot(wave, snapshot_id)
    form = ResendForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["emails"]))
        return redirect("surveys:staff_overview", slug=wave.slug)
    count = services.results_resend(snapshot=snapshot, emails=form.cleaned_data["emails"])
    return _done(request, wave, f"Sending version {snapshot.version} to {count} respondent(s).")


@staff_required
def results_csv(request, slug, snapshot_id):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    snapshot = _snapshot(wave, snapshot_id)
    writer = csv.writer(exports.Echo())
    rows = (writer.writerow(row) for row in exports.result_rows(snapshot=snapshot))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    filename = f"{wave.slug}-results-v{snapshot.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
