"""Comments on the manifesto's sections: members write, reply (one level), edit and delete
their own; staff hide; staff or a thread's author mark it resolved.

A comment stays attached to its section key and to the version it was written on; the pages
show it under the same section of that version and of every later one (selectors.comments).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alliance import text
from alliance.jobs import enqueue
from members.models import User
from pillars import notifying
from pillars.access import can_discuss
from pillars.models import CommentRevision, ManifestoComment, ManifestoVersion

# The same limit and the same words as a post or a reply in the groups.
MAX_BODY = 20_000


def clean_body(body: str) -> str:
    """A comment's text as stored: trimmed, not empty, not too long."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something before you send it."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"Keep it under {MAX_BODY:,} characters."})
    return body


def may_resolve(user, thread: ManifestoComment) -> bool:
    """Staff, or the member who started the thread."""
    if not user.is_authenticated:
        return False
    return user.is_staff or (thread.author_id == user.pk and can_discuss(user))


def _require_thread_of(version: ManifestoVersion, parent: ManifestoComment, section_key: str):
    """The thread a reply joins: a reply to a reply joins its thread (threads are one level)."""
    thread = parent.parent if parent.parent_id else parent
    if thread.section_key != section_key:
        raise ValidationError("A reply belongs to its thread's section.")
    if thread.deleted_at or thread.hidden_at:
        raise ValidationError("This thread is no longer open for replies.")
    if thread.version.number > version.number:
        raise ValidationError(f"This thread was started on {thread.version.label}.")
    return thread


def comment_create(
    *,
    version: ManifestoVersion,
    section_key: str,
    author: User,
    body: str,
    parent: ManifestoComment | None = None,
    notify: bool = True,
    created_at: datetime | None = None,
) -> ManifestoComment:
    """Comment on a section of a published version, or reply to a thread: the thread's author
    and earlier repliers are notified, and its author emailed (unless `notify` is off)."""
    if not can_discuss(author):
        raise PermissionDenied("Members comment on the manifesto.")
    if not version.is_published:
        raise ValidationError("Comments are on published versions only.")
    if not version.sections.filter(key=section_key).exists():
        raise ValidationError(f"{version.label} has no section “{section_key}”.")
    if parent is not None:
        parent = _require_thread_of(version, parent, section_key)
    rendered = text.render(clean_body(body))
    with transaction.atomic():
        comment = ManifestoComment.objects.create(
            version=version,
            section_key=section_key,
            parent=parent,
            author=author,
            body_markdown=rendered.source,
            body_html=rendered.html,
            created_at=created_at or timezone.now(),
        )
        if notify and parent is not None:
            notifying.reply_notify(reply=comment)
            if parent.author_id != author.pk:
                enqueue("pillars.tasks.send_comment_reply_email", comment.pk)
    return comment


def comment_edit(*, comment: ManifestoComment, user: User, body: str) -> ManifestoComment:
    """The author rewrites their comment; the earlier text is kept, as in the groups."""
    if user.pk != comment.author_id or not can_discuss(user):
        raise PermissionDenied("Only the author edits a comment.")
    if comment.deleted_at:
        raise ValidationError("This comment was deleted.")
    if comment.hidden_at:
        raise ValidationError("Staff hid this comment: it can no longer be edited.")
    rendered = text.render(clean_body(body))
    if rendered.source == comment.body_markdown:
        return comment
    now = timezone.now()
    with transaction.atomic():
        CommentRevision.objects.create(
            comment=comment,
            body_markdown=comment.body_markdown,
            written_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
        comment.body_markdown, comment.body_html = rendered.source, rendered.html
        comment.edited_at = now
        comment.save(update_fields=["body_markdown", "body_html", "edited_at"])
    return comment


def comment_delete(*, comment: ManifestoComment, user: User) -> ManifestoComment:
    """The author removes their comment; its thread stays, saying a comment was deleted."""
    # Not gated on membership: a former member may still take back what they wrote.
    if user.pk != comment.author_id:
        raise PermissionDenied("Only the author deletes a comment.")
    with transaction.atomic():
        ManifestoComment.objects.filter(pk=comment.pk, deleted_at=None).update(
            deleted_at=timezone.now()
        )
        notifying.comment_withdraw(comment=comment)
    comment.refresh_from_db()
    return comment


def _require_staff(user: User, action: str) -> None:
    if not user.is_staff:
        raise PermissionDenied(f"Only staff {action} comments.")


def comment_hide(*, comment: ManifestoComment, hidden_by: User) -> ManifestoComment:
    """Staff take a comment out of sight: others see that staff hid it."""
    _require_staff(hidden_by, "hide")
    with transaction.atomic():
        ManifestoComment.objects.filter(pk=comment.pk, hidden_at=None).update(
            hidden_at=timezone.now(), hidden_by=hidden_by
        )
        # Out of the bell and the digest too; shown again, it is not announced again.
        notifying.comment_withdraw(comment=comment)
    comment.refresh_from_db()
    return comment


def comment_unhide(*, comment: ManifestoComment, unhidden_by: User) -> ManifestoComment:
    """Staff show a hidden comment again."""
    _require_staff(unhidden_by, "show hidden")
    ManifestoComment.objects.filter(pk=comment.pk).update(hidden_at=None, hidden_by=None)
    comment.refresh_from_db()
    return comment


def _require_resolver(thread: ManifestoComment, user: User) -> None:
    if not thread.is_thread:
        raise ValidationError("Threads are resolved, not their replies.")
    if not may_resolve(user, thread):
        raise PermissionDenied("Staff or the thread's author mark it resolved.")


def comment_resolve(*, thread: ManifestoComment, user: User) -> ManifestoComment:
    """Mark a thread resolved; its author is notified and emailed when someone else did it."""
    _require_resolver(thread, user)
    if thread.deleted_at:
        raise ValidationError("This comment was deleted.")
    with transaction.atomic():
        resolved = ManifestoComment.objects.filter(pk=thread.pk, resolved_at=None).update(
            resolved_at=timezone.now(), resolved_by=user, resolved_in=None
        )
        thread.refresh_from_db()
        if resolved and thread.author_id != user.pk:
            notifying.resolved_notify(thread=thread, by=user)
            enqueue("pillars.tasks.send_thread_resolved_email", thread.pk)
    return thread


def comment_unresolve(*, thread: ManifestoComment, user: User) -> ManifestoComment:
    """Open a resolved thread again (a later resolution is announced afresh)."""
    _require_resolver(thread, user)
    ManifestoComment.objects.filter(pk=thread.pk).update(
        resolved_at=None, resolved_by=None, resolved_in=None, resolution_notified_at=None
    )
    thread.refresh_from_db()
    return thread
