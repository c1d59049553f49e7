"""Moderation: a group's leads and the staff pin, lock, hide and restore; members report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alliance.access import is_member
from members.models import User
from working_groups import notifying
from working_groups.access import UNKNOWN, InHand, require_moderate
from working_groups.models import Post, Reply, Report

# Every action below takes `membership`: the moderator's membership of the group, when the
# caller has it in hand (a lead's right to moderate rests on it).


def post_pin(*, post: Post, by: User, pinned: bool = True, membership: InHand = UNKNOWN) -> Post:
    """Pin a post above the feed, or unpin it."""
    require_moderate(by, post.group, membership)
    Post.objects.filter(pk=post.pk).update(is_pinned=pinned)
    post.is_pinned = pinned
    return post


def post_lock(*, post: Post, by: User, locked: bool = True, membership: InHand = UNKNOWN) -> Post:
    """Close a thread to new replies, or open it again."""
    require_moderate(by, post.group, membership)
    Post.objects.filter(pk=post.pk).update(is_locked=locked)
    post.is_locked = locked
    return post


def _resolve_reports(*, by, resolution, **target):
    Report.objects.filter(resolved_at=None, **target).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution
    )


def post_hide(*, post: Post, by: User, membership: InHand = UNKNOWN) -> Post:
    """Take a post out of sight of everyone but the group's moderators; settles its reports and
    withdraws what members were told of it and its replies (restoring it does not tell again)."""
    require_moderate(by, post.group, membership)
    with transaction.atomic():
        hidden = Post.objects.filter(pk=post.pk, hidden_at=None).update(
            hidden_at=timezone.now(), hidden_by=by
        )
        if hidden:
            notifying.post_withdrawn(post=post)
        _resolve_reports(by=by, resolution="hidden", post=post)
    post.refresh_from_db()
    return post


def post_restore(*, post: Post, by: User, membership: InHand = UNKNOWN) -> Post:
    """Show a hidden post again."""
    require_moderate(by, post.group, membership)
    Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_by=None)
    post.refresh_from_db()
    return post


def reply_hide(*, reply: Reply, by: User, membership: InHand = UNKNOWN) -> Reply:
    """Take a reply out of sight of everyone but the moderators; settles its reports and
    withdraws what members were told of it."""
    require_moderate(by, reply.post.group, membership)
    with transaction.atomic():
        hidden = Reply.objects.filter(pk=reply.pk, hidden_at=None, deleted_at=None).update(
            hidden_at=timezone.now(), hidden_by=by
        )
        if hidden:
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") - 1)
            notifying.reply_withdrawn(reply=reply)
        _resolve_reports(by=by, resolution="hidden", reply=reply)
    reply.refresh_from_db()
    return reply


def reply_restore(*, reply: Reply, by: User, membership: InHand = UNKNOWN) -> Reply:
    """Show a hidden reply again."""
    require_moderate(by, reply.post.group, membership)
    with transaction.atomic():
        shown = Reply.objects.filter(pk=reply.pk, deleted_at=None).exclude(hidden_at=None)
        if shown.update(hidden_at=None, hidden_by=None):
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") + 1)
    reply.refresh_from_db()
    return reply


def report_create(
    *, reporter: User, reason: str, post: Post | None = None, reply: Reply | None = None
) -> Report:
    """Flag a post or a reply for the group's leads (who are told) and the staff."""
    if not is_member(reporter):
        raise PermissionDenied("Reports come from members.")
    target = post if post is not None else reply
    if target.author_id == reporter.pk:
        # Their own words are theirs to edit or delete: a report is about someone else's.
        raise PermissionDenied("You cannot report your own post or reply.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tell the moderators what is wrong with it."})
    group = post.group if post is not None else reply.post.group
    with transaction.atomic():
        report = Report.objects.create(
            group=group, reporter=reporter, reason=reason[:1000], post=post, reply=reply
        )
        notifying.report_created(report=report, group=group)
    return report


def report_dismiss(*, report: Report, by: User, membership: InHand = UNKNOWN) -> Report:
    """Close a report without hiding anything."""
    require_moderate(by, report.group, membership)
    Report.objects.filter(pk=report.pk, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=by, resolution="dismissed"
    )
    report.refresh_from_db()
    return report
