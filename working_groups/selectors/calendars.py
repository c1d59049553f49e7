"""Reads for the calendar files: a series' occurrences, and a member's personal feed, each in
a fixed number of queries."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from working_groups.access import readable_group_ids
from working_groups.models import CalendarToken, Call, GroupMembership, Rsvp
from working_groups.services.calendar_tokens import token_hash

# How far back the personal feed reaches: last month's calls stay in the member's calendar.
FEED_PAST = timedelta(days=30)


def series_calls(*, series) -> list[Call]:
    """Every occurrence of a series, cancelled ones too (a calendar must learn of those), in
    order: one query."""
    return list(
        Call.objects.filter(series=series).select_related("group").order_by("starts_at", "id")
    )


def has_calendar_feed(*, user) -> bool:
    """Whether the member has a live feed secret: one query."""
    return CalendarToken.objects.filter(user=user).exists()


def feed_owner(*, token: str):
    """The member whose live feed secret this is, or None: one query (the profile with it, for
    the role check)."""
    found = (
        CalendarToken.objects.filter(token_hash=token_hash(token), user__is_active=True)
        .select_related("user__profile")
        .first()
    )
    return found.user if found else None


def feed_calls(*, user) -> list[Call]:
    """The calls of the member's groups that they said Going or Maybe to, from FEED_PAST ago
    on, cancelled ones too: two queries (the groups they may read, then the calls). A group
    they left, or may no longer read, drops out of the feed."""
    answered = Rsvp.objects.filter(
        call=OuterRef("pk"), user=user, answer__in=[Rsvp.Answer.GOING, Rsvp.Answer.MAYBE]
    )
    active = GroupMembership.objects.filter(
        group=OuterRef("group_id"), user=user, state=GroupMembership.State.ACTIVE
    )
    calls = Call.objects.filter(
        group_id__in=readable_group_ids(viewer=user),
        starts_at__gte=timezone.now() - FEED_PAST,
    ).filter(Exists(answered), Exists(active))
    return list(calls.select_related("group").order_by("starts_at", "id"))
