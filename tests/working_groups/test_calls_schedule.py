"""Scheduling, editing and cancelling calls through the services: who may, what is refused at
which field, and what each scope of an edit or a cancellation reaches."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from working_groups import services
from working_groups.models import Call, CallSeries
from working_groups.services.calls.recurrence import wall_clock

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.now().year + 1
NEW_YORK = ZoneInfo("America/New_York")


def two_weeks_before_november_change() -> datetime:
    """10:00 on the Tuesday 12 days before New York leaves daylight saving (the first Sunday
    of November) next year: weekly calls fall twice before the change and twice after."""
    first = date(NEXT_YEAR, 11, 1)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return datetime.combine(sunday - timedelta(days=12), time(10))


def schedule(group, by, **fields):
    fields = {
        "title": "Intake rituals", "agenda": "1. **Intake**\n2. Tooling",
        "local_start": two_weeks_before_november_change(), "time_zone": "America/New_York",
        "duration_minutes": 60, "join_url": "https://meet.example.com/intake",
        "capacity": None, "reminder_offsets": [1440, 60], **fields,
    }  # fmt: skip
    return services.call_schedule(group=group, by=by, **fields)


def test_a_lead_schedules_one_call_at_a_wall_clock_time(
    group, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (call,) = schedule(group, lead)
    assert call.starts_at == datetime.combine(
        two_weeks_before_november_change().date(), time(14), tzinfo=UTC
    )
    assert call.series is None and call.sequence == 0 and call.created_by == lead
    assert "<strong>Intake</strong>" in call.agenda_html
    assert len(callbacks) == 1  # the invitations, once the call is saved


def test_staff_schedule_too(group, staff):
    assert len(schedule(group, staff)) == 1


def test_a_member_who_does_not_lead_is_refused(group, in_group):
    with pytest.raises(PermissionDenied):
        schedule(group, in_group)
    assert not Call.objects.exists()


def test_a_weekly_series_keeps_the_wall_clock_and_moves_the_instant(group, lead):
    calls = schedule(group, lead, repeat="weekly", count=4)
    assert [c.starts_at.hour for c in calls] == [14, 14, 15, 15]  # EDT, then EST
    assert {c.starts_at.astimezone(NEW_YORK).hour for c in calls} == {10}
    series = CallSeries.objects.get()
    assert {c.series_id for c in calls} == {series.pk}
    assert len({c.uid for c in calls}) == 4
    assert wall_clock(series) == two_weeks_before_november_change()


def test_bad_input_is_refused_at_each_field(group, lead):
    with pytest.raises(ValidationError) as error:
        schedule(
            group, lead, title=" ", time_zone="Nowhere/City", duration_minutes=2,
            capacity=0, reminder_offsets=[1, 2, 3, 4, 5], join_url="not a link",
        )  # fmt: skip
    assert set(error.value.message_dict) == {
        "title", "time_zone", "duration_minutes", "capacity", "reminder_offsets", "join_url",
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        schedule(group, lead, duration_minutes=481, reminder_offsets=[10081])
    assert set(error.value.message_dict) == {"duration_minutes", "reminder_offsets"}


def test_a_start_in_the_past_is_refused(group, lead):
    with pytest.raises(ValidationError) as error:
        schedule(group, lead, local_start=datetime(2020, 1, 1, 10))
    assert "local_start" in error.value.message_dict


def test_a_series_beyond_52_calls_is_refused_at_its_end(group, lead):
    with pytest.raises(ValidationError) as error:
        schedule(group, lead, repeat="weekly", until=date(NEXT_YEAR + 2, 1, 1))
    assert "until" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        schedule(group, lead, repeat="weekly", count=53)
    assert "count" in error.value.message_dict
    assert not CallSeries.objects.exists()


# --- Editing ------------------------------------------------------------------------------


def test_editing_one_call_raises_its_sequence_only(group, lead):
    calls = schedule(group, lead, repeat="weekly", count=3)
    changed = services.call_edit(call=calls[1], by=lead, scope="this", title="Tooling audit")
    assert [c.pk for c in changed] == [calls[1].pk]
    rows = list(Call.objects.order_by("starts_at"))
    assert [c.title for c in rows] == ["Intake rituals", "Tooling audit", "Intake rituals"]
    assert [c.sequence for c in rows] == [0, 1, 0]
    assert rows[1].updated_at > rows[0].updated_at


def test_this_and_following_moves_each_to_the_new_wall_clock_time(group, lead):
    calls = schedule(group, lead, repeat="weekly", count=4)
    moved = datetime.combine(calls[1].starts_at.astimezone(NEW_YORK).date(), time(11, 30))
    services.call_edit(
        call=calls[1], by=lead, scope="following",
        local_start=moved, time_zone="America/New_York",
    )  # fmt: skip
    rows = list(Call.objects.order_by("starts_at"))
    local = [c.starts_at.astimezone(NEW_YORK) for c in rows]
    assert [(t.hour, t.minute) for t in local] == [(10, 0), (11, 30), (11, 30), (11, 30)]
    utc_hours = [(c.starts_at.hour, c.starts_at.minute) for c in rows]
    assert utc_hours == [(14, 0), (15, 30), (16, 30), (16, 30)]
    assert [c.sequence for c in rows] == [0, 1, 1, 1]
    # The following calls form their own series, which says their new time.
    assert rows[0].series_id != rows[1].series_id == rows[3].series_id
    assert wall_clock(rows[1].series) == moved


def test_all_changes_every_call_still_to_come(group, lead):
    calls = schedule(group, lead, repeat="weekly", count=3)
    changed = services.call_edit(call=calls[2], by=lead, scope="all", capacity=12)
    assert len(changed) == 3
    assert set(Call.objects.values_list("capacity", "sequence")) == {(12, 1)}


def test_an_edit_that_changes_nothing_raises_no_sequence(group, lead):
    (call,) = schedule(group, lead)
    assert services.call_edit(call=call, by=lead, title="Intake rituals") == []
    call.refresh_from_db()
    assert call.sequence == 0


def test_a_member_may_not_edit_and_bad_edits_are_refused(group, lead, in_group):
    (call,) = schedule(group, lead)
    with pytest.raises(PermissionDenied):
        services.call_edit(call=call, by=in_group, title="Mine now")
    with pytest.raises(ValidationError) as error:
        services.call_edit(call=call, by=lead, duration_minutes=1)
    assert "duration_minutes" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.call_edit(call=call, by=lead, local_start=datetime(2020, 1, 1, 9))


# --- Cancelling ---------------------------------------------------------------------------


def test_cancelling_one_call_keeps_the_row_and_raises_its_sequence(
    group, lead, django_capture_on_commit_callbacks
):
    calls = schedule(group, lead, repeat="weekly", count=3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.call_cancel(call=calls[1], by=lead, scope="this")
    rows = list(Call.objects.order_by("starts_at"))
    assert [c.is_cancelled for c in rows] == [False, True, False]
    assert rows[1].sequence == 1 and rows[1].cancelled_by == lead
    assert len(callbacks) == 1


def test_cancelling_this_and_following(group, lead):
    calls = schedule(group, lead, repeat="weekly", count=4)
    cancelled = services.call_cancel(call=calls[1], by=lead, scope="following")
    assert len(cancelled) == 3
    assert [c.is_cancelled for c in Call.objects.order_by("starts_at")] == [False, True, True, True]


def test_a_cancelled_or_past_call_does_not_change(group, lead, in_group):
    (call,) = schedule(group, lead)
    with pytest.raises(PermissionDenied):
        services.call_cancel(call=call, by=in_group)
    services.call_cancel(call=call, by=lead)
    with pytest.raises(ValidationError):
        services.call_cancel(call=call, by=lead)
    with pytest.raises(ValidationError):
        services.call_edit(call=call, by=lead, title="Back on")
    Call.objects.filter(pk=call.pk).update(
        cancelled_at=None, starts_at=timezone.now() - timedelta(hours=2)
    )
    call.refresh_from_db()
    with pytest.raises(ValidationError):
        services.call_cancel(call=call, by=lead)
