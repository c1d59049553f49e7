"""The groups: the index, a group's leads with the viewer's own membership, and how the viewer
follows their groups and a thread."""

from django.db.models import Q

from members.models import User
from working_groups.models import GroupMembership, PostWatch, WorkingGroup


def group_index(*, viewer) -> list[WorkingGroup]:
    """Every group, with the counts kept on it and the viewer's membership as `.mine`."""
    groups = list(WorkingGroup.objects.order_by("name"))
    mine = {}
    if viewer.is_authenticated:
        mine = {
            m.group_id: m
            for m in GroupMembership.objects.filter(user=viewer).only("group", "state", "role")
        }
    for group in groups:
        group.mine = mine.get(group.pk)
    return groups


def group_people(*, group, viewer) -> tuple[list[User], GroupMembership | None]:
    """The group's leads, and the viewer's own membership (or None), found in one query.

    The group page hands the membership to the access rules, so they need not look again.
    """
    who = Q(role=GroupMembership.Role.LEAD, state=GroupMembership.State.ACTIVE)
    if viewer.is_authenticated:
        who |= Q(user=viewer)
    memberships = list(
        GroupMembership.objects.filter(who, group=group)
        .select_related("user__profile")
        .order_by("user__name")
    )
    mine = next((m for m in memberships if m.user_id == viewer.pk), None)
    return [m.user for m in memberships if m.is_lead], mine


def my_groups(*, viewer) -> list[GroupMembership]:
    """The viewer's active memberships with their groups, by the group's name: one query."""
    return list(
        GroupMembership.objects.filter(user=viewer, state=GroupMembership.State.ACTIVE)
        .select_related("group")
        .order_by("group__name")
    )


def thread_watch(*, post, viewer) -> str:
    """The viewer's own setting for a thread ("watching", "muted"), or "" when they follow it
    as they follow its group: one query."""
    level = PostWatch.objects.filter(post=post, user=viewer).values_list("level", flat=True)
    return level.first() or ""
