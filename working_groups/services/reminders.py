"""Call reminders: the beat's sweep finds the calls whose reminder moment has come and tells
those who answered Going or Maybe. Each (occurrence, offset, member) is told once whoever
runs the sweep and however often: the ledger's unique (user, event key) is the claim."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Func, IntegerField
from django.db.models.expressions import RawSQL

from working_groups import notifying_calls
from working_groups.models import Call


def due_offset(*, call: Call, now: datetime) -> int | None:
    """The reminder due now: the nearest offset whose moment has passed before the start.
    An earlier one that the next has overtaken is skipped (a call scheduled 50 minutes ahead
    gets its one-hour reminder, not its day-before one too)."""
    if call.is_cancelled or call.starts_at <= now:
        return None
    passed = [o for o in call.reminder_offsets if call.starts_at - timedelta(minutes=o) <= now]
    return min(passed) if passed else None


def reminders_send_due(*, now: datetime) -> int:
    """Tell Going and Maybe members of every call whose reminder is due. Returns how many
    members were told now (0 on a second run)."""
    # The calls to come whose earliest reminder moment has passed: the largest offset of each
    # call, read from its array in the query.
    largest = Func(
        RawSQL("(SELECT max(o) FROM unnest(reminder_offsets) o)", []),
        function="",
        output_field=IntegerField(),
    )
    calls = (
        Call.objects.filter(cancelled_at=None, starts_at__gt=now)
        .alias(largest=largest)
        .filter(largest__isnull=False)
        .filter(starts_at__lte=now + F("largest") * timedelta(minutes=1))
        .select_related("group")
        .order_by("starts_at", "id")
    )
    told = 0
    for call in calls:
        offset = due_offset(call=call, now=now)
        if offset is None:
            continue
        with transaction.atomic():
            told += notifying_calls.call_reminder(call=call, offset=offset)
    return told
