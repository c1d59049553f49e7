"""A group's calls: the list, one call, scheduling, editing and cancelling. Leads and staff
schedule; readers of the group see the calls; only its active members see the join link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alliance.access import member_required
from notifications.services import notifications_read_target
from working_groups import services
from working_groups.access import (
    can_moderate,
    get_call_for_user,
    get_readable_group,
    require_moderate,
    sees_join_link,
)
from working_groups.forms_calls import CancelForm, EditForm, ScheduleForm
from working_groups.notifying_calls import call_key
from working_groups.selectors import calls as selectors
from working_groups.services.calls import THIS
from working_groups.services.calls.recurrence import to_instant, to_local, zone_named


def _calls(n: int) -> str:
    return f"{n} call{'s' if n != 1 else ''}"


def _can(request, group, membership) -> dict:
    return {
        "group": group,
        "membership": membership,
        "sees_join": sees_join_link(request.user, group, membership),
        "can_schedule": can_moderate(request.user, group, membership),
    }


@member_required  # as the group's feed: for members of the alliance
@require_GET
def calls(request, slug):
    group, membership = get_readable_group(viewer=request.user, slug=slug)
    every = request.GET.get("all") == "1"
    context = {
        **_can(request, group, membership),
        "calls": selectors.group_calls(group=group, every=every),
    }
    return render(request, "working_groups/calls/list.html", context)


@member_required
@require_GET
def call(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    # Opening the call reads what the member was told of it (invitation, changes, reminders).
    notifications_read_target(user=request.user, target_keys=[call_key(call.pk)])
    context = {**_can(request, call.group, membership), "call": selectors.call_detail(call=call)}
    return render(request, "working_groups/calls/detail.html", context)


def _member_times(form, group):
    """The "what time this is for your members" panel, for the date, time and zone typed
    (whatever else is still wrong)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if not all(data.get(name) for name in ("date", "time", "time_zone")):
        return None
    start = to_instant(form.local_start(), zone_named(data["time_zone"]))
    return selectors.member_times(group=group, starts_at=start, time_zone=data["time_zone"])


@member_required
@require_http_methods(["GET", "POST"])
def call_new(request, slug):
    group, membership = get_readable_group(viewer=request.user, slug=slug)
    require_moderate(request.user, group, membership)
    zone = getattr(getattr(request.user, "profile", None), "time_zone", "") or "UTC"
    form = ScheduleForm(request.POST or None, initial={"time_zone": zone})
    times = None
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        try:
            scheduled = services.call_schedule(
                group=group, by=request.user, membership=membership, **form.details()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            what = f"{len(scheduled)} calls" if len(scheduled) > 1 else "The call"
            messages.success(request, f"{what} scheduled. The group's members are invited.")
            return redirect(scheduled[0])
    if request.method == "POST":
        times = _member_times(form, group)
    context = {**_can(request, group, membership), "form": form, "times": times}
    return render(request, "working_groups/calls/form.html", context)


def _initial(call) -> dict:
    local = to_local(call.starts_at, zone_named(call.time_zone))
    return {
        "title": call.title, "agenda": call.agenda_markdown, "date": local.date(),
        "time": local.time(), "time_zone": call.time_zone, "join_url": call.join_url,
        "duration_minutes": call.duration_minutes, "capacity": call.capacity,
        "reminders": call.reminder_offsets,
    }  # fmt: skip


@member_required
@require_http_methods(["GET", "POST"])
def call_edit(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    require_moderate(request.user, call.group, membership)
    form = EditForm(request.POST or None, initial=_initial(call), series=bool(call.series_id))
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        scope = form.cleaned_data.get("scope") or THIS
        try:
            changed = services.call_edit(
                call=call, by=request.user, scope=scope, membership=membership, **form.details()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Saved: {_calls(len(changed))} changed.")
            return redirect(call)
    times = _member_times(form, call.group) if request.method == "POST" else None
    context = {**_can(request, call.group, membership), "form": form, "call": call, "times": times}
    return render(request, "working_groups/calls/form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def call_cancel(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    require_moderate(request.user, call.group, membership)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"] if call.series_id else THIS
        try:
            cancelled = services.call_cancel(
                call=call, by=request.user, scope=scope, membership=membership
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Cancelled {_calls(len(cancelled))}. Those coming are told.")
            return redirect(call)
    context = {**_can(request, call.group, membership), "form": form, "call": call}
    return render(request, "working_groups/calls/cancel.html", context)
