"""Posts: a member starts a conversation in a group's feed, edits it, deletes it."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from members.models import User
from working_groups import notifying
from working_groups.access import UNKNOWN, InHand, can_post_in
from working_groups.models import Post, PostRevision, PostWatch, WorkingGroup
from working_groups.services.search import post_search_vector
from working_groups.services.text import record_mentions, render_body

MAX_TAGS = 5


def clean_tags(tags) -> list[str]:
    """Tags as stored: lower case, single spaces, at most five, no duplicates."""
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).lower().split())[:50].strip()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": f"Use at most {MAX_TAGS} tags."})
    return cleaned


def post_create(
    *,
    group: WorkingGroup,
    author: User,
    title: str = "",
    body: str,
    tags=(),
    notify: bool = True,
    created_at: datetime | None = None,
    membership: InHand = UNKNOWN,
) -> Post:
    """Start a conversation in the group's feed, which its author then watches; the members
    it mentions and those who follow the group's new posts are told (unless `notify` is off:
    demo data and imports).

    `membership`: the author's membership of the group, when the caller has it in hand.
    """
    if not can_post_in(author, group, membership):
        raise PermissionDenied("Join this group to post in it.")
    text = render_body(body)
    tags = clean_tags(tags)
    now = created_at or timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            group=group,
            author=author,
            title=title.strip()[:200],
            body_markdown=text.source,
            body_html=text.html,
            created_at=now,
            last_activity_at=now,
        )
        if tags:
            post.tags.set(tags)
        Post.objects.filter(pk=post.pk).update(search_vector=post_search_vector())
        WorkingGroup.objects.filter(pk=group.pk).update(
            post_count=F("post_count") + 1,
            last_activity_at=Greatest(F("last_activity_at"), now),
        )
        mentions = record_mentions(users=text.mentioned, author=author, post=post)
        PostWatch.objects.create(user=author, post=post, level=PostWatch.Level.WATCHING)
        if notify:
            notifying.post_created(post=post, mentioned=[m.user_id for m in mentions])
    return post


def post_edit(*, post: Post, editor: User, title: str = "", body: str, tags=()) -> Post:
    """The author rewrites their post; the earlier version is kept for them, leads and staff.
    Members it now mentions, and did not before, are told."""
    if editor.pk != post.author_id:
        raise PermissionDenied("Only the author edits a post.")
    text = render_body(body)
    tags = clean_tags(tags)
    now = timezone.now()
    with transaction.atomic():
        revision = PostRevision.objects.create(
            post=post,
            title=post.title,
            body_markdown=post.body_markdown,
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
        )
        post.title = title.strip()[:200]
        post.body_markdown = text.source
        post.body_html = text.html
        post.edited_at = now
        post.save(update_fields=["title", "body_markdown", "body_html", "edited_at"])
        post.tags.set(tags)
        Post.objects.filter(pk=post.pk).update(search_vector=post_search_vector())
        mentions = record_mentions(users=text.mentioned, author=editor, post=post)
        notifying.post_mentions_added(
            post=post, mentioned=[m.user_id for m in mentions], revision_id=revision.pk
        )
    return post


def post_delete(*, post: Post, user: User) -> Post:
    """The author removes their post: its text leaves every page, while the replies others wrote
    under it stay readable under a tombstone (the row stays, for moderation). What members were
    told of it and its replies is withdrawn."""
    if user.pk != post.author_id:
        raise PermissionDenied("Only the author deletes a post.")
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, deleted_at=None).update(deleted_at=timezone.now())
        if updated:
            WorkingGroup.objects.filter(pk=post.group_id).update(post_count=F("post_count") - 1)
            notifying.post_withdrawn(post=post)
    post.refresh_from_db()
    return post
