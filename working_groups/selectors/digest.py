"""The weekly digest's content."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from working_groups.access import can_read_group
from working_groups.models import GroupMembership, Post, WorkingGroup


@dataclass
class DigestGroup:
    group: WorkingGroup
    posts: list[Post]
    new_posts: int


def digest_for(*, user, week_start, per_group: int = 5) -> list[DigestGroup]:
    """The week's busiest conversations in each group the member belongs to and still reads
    (asked when the digest is sent: they may have left a group, or the alliance, since)."""
    start = datetime.combine(week_start, datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=7)
    memberships = (
        GroupMembership.objects.filter(user=user, state=GroupMembership.State.ACTIVE)
        .select_related("group")
        .order_by("group__name")
    )
    groups = [m.group for m in memberships if can_read_group(user, m.group, m)]
    found = []
    for group in groups:
        week = Post.objects.filter(
            group=group,
            deleted_at=None,
            hidden_at=None,
            last_activity_at__gte=start,
            last_activity_at__lt=end,
        )
        posts = list(week.select_related("author").order_by("-reply_count", "-id")[:per_group])
        if posts:
            found.append(DigestGroup(group, posts, week.filter(created_at__gte=start).count()))
    return found


def digest_section(*, user, since, until):
    """Placeholder: owned by the digest helper."""
    return None
