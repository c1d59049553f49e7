"""What the manifesto tells members through the notifications ledger: a reply in a thread they
started or replied in, their thread resolved by someone else, a new version of a manifesto they
endorsed. Called by the services inside their transactions; the manifesto still sends its own
emails (pillars.tasks), which record themselves in the ledger (`notification_emailed`) so the
digest does not say it again.

Targets: "pillars.comment:<thread id>" (a section's thread: visiting the section's page, or the
thread's own, marks it read) and "pillars.version:<id>" (a version's page).
"""

from collections import defaultdict

from django.urls import reverse

from members.models import User
from notifications.models import Kind
from notifications.services import (
    Target,
    Why,
    notifications_read_target,
    notifications_withdraw,
    notify,
)
from notifications.targets import key, register_target
from pillars.models import Endorsement, ManifestoComment, ManifestoSection, ManifestoVersion

COMMENT = "pillars.comment"
VERSION = "pillars.version"


# --- Who may still see a target ---------------------------------------------------------------


def visible_threads(*, user, ids) -> set[int]:
    """Threads that anyone may read: on a published version, neither deleted nor hidden. A
    hidden thread is read by its author and staff on the page, but nobody is pointed at it."""
    return set(
        ManifestoComment.objects.filter(
            pk__in=ids,
            parent=None,
            deleted_at=None,
            hidden_at=None,
            version__status=ManifestoVersion.Status.PUBLISHED,
        ).values_list("pk", flat=True)
    )


def visible_versions(*, user, ids) -> set[int]:
    """Published versions to everyone; the draft to staff only (pillars.access.can_edit)."""
    versions = ManifestoVersion.objects.filter(pk__in=ids)
    if not (user.is_authenticated and user.is_staff):
        versions = versions.filter(status=ManifestoVersion.Status.PUBLISHED)
    return set(versions.values_list("pk", flat=True))


def register() -> None:
    """From PillarsConfig.ready(): the manifesto's targets."""
    register_target(COMMENT, visible_threads)
    register_target(VERSION, visible_versions)


# --- Keys -------------------------------------------------------------------------------------


def thread_key(thread_id: int) -> str:
    return key(COMMENT, thread_id)


def version_key(version_id: int) -> str:
    return key(VERSION, version_id)


def reply_event(reply_id: int) -> str:
    return f"pillars.reply:{reply_id}"


def resolved_event(thread: ManifestoComment) -> str:
    """One event per resolution: a thread reopened and resolved again is news again."""
    return f"pillars.resolved:{thread.pk}:{int(thread.resolved_at.timestamp())}"


def version_event(version_id: int) -> str:
    return f"pillars.version:{version_id}"


def _why(reason: str, text: str) -> Why:
    # The manifesto's notifications follow the member's email switches for the manifesto.
    return Why(
        reason=reason,
        text=text,
        change_url=reverse("members:email_preferences"),
        change_label="Email settings",
    )


def _section_title(comment: ManifestoComment) -> str:
    """The section's title, quoted, as the groups quote a post's: “Insight”."""
    title = (
        ManifestoSection.objects.filter(version_id=comment.version_id, key=comment.section_key)
        .values_list("title", flat=True)
        .first()
    )
    return f"“{title or comment.section_key}”"


def _reachable(user_ids) -> list[int]:
    """Accounts still there to be told (not deleted, not deactivated)."""
    return list(
        User.objects.filter(pk__in=set(user_ids), is_active=True, deleted_at=None).values_list(
            "pk", flat=True
        )
    )


# --- Events -----------------------------------------------------------------------------------


def reply_notify(*, reply: ManifestoComment) -> int:
    """A reply in a thread: its author and the members who replied before are told (never the
    replier). The thread's author first: one who also replied keeps the stronger reason."""
    thread = reply.parent
    target = Target(
        key=thread_key(thread.pk),
        title=_section_title(reply),
        url=reply.get_absolute_url(),
        excerpt=reply.body_markdown,
    )
    event = reply_event(reply.pk)
    told = notify(
        user_ids=_reachable([thread.author_id]),
        kind=Kind.MANIFESTO,
        event_key=event,
        target=target,
        verb="replied to your comment on",
        why=_why("author", "You wrote this comment"),
        actor=reply.author,
    )
    # Earlier replies (ids grow as replies are written), not taken back by their authors.
    repliers = (
        ManifestoComment.objects.filter(parent=thread, pk__lt=reply.pk, deleted_at=None)
        .exclude(author_id=thread.author_id)
        .values_list("author_id", flat=True)
    )
    return told + notify(
        user_ids=_reachable(repliers),
        kind=Kind.MANIFESTO,
        event_key=event,
        target=target,
        verb="replied in a thread on",
        why=_why("replied", "You replied in this thread"),
        actor=reply.author,
    )


def resolved_notify(*, thread: ManifestoComment, by, version: ManifestoVersion | None = None):
    """The thread's author is told that someone else (or a new version) resolved it."""
    verb = "resolved your comment on"
    if version is not None:
        verb = f"answered in {version.label} your comment on"
    return notify(
        user_ids=_reachable([thread.author_id]),
        kind=Kind.MANIFESTO,
        event_key=resolved_event(thread),
        target=Target(
            key=thread_key(thread.pk),
            title=_section_title(thread),
            url=thread.get_absolute_url(),
            excerpt=thread.body_markdown,
        ),
        verb=verb,
        why=_why("author", "You wrote this comment"),
        actor=by,
    )


def version_notify(*, version: ManifestoVersion) -> int:
    """A new version: each member who endorsed an earlier one is told, with the latest version
    they endorsed as the reason ("You endorsed v2")."""
    latest: dict[int, int] = {}
    for member_id, number in (
        Endorsement.objects.exclude(version=version)
        .order_by("member_id", "version__number")
        .values_list("member_id", "version__number")
    ):
        latest[member_id] = number
    by_endorsed: dict[int, list[int]] = defaultdict(list)
    reachable = set(_reachable(latest))
    for member_id, number in latest.items():
        if member_id in reachable:
            by_endorsed[number].append(member_id)
    target = Target(
        key=version_key(version.pk),
        title=f"{version.label} of the manifesto",
        url=version.get_absolute_url(),
        excerpt=("A major change. " if version.is_major else "") + version.change_note,
    )
    told = 0
    for number, member_ids in sorted(by_endorsed.items()):
        told += notify(
            user_ids=member_ids,
            kind=Kind.MANIFESTO,
            event_key=version_event(version.pk),
            target=target,
            verb="published",
            why=_why("endorsed", f"You endorsed v{number}"),
            actor=version.published_by,
        )
    return told


def comment_withdraw(*, comment: ManifestoComment) -> int:
    """A comment out of sight (hidden, deleted): a thread takes every notification about it
    along; a reply, the notifications of that reply."""
    if comment.parent_id is None:
        return notifications_withdraw(target_key=thread_key(comment.pk))
    return notifications_withdraw(event_key=reply_event(comment.pk))


# --- Seen -------------------------------------------------------------------------------------


def threads_seen(*, user, thread_ids) -> int:
    """The member opened a page showing these threads: what they were told of them is read
    (one UPDATE, none for a visitor or a page without threads)."""
    return notifications_read_target(user=user, target_keys=[thread_key(pk) for pk in thread_ids])


def version_seen(*, user, version: ManifestoVersion) -> int:
    """The member opened a version's page: its announcement is read."""
    return notifications_read_target(user=user, target_keys=[version_key(version.pk)])
