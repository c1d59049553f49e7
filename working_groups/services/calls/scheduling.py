"""A group's leads (and the staff) schedule a call, once or as a series: every occurrence is
its own row, made at once, so each has its own RSVPs, reminders, notes and cancellation."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from members.models import User
from working_groups import notifying_calls
from working_groups.access import UNKNOWN, InHand, can_moderate
from working_groups.models import Call, CallSeries, WorkingGroup
from working_groups.services.calls.recurrence import (
    instants,
    stored_wall_clock,
    to_instant,
    zone_named,
)
from working_groups.services.text import render_body

MIN_DURATION, MAX_DURATION = 5, 8 * 60
MAX_REMINDERS, MAX_REMINDER_MINUTES = 4, 7 * 24 * 60


def require_scheduler(by: User, group: WorkingGroup, membership: InHand = UNKNOWN) -> None:
    if not can_moderate(by, group, membership):
        raise PermissionDenied("Only this group's leads and the staff schedule its calls.")


def clean_details(*, title, agenda, duration_minutes, join_url, capacity, reminder_offsets) -> dict:
    """The fields of a call as stored, every error at its field at once (ValidationError
    with a dict): a lead fixes them all in one go."""
    errors, fields = {}, {}
    fields["title"] = " ".join((title or "").split())
    if not fields["title"]:
        errors["title"] = "Give the call a title."
    elif len(fields["title"]) > 200:
        errors["title"] = "Keep the title under 200 characters."
    fields["agenda_markdown"], fields["agenda_html"] = "", ""
    if (agenda or "").strip():
        try:
            text = render_body(agenda)
            fields["agenda_markdown"], fields["agenda_html"] = text.source, text.html
        except ValidationError as error:
            errors["agenda"] = error.message_dict["body"]
    fields["duration_minutes"] = duration_minutes
    if not isinstance(duration_minutes, int) or not (
        MIN_DURATION <= duration_minutes <= MAX_DURATION
    ):
        errors["duration_minutes"] = f"Between {MIN_DURATION} minutes and 8 hours."
    fields["join_url"] = (join_url or "").strip()
    if fields["join_url"]:
        try:
            URLValidator(schemes=["https", "http"])(fields["join_url"])
        except ValidationError:
            errors["join_url"] = "Paste the full link, starting with https://."
    fields["capacity"] = capacity
    if capacity is not None and capacity < 1:
        errors["capacity"] = "At least one person, or leave it empty for no limit."
    offsets = sorted(set(reminder_offsets or ()), reverse=True)
    fields["reminder_offsets"] = offsets
    if len(offsets) > MAX_REMINDERS:
        errors["reminder_offsets"] = f"Choose at most {MAX_REMINDERS} reminders."
    elif any(not 0 <= minutes <= MAX_REMINDER_MINUTES for minutes in offsets):
        errors["reminder_offsets"] = "Reminders go out at most a week before the call."
    if errors:
        raise ValidationError(errors)
    return fields


def clean_start(*, local_start: datetime, time_zone: str, **series) -> list[datetime]:
    """The UTC instants of the call or series, the first one in the future."""
    if local_start is None or local_start.tzinfo is not None:
        raise ValidationError({"local_start": "Give the date and time on the wall clock."})
    errors = {}
    if to_instant(local_start, zone_named(time_zone)) <= timezone.now():
        errors["local_start"] = "That time has passed: choose a later one."
    try:
        starts = instants(first=local_start, time_zone=time_zone, **series)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return starts


def call_schedule(
    *,
    group: WorkingGroup,
    by: User,
    title: str,
    agenda: str,
    local_start: datetime,
    time_zone: str,
    duration_minutes: int,
    join_url: str,
    capacity: int | None,
    reminder_offsets,
    repeat: str = "",
    until: date | None = None,
    count: int | None = None,
    membership: InHand = UNKNOWN,
) -> list[Call]:
    """Schedule a call at a wall-clock time in a zone, or a series of them; the group's
    members are invited once it is saved."""
    require_scheduler(by, group, membership)
    errors = {}
    try:
        fields = clean_details(
            title=title, agenda=agenda, duration_minutes=duration_minutes, join_url=join_url,
            capacity=capacity, reminder_offsets=reminder_offsets,
        )  # fmt: skip
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        starts = clean_start(
            local_start=local_start, time_zone=time_zone, repeat=repeat, until=until, count=count
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        series = None
        if repeat:
            series = CallSeries.objects.create(
                group=group, repeat=repeat, time_zone=time_zone,
                first_local_start=stored_wall_clock(local_start),
                until=until if count is None else None, count=count, created_by=by, created_at=now,
            )  # fmt: skip
        calls = Call.objects.bulk_create(
            Call(
                group=group,
                series=series,
                starts_at=start,
                time_zone=time_zone,
                created_by=by,
                created_at=now,
                updated_at=now,
                **fields,
            )
            for start in starts
        )
        transaction.on_commit(lambda: notifying_calls.calls_scheduled(calls=calls, actor=by))
    return calls
