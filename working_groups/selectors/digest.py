"""The weekly digest's content."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from working_groups.models import GroupMembership, Post, WorkingGroup


@dataclass
class DigestGroup:
    group: WorkingGroup
    posts: list[Post]
    new_posts: int


def digest_for(*, user, week_start, per_group: int = 5) -> list[DigestGroup]:
    """The week's busiest conversations in each group the member belongs to."""
    start = datetime.combine(week_start, datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=7)
    groups = WorkingGroup.objects.filter(
        memberships__user=user, memberships__state=GroupMembership.State.ACTIVE
    ).order_by("name")
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
