"""The series' arithmetic: the wall clock stays, the UTC instant moves across daylight-saving
changes, in both hemispheres; gaps move forward, ambiguous times take the first."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from working_groups.models import CallSeries
from working_groups.services.calls.recurrence import (
    MAX_OCCURRENCES,
    describe_series,
    instants,
    local_starts,
    to_instant,
    zone_named,
)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_a_new_york_weekly_call_keeps_10_00_across_the_november_change():
    starts = instants(
        first=datetime(2026, 10, 20, 10), time_zone="America/New_York", repeat="weekly", count=4
    )
    # EDT (UTC-4) until 1 November, then EST (UTC-5): the instant moves an hour later.
    assert starts == [utc(2026, 10, 20, 14), utc(2026, 10, 27, 14), utc(2026, 11, 3, 15),
                      utc(2026, 11, 10, 15)]  # fmt: skip


def test_a_new_york_weekly_call_keeps_10_00_across_the_march_change():
    starts = instants(
        first=datetime(2026, 3, 1, 10), time_zone="America/New_York", repeat="weekly", count=2
    )
    assert starts == [utc(2026, 3, 1, 15), utc(2026, 3, 8, 14)]


def test_a_berlin_fortnightly_call_keeps_its_time_across_both_changes():
    spring = instants(
        first=datetime(2026, 3, 17, 16), time_zone="Europe/Berlin", repeat="fortnightly", count=2
    )
    assert spring == [utc(2026, 3, 17, 15), utc(2026, 3, 31, 14)]
    autumn = instants(
        first=datetime(2026, 10, 20, 16), time_zone="Europe/Berlin", repeat="fortnightly", count=2
    )
    assert autumn == [utc(2026, 10, 20, 14), utc(2026, 11, 3, 15)]


def test_a_sydney_call_moves_the_other_way_in_april_and_october():
    # Southern hemisphere: daylight saving ends on 5 April 2026 and starts on 4 October 2026.
    april = instants(
        first=datetime(2026, 3, 31, 9), time_zone="Australia/Sydney", repeat="weekly", count=2
    )
    assert april == [utc(2026, 3, 30, 22), utc(2026, 4, 6, 23)]
    october = instants(
        first=datetime(2026, 9, 29, 9), time_zone="Australia/Sydney", repeat="weekly", count=2
    )
    assert october == [utc(2026, 9, 28, 23), utc(2026, 10, 5, 22)]


def test_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap():
    # 02:30 on 8 March 2026 never happens in New York: it is read as 03:30 EDT.
    instant = to_instant(datetime(2026, 3, 8, 2, 30), zone_named("America/New_York"))
    assert instant == utc(2026, 3, 8, 7, 30)
    assert instant.astimezone(zone_named("America/New_York")).hour == 3


def test_an_ambiguous_time_takes_the_first_of_the_two():
    # 01:30 on 1 November 2026 happens twice in New York: first in EDT (05:30 UTC).
    assert to_instant(datetime(2026, 11, 1, 1, 30), zone_named("America/New_York")) == utc(
        2026, 11, 1, 5, 30
    )


def test_monthly_is_the_same_weekday_of_the_month():
    starts = local_starts(first=datetime(2026, 1, 13, 9), repeat="monthly", until=date(2026, 4, 30))
    # The 2nd Tuesday of each month.
    assert [s.day for s in starts] == [13, 10, 10, 14]


def test_monthly_on_a_fifth_weekday_is_the_last_of_each_month():
    starts = local_starts(first=datetime(2026, 1, 30, 9), repeat="monthly", count=3)
    assert [s.date() for s in starts] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]


def test_a_series_must_end_and_stay_within_the_cap():
    first = datetime(2026, 1, 6, 9)
    with pytest.raises(ValidationError) as error:
        local_starts(first=first, repeat="weekly")
    assert "until" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        local_starts(first=first, repeat="weekly", count=MAX_OCCURRENCES + 1)
    assert "count" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        local_starts(first=first, repeat="weekly", until=date(2027, 6, 1))
    assert "more than 52" in error.value.message_dict["until"][0]
    assert len(local_starts(first=first, repeat="weekly", count=MAX_OCCURRENCES)) == 52


def test_an_unknown_zone_is_a_field_error():
    with pytest.raises(ValidationError) as error:
        instants(first=datetime(2026, 1, 6, 9), time_zone="Mars/Olympus")
    assert "time_zone" in error.value.message_dict


def test_a_series_describes_itself_in_its_own_words():
    series = CallSeries(
        repeat="weekly", time_zone="America/New_York",
        first_local_start=datetime(2026, 6, 2, 10), until=date(2026, 6, 30),
    )  # fmt: skip
    assert describe_series(series) == (
        "Every week on Tuesday at 10:00 New York time until 30 June 2026"
    )
    series.repeat, series.until, series.count = "monthly", None, 6
    assert (
        describe_series(series) == "Every month on the 1st Tuesday at 10:00 New York time, 6 calls"
    )
