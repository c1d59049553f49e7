"""What the digest says about a member's working groups (registered with notifications.digest
by WorkingGroupsConfig.ready)."""

from django.db.models import CharField, Count, Exists, F, OuterRef, Value, Window
from django.db.models.functions import Cast, Concat, RowNumber

from alliance.access import is_member
from alliance.emails import absolute
from notifications.models import Notification
from working_groups.models import GroupMembership, Post, PostWatch, WatchLevel

PER_GROUP = 5


def _told_of(user) -> Exists:
    """The member has a notification about the post (a new post in a group they watch, a
    mention): it reaches them through the bell, an email or the digest's own list, once."""
    return Exists(
        Notification.objects.filter(
            user=user,
            target_key=Concat(
                Value("working_groups.post:"), Cast(OuterRef("pk"), output_field=CharField())
            ),
        )
    )


def followed_group_ids(*, user):
    """The groups the member follows into their digest (active in them, not muted), as a
    subquery of group ids."""
    return (
        GroupMembership.objects.filter(user=user, state=GroupMembership.State.ACTIVE)
        .exclude(watch_level=WatchLevel.MUTED)
        .values("group_id")
    )


def digest_posts(*, user, since, until, per_group: int = PER_GROUP) -> list[Post]:
    """The posts started since `since` in the groups the member is an active member of and has
    not muted, the busiest `per_group` of each group (each with `in_group`, how many there
    were), that they may read and have not been told of otherwise: neither their own, nor
    hidden or deleted, nor in a thread they muted, nor already a notification of theirs.

    One query: the groups are a subquery, the ranking per group a window."""
    if not is_member(user):
        return []
    groups = followed_group_ids(user=user)
    muted = PostWatch.objects.filter(user=user, post=OuterRef("pk"), level=PostWatch.Level.MUTED)
    in_group = [F("group_id")]
    posts = (
        Post.objects.filter(
            group_id__in=groups,
            created_at__gte=since,
            created_at__lt=until,
            deleted_at=None,
            hidden_at=None,
        )
        .exclude(author=user)
        .exclude(Exists(muted))
        .exclude(_told_of(user))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=in_group,
                order_by=[F("reply_count").desc(), F("created_at").desc(), F("id").desc()],
            ),
            in_group=Window(Count("id"), partition_by=in_group),
        )
        .filter(rank__lte=per_group)
        .select_related("group", "author")
        .order_by("group__name", "group_id", "rank")
    )
    return list(posts)


def digest_section(*, user, since, until) -> list[dict]:
    """One block a group: its new posts (the busiest first) and how many more there were."""
    blocks: dict[int, dict] = {}
    for post in digest_posts(user=user, since=since, until=until):
        block = blocks.setdefault(
            post.group_id,
            {
                "title": post.group.name,
                "note": f"{post.in_group} new post" + ("s" if post.in_group != 1 else ""),
                "url": absolute(post.group.get_absolute_url()),
                "items": [],
                "more": f"And {post.in_group - PER_GROUP} more in the group."
                if post.in_group > PER_GROUP
                else "",
            },
        )
        replies = f"{post.reply_count} repl{'y' if post.reply_count == 1 else 'ies'}"
        block["items"].append(
            {
                "title": post.title or post.body_markdown[:80],
                "url": absolute(post.get_absolute_url()),
                "meta": f"{post.author.display_name} · {replies}",
            }
        )
    return list(blocks.values())
