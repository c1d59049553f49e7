"""A series' occurrences, computed in its own wall clock: dateutil's rrule steps the local
date and time ("every Tuesday at 10:00"), and zoneinfo turns each into an instant, so a 10:00
New York call stays 10:00 in New York while its UTC instant moves with daylight saving."""

import calendar
import zoneinfo
from datetime import UTC, date, datetime, time
from itertools import islice

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.core.exceptions import ValidationError

from working_groups.models import CallSeries

# A series is scheduled a year at a time at most: its rows are made at once.
MAX_OCCURRENCES = 52
REPEAT = CallSeries.Repeat
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone called `name`; a field error for anything the zone database lacks."""
    if name not in _known_zones():
        raise ValidationError({"time_zone": "Choose a time zone from the list."})
    return zoneinfo.ZoneInfo(name)


def _known_zones() -> frozenset[str]:
    from members.models import TIME_ZONES

    return frozenset(TIME_ZONES)


def to_instant(local: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a naive wall-clock time in `zone`. fold=0 does what people expect at
    both changes: a time in the spring-forward gap (02:30 that never happens) is read with the
    offset before the change, so it lands the gap's length later (03:30); an ambiguous time in
    the autumn (01:30 twice) is the first of the two."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def to_local(instant: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The naive wall-clock time of an instant in `zone`."""
    return instant.astimezone(zone).replace(tzinfo=None)


def stored_wall_clock(local: datetime) -> datetime:
    """A naive wall-clock time as CallSeries.first_local_start keeps it: its digits labelled
    UTC, as the column is a timestamp (Django warns of naive ones); `wall_clock` reads it."""
    return local.replace(tzinfo=UTC)


def wall_clock(series: CallSeries) -> datetime:
    """The series' first wall-clock start, naive (in the series' own zone)."""
    return series.first_local_start.replace(tzinfo=None)


def monthly_position(first: date) -> int:
    """Which of its month's weekdays `first` is: 1..4, or -1 when it is the 5th (and so the
    last; a "5th Friday" rule would skip the months that have four)."""
    nth = (first.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def _rule(first: datetime, repeat: str, until: date | None, count: int | None) -> rrule:
    last = datetime.combine(until, time.max) if until else None
    if repeat == REPEAT.MONTHLY:
        by_day = weekday(first.weekday(), monthly_position(first.date()))
        return rrule(MONTHLY, dtstart=first, byweekday=by_day, until=last, count=count)
    interval = 2 if repeat == REPEAT.FORTNIGHTLY else 1
    return rrule(WEEKLY, dtstart=first, interval=interval, until=last, count=count)


def local_starts(
    *, first: datetime, repeat: str, until: date | None = None, count: int | None = None
) -> list[datetime]:
    """The naive wall-clock starts of a series (one start when `repeat` is empty), validated:
    it must end (a date or a count) and hold at most MAX_OCCURRENCES calls."""
    if not repeat:
        return [first]
    if repeat not in REPEAT.values:
        raise ValidationError({"repeat": "Choose how the call repeats from the list."})
    if count is not None:
        until = None  # a count says it all (RFC 5545 forbids both in one rule)
    if until is None and count is None:
        raise ValidationError({"until": "Say when the series ends: a date or a number of calls."})
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise ValidationError({"count": f"Choose between 1 and {MAX_OCCURRENCES} calls."})
    if until is not None and until < first.date():
        raise ValidationError({"until": "The series must end on or after its first call."})
    # One more than allowed tells a too-long `until` without stepping through all of it.
    starts = list(islice(_rule(first, repeat, until, count), MAX_OCCURRENCES + 1))
    if len(starts) > MAX_OCCURRENCES:
        raise ValidationError(
            {"until": f"That is more than {MAX_OCCURRENCES} calls: end the series earlier."}
        )
    return starts


def instants(
    *, first: datetime, time_zone: str, repeat: str = "", until=None, count=None
) -> list[datetime]:
    """The UTC instants of a series (or of one call) starting at the naive `first` in
    `time_zone`."""
    zone = zone_named(time_zone)
    return [
        to_instant(local, zone)
        for local in local_starts(first=first, repeat=repeat, until=until, count=count)
    ]


def zone_label(name: str) -> str:
    """A zone as people say it: "America/New_York" is "New York"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def describe_series(series: CallSeries) -> str:
    """ "Every week on Tuesday at 10:00 New York time until 30 June 2027" (or "for 8 calls")."""
    first = wall_clock(series)
    day = calendar.day_name[first.weekday()]
    if series.repeat == REPEAT.MONTHLY:
        nth = ORDINALS[monthly_position(first.date())]
        how = f"Every month on the {nth} {day}"
    elif series.repeat == REPEAT.FORTNIGHTLY:
        how = f"Every two weeks on {day}"
    else:
        how = f"Every week on {day}"
    text = f"{how} at {first:%H:%M} {zone_label(series.time_zone)} time"
    if series.until:
        return f"{text} until {series.until.day} {series.until:%B %Y}"
    return f"{text}, {series.count} call{'s' if series.count != 1 else ''}"
