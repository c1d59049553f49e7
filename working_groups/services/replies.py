"""Replies: members answer a post, one level deep; the author may take theirs back."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from members.models import User
from working_groups import notifying
from working_groups.access import UNKNOWN, InHand, can_post_in
from working_groups.models import Post, PostWatch, Reply, WorkingGroup
from working_groups.services.search import reply_search_vector
from working_groups.services.text import record_mentions, render_body


def reply_create(
    *,
    post: Post,
    author: User,
    body: str,
    quoted: Reply | None = None,
    notify: bool = True,
    created_at: datetime | None = None,
    membership: InHand = UNKNOWN,
) -> Reply:
    """Answer a post, and watch it (unless its author muted it); the members it mentions, the
    post's author and those who watch the thread or the group are told (unless `notify` is
    off: demo data and imports).

    `membership`: the author's membership of the post's group, when the caller has it in hand.
    """
    if not can_post_in(author, post.group, membership):
        raise PermissionDenied("Join this group to reply in it.")
    if post.is_locked:
        raise ValidationError("This thread is locked: it takes no new replies.")
    if post.is_hidden or post.deleted_at:
        raise ValidationError("This post is no longer open for replies.")
    if quoted is not None and quoted.post_id != post.pk:
        raise ValidationError("A reply quotes only replies of its own thread.")
    now = created_at or timezone.now()
    text = render_body(body)
    with transaction.atomic():
        reply = Reply.objects.create(
            post=post,
            author=author,
            quoted=quoted,
            body_markdown=text.source,
            body_html=text.html,
            created_at=now,
        )
        Reply.objects.filter(pk=reply.pk).update(search_vector=reply_search_vector())
        Post.objects.filter(pk=post.pk).update(
            reply_count=F("reply_count") + 1,
            last_activity_at=Greatest(F("last_activity_at"), now),
        )
        WorkingGroup.objects.filter(pk=post.group_id).update(
            last_activity_at=Greatest(F("last_activity_at"), now)
        )
        mentions = record_mentions(users=text.mentioned, author=author, reply=reply)
        # A thread the replier muted stays muted: only a missing watch is added.
        PostWatch.objects.bulk_create(
            [PostWatch(user=author, post=post, level=PostWatch.Level.WATCHING)],
            ignore_conflicts=True,
        )
        if notify:
            notifying.reply_created(reply=reply, mentioned=[m.user_id for m in mentions])
    return reply


def reply_delete(*, reply: Reply, user: User) -> Reply:
    """The author removes their reply; the thread shows where it was, and what members were
    told of it is withdrawn."""
    if user.pk != reply.author_id:
        raise PermissionDenied("Only the author deletes a reply.")
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, deleted_at=None).update(
            deleted_at=timezone.now()
        )
        if updated and reply.hidden_at is None:
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") - 1)
        if updated:
            notifying.reply_withdrawn(reply=reply)
    reply.refresh_from_db()
    return reply
