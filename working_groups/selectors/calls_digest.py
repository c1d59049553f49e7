"""What the digest says about a member's calls (registered with notifications.digest by
WorkingGroupsConfig.ready): "Your upcoming calls", the calls of the next seven days they said
Going or Maybe to, and the calls newly scheduled in the groups they follow that nobody told
them of yet (one line a series). Two queries, times in the member's own zone."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat

from alliance.access import is_member
from notifications.models import Notification
from working_groups.models import Call, GroupMembership, Rsvp
from working_groups.selectors.digest import followed_group_ids

AHEAD = timedelta(days=7)
ACTIVE = GroupMembership.State.ACTIVE


def _when(call: Call, zone: ZoneInfo) -> str:
    local = call.starts_at.astimezone(zone)
    return f"{local:%a %-d %b, %H:%M} your time"


def _told_of(user) -> Exists:
    """The member was told of the call, or of another occurrence of its series (an invitation
    names a series' first occurrence): the digest's list of notifications says it already."""
    keys = (
        Call.objects.filter(
            Q(pk=OuterRef(OuterRef("pk"))) | Q(series_id=OuterRef(OuterRef("series_id")))
        )
        .annotate(key=Concat(Value("working_groups.call:"), Cast("pk", output_field=CharField())))
        .values("key")
    )
    return Exists(Notification.objects.filter(user=user, target_key__in=keys))


def upcoming_calls(*, user, until) -> list[Call]:
    """The member's Going and Maybe calls of the next seven days in groups they are still an
    active member of (each with `answer`): one query."""
    answers = Rsvp.objects.filter(call=OuterRef("pk"), user=user).values("answer")[:1]
    mine = GroupMembership.objects.filter(user=user, state=ACTIVE).values("group_id")
    return list(
        Call.objects.filter(
            group_id__in=mine,
            cancelled_at=None,
            starts_at__gte=until,
            starts_at__lt=until + AHEAD,
            rsvps__user=user,
            rsvps__answer__in=[Rsvp.Answer.GOING, Rsvp.Answer.MAYBE],
        )
        .annotate(answer=answers)
        .select_related("group")
        .order_by("starts_at", "id")
    )


def new_calls(*, user, since, until) -> list[Call]:
    """Calls scheduled in the period, still to come, in the groups the member follows (active,
    not muted), that they neither answered nor were told of; a series' first only: one query."""
    groups = followed_group_ids(user=user)
    rows = (
        Call.objects.filter(
            group_id__in=groups,
            cancelled_at=None,
            created_at__gte=since,
            created_at__lt=until,
            starts_at__gte=until,
        )
        .exclude(Exists(Rsvp.objects.filter(call=OuterRef("pk"), user=user)))
        .exclude(_told_of(user))
        .select_related("group", "series")
        .order_by("starts_at", "id")
    )
    firsts, seen = [], set()
    for call in rows:
        if call.series_id is None or call.series_id not in seen:
            seen.add(call.series_id)
            firsts.append(call)
    return firsts


def calls_digest_section(*, user, since, until) -> dict | None:
    """The block "Your upcoming calls", or None when there is nothing to say."""
    if not is_member(user):
        return None
    zone = ZoneInfo(getattr(getattr(user, "profile", None), "time_zone", None) or "UTC")
    items = [
        {
            "title": f"{call.title} ({call.group.name})",
            "url": call.get_absolute_url(),
            "meta": f"{Rsvp.Answer(call.answer).label} · {_when(call, zone)}",
        }
        for call in upcoming_calls(user=user, until=until)
    ]
    for call in new_calls(user=user, since=since, until=until):
        often = f"{call.series.get_repeat_display()}, from " if call.series else ""
        items.append(
            {
                "title": f"{call.title} ({call.group.name})",
                "url": call.get_absolute_url(),
                "meta": f"New · {often}{_when(call, zone)}",
            }
        )
    if not items:
        return None
    return {"title": "Your upcoming calls", "items": items}
