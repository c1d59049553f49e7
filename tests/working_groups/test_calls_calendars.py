"""The .ics of one call and of a series: each parses with the icalendar package, holds the call
at its UTC instant in the call's own zone (with that zone's VTIMEZONE), keeps its UID through
edits while SEQUENCE rises, says CANCELLED when cancelled, and carries the join link only for
the group's members. A closed group's calls are nobody else's to download."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MemberFactory, make_call, make_group, make_series
from working_groups import services

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.com/process-sync"


def call_ics(call):
    return reverse("working_groups:call_ics", args=[call.group.slug, call.pk])


def series_ics(series):
    return reverse("working_groups:series_ics", args=[series.group.slug, series.pk])


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def the_event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.fixture
def soon():
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)


def test_a_members_file_holds_the_call_at_its_instant_in_its_own_zone(
    member_client, in_group, group, soon
):
    call = make_call(group=group, starts_at=soon, time_zone="America/New_York", join_url=JOIN)
    response = member_client.get(call_ics(call))
    calendar = parsed(response)
    assert str(calendar["PRODID"]).startswith("-//Product Ops Alliance//")
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    event = the_event(calendar)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == call.starts_at and end == call.starts_at + timedelta(minutes=60)
    assert start.tzinfo == ZoneInfo("America/New_York")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert str(event["UID"]) == call.uid
    assert event.decoded("SEQUENCE") == 0
    assert "DTSTAMP" in event
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Monthly sync · Process"
    assert str(event["LOCATION"]) == JOIN
    page = f"http://testserver/groups/process/calls/{call.pk}/"
    assert str(event["URL"]) == page
    assert "Intake rituals" in str(event["DESCRIPTION"])
    assert page in str(event["DESCRIPTION"])
    day = call.starts_at.date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="process-monthly-sync-{day}.ics"'
    )
    assert "private" in response["Cache-Control"]


def test_the_uid_stays_and_the_sequence_rises_when_the_call_changes(
    member_client, in_group, group, lead, soon
):
    call = make_call(group=group, starts_at=soon)
    before = the_event(parsed(member_client.get(call_ics(call))))
    services.call_edit(call=call, by=lead, title="Monthly sync, moved")
    after = the_event(parsed(member_client.get(call_ics(call))))
    assert str(after["UID"]) == str(before["UID"]) == call.uid
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert str(after["SUMMARY"]) == "Monthly sync, moved · Process"


def test_a_cancelled_call_says_cancelled_with_a_higher_sequence(
    member_client, in_group, group, lead, soon
):
    call = make_call(group=group, starts_at=soon)
    services.call_cancel(call=call, by=lead)
    event = the_event(parsed(member_client.get(call_ics(call))))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    assert str(event["UID"]) == call.uid


def test_a_reader_of_an_open_group_who_has_not_joined_gets_no_join_link(member_client, group, soon):
    call = make_call(group=group, starts_at=soon, join_url=JOIN)
    response = member_client.get(call_ics(call))
    event = the_event(parsed(response))
    assert "LOCATION" not in event
    assert JOIN.encode() not in response.content
    assert event.decoded("DTSTART") == call.starts_at


def test_a_closed_groups_call_is_not_found_by_those_outside_it(client, soon):
    lead = MemberFactory(name="Lena Lead")
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    call = make_call(group=closed, starts_at=soon, join_url=JOIN)
    series, _ = make_series(group=closed, starts_at=soon, weeks=2)
    client.force_login(MemberFactory(name="Oscar Outsider"))
    assert client.get(call_ics(call)).status_code == 404
    assert client.get(series_ics(series)).status_code == 404
    client.force_login(lead)
    assert str(the_event(parsed(client.get(call_ics(call))))["LOCATION"]) == JOIN


def test_a_visitor_is_asked_to_log_in(client, group, soon):
    call = make_call(group=group, starts_at=soon)
    response = client.get(call_ics(call))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_call_of_another_group_is_not_found_under_this_one(member_client, in_group, soon):
    other = make_group(name="Tooling")
    call = make_call(group=other, starts_at=soon)
    url = reverse("working_groups:call_ics", args=["process", call.pk])
    assert member_client.get(url).status_code == 404


def test_the_series_file_lists_every_occurrence_as_its_own_event(
    member_client, in_group, group, lead, soon
):
    series, calls = make_series(group=group, starts_at=soon, weeks=4, join_url=JOIN)
    services.call_cancel(call=calls[2], by=lead)
    response = member_client.get(series_ics(series))
    calendar = parsed(response)
    events = calendar.walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [call.uid for call in calls]
    assert [event.decoded("DTSTART") for event in events] == [call.starts_at for call in calls]
    assert [str(event["STATUS"]) for event in events] == [
        "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED",
    ]  # fmt: skip
    assert all("RRULE" not in event for event in events)
    assert all(str(event["LOCATION"]) == JOIN for event in events)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert response["Content-Disposition"] == (
        'attachment; filename="process-weekly-sync-series.ics"'
    )


def test_a_series_across_daylight_saving_keeps_its_wall_clock_in_the_file(
    member_client, in_group, group, lead
):
    # 10:00 New York every week, two calls before next year's first Sunday of November (when
    # the clocks go back) and two after: the UTC instant moves an hour, the wall clock stays.
    year = timezone.now().year + 1
    first_sunday = next(
        day for day in (date(year, 11, 1) + timedelta(days=n) for n in range(7))
        if day.weekday() == 6
    )  # fmt: skip
    first = datetime.combine(first_sunday - timedelta(days=13), time(10, 0))
    calls = services.call_schedule(
        group=group, by=lead, title="Weekly sync", agenda="", time_zone="America/New_York",
        local_start=first, duration_minutes=45, join_url=JOIN, capacity=None,
        reminder_offsets=[60], repeat="weekly", count=4,
    )  # fmt: skip
    events = parsed(member_client.get(series_ics(calls[0].series))).walk("VEVENT")
    starts = [event.decoded("DTSTART") for event in events]
    assert starts == [call.starts_at for call in calls]
    assert {start.strftime("%H:%M") for start in starts} == {"10:00"}
    assert [start.astimezone(ZoneInfo("UTC")).hour for start in starts] == [14, 14, 15, 15]


def test_a_member_who_has_not_joined_the_series_group_gets_no_join_link_in_it(
    member_client, group, soon
):
    series, _ = make_series(group=group, starts_at=soon, weeks=2, join_url=JOIN)
    response = member_client.get(series_ics(series))
    assert len(parsed(response).walk("VEVENT")) == 2
    assert JOIN.encode() not in response.content


def test_staff_read_a_closed_groups_call_but_not_its_join_link(staff_client, soon):
    closed = make_group(name="Insights", join_policy="request")
    call = make_call(group=closed, starts_at=soon, join_url=JOIN)
    response = staff_client.get(call_ics(call))
    assert "LOCATION" not in the_event(parsed(response))
