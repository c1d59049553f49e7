"""Calls as pages show them: a group's upcoming and past calls, one call, the group page's
next call, a member's next calls, and what local time a slot is for the group's members.
Each with its own joins, so a page's query count does not grow with the calls or RSVPs."""

import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from working_groups.models import Call, GroupMembership, Rsvp, WorkingGroup

PAST_SHOWN = 20
# A weekly series for a year is fifty calls: the list shows the next ten, and all on asking.
UPCOMING_SHOWN = 10
LONGEST = timedelta(hours=8)  # no call lasts longer (services.calls.scheduling.MAX_DURATION)
GOING = Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.GOING))


@dataclass
class GroupCalls:
    upcoming: list[Call]
    past: list[Call]
    more_upcoming: bool = False


def _with_counts(calls):
    return calls.select_related("series").annotate(going_count=GOING)


def group_calls(*, group, now: datetime | None = None, every: bool = False) -> GroupCalls:
    """The group's next UPCOMING_SHOWN calls not yet over (`every`: all of them; cancelled ones
    too, struck through), soonest first, and its latest past calls: two queries."""
    now = now or timezone.now()
    calls = _with_counts(Call.objects.filter(group=group))
    # A call is past once it has ended: one running now is still "upcoming" (its join link).
    recent = calls.filter(starts_at__gte=now - LONGEST).order_by("starts_at", "id")
    if not every:  # enough to leave out those of the last LONGEST that are over, and to know
        recent = recent[: UPCOMING_SHOWN + 1 + 8]  # whether there are more
    upcoming = [c for c in recent if c.ends_at > now]
    more_upcoming = not every and len(upcoming) > UPCOMING_SHOWN
    upcoming = upcoming if every else upcoming[:UPCOMING_SHOWN]
    # The few still running are among the latest started: take enough to leave them out.
    past = calls.filter(starts_at__lt=now).order_by("-starts_at", "-id")[: PAST_SHOWN + 8]
    past = [c for c in past if c.ends_at <= now][:PAST_SHOWN]
    for call in (*upcoming, *past):
        call.group = group  # their links name it: no query each
    return GroupCalls(upcoming=upcoming, past=past, more_upcoming=more_upcoming)


def call_detail(*, call) -> Call:
    """The call with how many are going (the series came with the access lookup): one query."""
    call.going_count = call.rsvps.filter(answer=Rsvp.Answer.GOING).count()
    return call


NEXT_CALL = ("id", "title", "starts_at", "time_zone", "duration_minutes")


def groups_with_next_call():
    """Groups, each with its next call that is not cancelled and not over as `next_call_*`
    columns: read in the group's own query, so the group page costs no query more."""
    ends = ExpressionWrapper(
        F("starts_at") + F("duration_minutes") * timedelta(minutes=1),
        output_field=DateTimeField(),
    )
    upcoming = (
        Call.objects.filter(group=OuterRef("pk"), cancelled_at=None)
        .alias(ends_at=ends)
        .filter(ends_at__gt=Now())
        .order_by("starts_at", "id")
    )
    return WorkingGroup.objects.annotate(
        **{f"next_call_{name}": Subquery(upcoming.values(name)[:1]) for name in NEXT_CALL}
    )


def next_call_of(group) -> Call | None:
    """The next call a group from `groups_with_next_call` came with, or None."""
    if getattr(group, "next_call_id", None) is None:
        return None
    fields = {name: getattr(group, f"next_call_{name}") for name in NEXT_CALL}
    return Call(group=group, **fields)


def my_next_calls(*, viewer, limit: int = 5, now: datetime | None = None) -> list[Call]:
    """The viewer's next calls in the groups they are active in, with their own answer as
    `.my_answer` (or ""): one query."""
    if not viewer.is_authenticated:
        return []
    now = now or timezone.now()
    mine = GroupMembership.objects.filter(user=viewer, state=GroupMembership.State.ACTIVE)
    answer = Rsvp.objects.filter(call=OuterRef("pk"), user=viewer).values("answer")[:1]
    calls = (
        Call.objects.filter(
            group_id__in=mine.values("group_id"), cancelled_at=None, starts_at__gt=now
        )
        .select_related("group")
        .annotate(my_answer=Subquery(answer))
        .order_by("starts_at", "id")[:limit]
    )
    return list(calls)


@dataclass(frozen=True)
class MemberTime:
    """What the slot is on the clocks of `count` members in `zone`."""

    zone: str
    count: int
    local: datetime
    day_shift: int  # -1: the day before the call's own date, 1: the day after
    hour_note: str  # "early", "late" or ""

    @property
    def clock(self) -> str:
        # Formatted here: a template's |time would show it in the viewer's zone instead.
        return f"{self.local:%H:%M}"


def _hour_note(hour: int) -> str:
    if hour < 6 or hour >= 22:
        return "late"
    return "early" if hour < 8 else ""


def member_times(*, group, starts_at: datetime, time_zone: str) -> list[MemberTime]:
    """The group's active members counted by their profile's zone, with the slot's local
    time in each, the most members first: one query."""
    zones = Counter(
        dict(
            GroupMembership.objects.filter(group=group, state=GroupMembership.State.ACTIVE)
            .values_list("user__profile__time_zone")
            .annotate(n=Count("id"))
            .values_list("user__profile__time_zone", "n")
        )
    )
    own_date = starts_at.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    times = []
    for zone, count in zones.items():
        name = zone or "UTC"
        try:
            local = starts_at.astimezone(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        shift = (local.date() - own_date).days
        times.append(MemberTime(name, count, local, shift, _hour_note(local.hour)))
    return sorted(times, key=lambda t: (-t.count, t.local.utcoffset(), t.zone))
