"""The groups: the index, and a group's leads with the viewer's own membership."""

from django.db.models import Q

from members.models import User
from working_groups.models import GroupMembership, WorkingGroup


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
