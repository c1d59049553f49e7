"""Calls as iCalendar (RFC 5545), made with the `icalendar` package: one occurrence, a series,
or a member's personal feed. Each occurrence is its own VEVENT with its stable UID and its
SEQUENCE (raised on every change), so a calendar that imported it once updates it in place;
a series is listed occurrence by occurrence rather than as an RRULE, because occurrences may
differ (one moved, one cancelled, one retitled). Times carry the call's own zone (TZID) and
that zone's VTIMEZONE, so a 10:00 New York call stays 10:00 New York in any calendar."""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Product Ops Alliance//Working-group calls//EN"


def call_event(call, *, page_url: str, with_join_link: bool, stamp: datetime) -> Event:
    """One occurrence as a VEVENT; the join link only when the reader is one of its members."""
    zone = ZoneInfo(call.time_zone)
    event = Event()
    event.add("uid", call.uid)
    event.add("sequence", call.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", call.updated_at.astimezone(UTC))
    event.add("dtstart", call.starts_at.astimezone(zone))
    event.add("dtend", call.ends_at.astimezone(zone))
    event.add("summary", f"{call.title} · {call.group.name}")
    description = [call.agenda_markdown.strip(), f"Call page: {page_url}"]
    if with_join_link and call.join_url:
        description.insert(1, f"Join: {call.join_url}")
        event.add("location", call.join_url)
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", page_url)
    event.add("status", "CANCELLED" if call.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(
    calls: Iterable,
    *,
    name: str,
    page_url: Callable[[object], str],
    with_join_link: Callable[[object], bool],
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) of the calls, with the VTIMEZONE of every zone they use,
    as the bytes to serve. `page_url` and `with_join_link` answer for each call."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    calls = list(calls)
    for call in calls:
        calendar.add_component(
            call_event(
                call, page_url=page_url(call), with_join_link=with_join_link(call), stamp=stamp
            )
        )
    if calls:
        # Each zone's rules only around the calls' dates: the whole 1970-2038 history of a zone
        # would make every file a hundred lines longer for nothing.
        first = min(call.starts_at for call in calls).date() - timedelta(days=366)
        last = max(call.ends_at for call in calls).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
