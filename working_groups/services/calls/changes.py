"""A lead edits or cancels a call: one occurrence, this and the following ones, or the whole
series still to come. Each occurrence that changes raises its SEQUENCE, so calendars replace
what they hold, and its members are told once the change is saved."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import User
from working_groups import notifying_calls
from working_groups.access import UNKNOWN, InHand
from working_groups.models import Call, CallSeries
from working_groups.services.calls.recurrence import (
    stored_wall_clock,
    to_instant,
    to_local,
    zone_named,
)
from working_groups.services.calls.scheduling import clean_details, require_scheduler

THIS, FOLLOWING, ALL = "this", "following", "all"
DETAILS = ("title", "agenda", "duration_minutes", "join_url", "capacity", "reminder_offsets")
ALLOWED = {*DETAILS, "local_start", "time_zone"}


def _occurrences(call: Call, scope: str, now: datetime) -> list[Call]:
    """The occurrences a scope reaches, not cancelled and not started, in order."""
    if scope not in (THIS, FOLLOWING, ALL):
        raise ValidationError({"scope": "Choose which calls to change."})
    if call.series_id is None or scope == THIS:
        return [call]
    calls = Call.objects.filter(series_id=call.series_id, cancelled_at=None, starts_at__gt=now)
    if scope == FOLLOWING:
        calls = calls.filter(starts_at__gte=call.starts_at)
    return list(calls.select_related("group", "series").order_by("starts_at", "id"))


def _refuse_done(call: Call, now: datetime) -> None:
    if call.is_cancelled:
        raise ValidationError({"__all__": "This call was cancelled."})
    if call.starts_at <= now:
        raise ValidationError({"__all__": "This call has started: it can no longer change."})


def _moves(call: Call, changes: dict, now: datetime):
    """How the start moves: (days to add, new wall-clock time, new zone), or None. Applied to
    every occurrence in the series' zone, so "10:00 instead of 9:00" stays 10:00 on each side
    of a daylight-saving change."""
    zone_name = changes.get("time_zone", call.time_zone)
    zone = zone_named(zone_name)
    new_local = changes.get("local_start") or to_local(call.starts_at, zone_named(call.time_zone))
    if new_local.tzinfo is not None:
        raise ValidationError({"local_start": "Give the date and time on the wall clock."})
    if to_instant(new_local, zone) <= now:
        raise ValidationError({"local_start": "That time has passed: choose a later one."})
    old_local = to_local(call.starts_at, zone_named(call.time_zone))
    if new_local == old_local and zone_name == call.time_zone:
        return None
    return (new_local.date() - old_local.date()).days, new_local.time(), zone_name


def _moved(occurrence: Call, move) -> tuple[datetime, str]:
    days, wall, zone_name = move
    local = to_local(occurrence.starts_at, zone_named(occurrence.time_zone))
    local = datetime.combine(local.date() + timedelta(days=days), wall)
    return to_instant(local, zone_named(zone_name)), zone_name


def _split_series(call: Call, calls: list[Call], move) -> None:
    """A new time for "this and following" starts a new series from this call, so each series
    still describes its own calls truly."""
    series, moving = call.series, [c.pk for c in calls]
    if series.occurrences.exclude(pk__in=moving).exists():
        if series.count:
            series.count -= len(calls)
            series.save(update_fields=["count"])
        series = CallSeries.objects.create(
            group=call.group, repeat=series.repeat, time_zone=series.time_zone,
            first_local_start=series.first_local_start, until=series.until,
            count=len(calls) if series.count else None, created_by=series.created_by,
        )  # fmt: skip
        Call.objects.filter(pk__in=moving).update(series=series)
    start, zone_name = _moved(calls[0], move)
    series.first_local_start = stored_wall_clock(to_local(start, zone_named(zone_name)))
    series.time_zone = zone_name
    series.save(update_fields=["first_local_start", "time_zone"])


def call_edit(
    *, call: Call, by: User, scope: str = THIS, membership: InHand = UNKNOWN, **changes
) -> list[Call]:
    """Change a call, this and the following calls of its series, or all of it still to
    come (`changes`: title, agenda, local_start, time_zone, duration_minutes, join_url,
    capacity, reminder_offsets); returns the occurrences that changed."""
    require_scheduler(by, call.group, membership)
    if unknown := set(changes) - ALLOWED:
        raise TypeError(f"call_edit cannot change {sorted(unknown)}")
    now = timezone.now()
    _refuse_done(call, now)
    current = {
        "title": call.title, "agenda": call.agenda_markdown, "join_url": call.join_url,
        "duration_minutes": call.duration_minutes, "capacity": call.capacity,
        "reminder_offsets": call.reminder_offsets,
    }  # fmt: skip
    details = {name: changes[name] for name in DETAILS if name in changes}
    fields = clean_details(**{**current, **details})
    if "agenda" not in details:
        fields.pop("agenda_markdown"), fields.pop("agenda_html")
    fields = {
        name: value for name, value in fields.items()
        if name in details or (name.startswith("agenda_") and "agenda" in details)
    }  # fmt: skip
    move = _moves(call, changes, now)
    changed = []
    with transaction.atomic():
        calls = _occurrences(call, scope, now)
        if move and call.series_id and scope != THIS:
            _split_series(call, calls, move)
        for occurrence in calls:
            new = dict(fields)
            if move:
                new["starts_at"], new["time_zone"] = _moved(occurrence, move)
            new = {k: v for k, v in new.items() if getattr(occurrence, k) != v}
            if not new:
                continue
            for name, value in new.items():
                setattr(occurrence, name, value)
            occurrence.sequence += 1
            occurrence.updated_at = now
            occurrence.save(update_fields=[*new, "sequence", "updated_at"])
            changed.append(occurrence)
        for occurrence in changed:
            transaction.on_commit(
                lambda occurrence=occurrence: notifying_calls.call_changed(
                    call=occurrence, actor=by
                )
            )
    return changed


def call_cancel(
    *, call: Call, by: User, scope: str = THIS, membership: InHand = UNKNOWN
) -> list[Call]:
    """Cancel a call, or it and the following calls of its series; the rows stay (struck
    through on the pages, STATUS:CANCELLED in calendars) and those coming are told."""
    require_scheduler(by, call.group, membership)
    if scope not in (THIS, FOLLOWING):
        raise ValidationError({"scope": "Choose which calls to cancel."})
    now = timezone.now()
    _refuse_done(call, now)
    with transaction.atomic():
        calls = _occurrences(call, scope, now)
        for occurrence in calls:
            occurrence.cancelled_at, occurrence.cancelled_by = now, by
            occurrence.sequence += 1
            occurrence.updated_at = now
            occurrence.save(
                update_fields=["cancelled_at", "cancelled_by", "sequence", "updated_at"]
            )
            transaction.on_commit(
                lambda occurrence=occurrence: notifying_calls.call_cancelled(
                    call=occurrence, actor=by
                )
            )
    return calls
