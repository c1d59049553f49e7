"""What a group's leads have to look at."""

from dataclasses import dataclass

from working_groups.models import GroupMembership, Post, Reply, Report, WorkingGroup


@dataclass
class ModerationQueue:
    reports: list[Report]
    requests: list[GroupMembership]
    hidden_posts: list[Post]
    hidden_replies: list[Reply]


def moderation_queue(*, group: WorkingGroup) -> ModerationQueue:
    """What a group's leads have to look at: open reports, join requests, hidden items."""
    reports = list(
        Report.objects.filter(group=group, resolved_at=None)
        .select_related("reporter", "post__author", "reply__author", "reply__post")
        .order_by("created_at", "id")[:100]
    )
    requests = list(
        GroupMembership.objects.filter(group=group, state=GroupMembership.State.REQUESTED)
        .select_related("user__profile")
        .order_by("requested_at")
    )
    hidden_posts = list(
        Post.objects.filter(group=group, deleted_at=None)
        .exclude(hidden_at=None)
        .select_related("author", "hidden_by")
        .order_by("-hidden_at")[:50]
    )
    hidden_replies = list(
        Reply.objects.filter(post__group=group, deleted_at=None)
        .exclude(hidden_at=None)
        .select_related("author", "hidden_by", "post")
        .order_by("-hidden_at")[:50]
    )
    return ModerationQueue(reports, requests, hidden_posts, hidden_replies)
