"""Telling members: every part of the hub records its notifications here, in its own
transaction, and the ledger keeps what reached whom through the app, email and the digest."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alliance.jobs import enqueue
from notifications.models import Notification


@dataclass(frozen=True)
class Target:
    """What a notification opens: its key (the page, checked for access), title and link."""

    key: str
    title: str
    url: str
    scope_key: str = ""
    excerpt: str = ""


@dataclass(frozen=True)
class Why:
    """Why a member is told, in words, and where they change it."""

    reason: str
    text: str
    change_url: str = ""
    change_label: str = ""


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    event_key: str,
    target: Target,
    verb: str,
    why: Why,
    actor=None,
    email_kind: str = "",
) -> int:
    """Record that these members are told of an event (the actor never is; a member already
    told of it keeps the first notification), and email those who want it once committed.
    Returns how many were told now."""
    user_ids = {pk for pk in user_ids if actor is None or pk != actor.pk}
    if not user_ids:
        return 0
    already = set(
        Notification.objects.filter(event_key=event_key, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        Notification(
            user_id=pk,
            kind=kind,
            event_key=event_key,
            target_key=target.key,
            scope_key=target.scope_key,
            url=target.url,
            target_title=target.title[:300],
            verb=verb,
            excerpt=target.excerpt[:500],
            actor=actor,
            actor_name=actor.display_name if actor is not None else "",
            actor_ids=[actor.pk] if actor is not None else [],
            reason=why.reason,
            why=why.text[:200],
            change_url=why.change_url,
            change_label=why.change_label,
            email_kind=email_kind,
        )
        for pk in sorted(user_ids - already)
    ]
    # ignore_conflicts: two events racing for one member (the same reply's mention and reply
    # reasons from two workers) still leave one row.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and email_kind:
        enqueue("notifications.tasks.email_event", event_key)
    return len(rows)


def notify_consolidated(
    *, user_id: int, kind: str, event_key: str, target: Target, verb: str, why: Why, actor
) -> Notification | None:
    """Tell a member, folding the event into their unread notification of the same kind about
    the same target ("Ana and 4 others reacted to …"), or starting one. In-app only."""
    if actor.pk == user_id:
        return None
    with transaction.atomic():
        unread = (
            Notification.objects.select_for_update()
            .filter(user_id=user_id, kind=kind, target_key=target.key, read_at=None)
            .filter(withdrawn_at=None)
            .first()
        )
        if unread is None:
            notify(
                user_ids=[user_id],
                kind=kind,
                event_key=event_key,
                target=target,
                verb=verb,
                why=why,
                actor=actor,
            )
            return Notification.objects.filter(user_id=user_id, event_key=event_key).first()
        unread.actor_ids = [actor.pk] + [pk for pk in unread.actor_ids if pk != actor.pk]
        unread.actor = actor
        unread.actor_name = actor.display_name
        unread.created_at = timezone.now()
        unread.save(update_fields=["actor_ids", "actor", "actor_name", "created_at"])
    return unread


def _unread(user) -> "Q":
    return Q(user=user, read_at=None)


def notification_open(*, notification: Notification) -> Notification:
    """The member opened one notification: it is read."""
    Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_target(*, user, target_keys: Iterable[str]) -> int:
    """The member opened these pages: what they were told about them is read (one UPDATE)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(_unread(user), target_key__in=list(target_keys)).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, user, kind: str = "") -> int:
    """Mark every unread notification of the member read (of one kind, when given)."""
    rows = Notification.objects.filter(_unread(user))
    if kind:
        rows = rows.filter(kind=kind)
    return rows.update(read_at=timezone.now())


def notifications_withdraw(
    *, target_key: str = "", scope_key: str = "", user=None, event_key: str = ""
) -> int:
    """The target (or everything in a scope, or one event) went out of sight, for everyone or
    one member: its notifications leave the bell, the list, the email queue and the digest."""
    rows = Notification.objects.filter(withdrawn_at=None)
    if event_key:
        # One event on a target still in sight: a hidden reply in a thread that stays.
        rows = rows.filter(event_key=event_key)
    if target_key:
        rows = rows.filter(target_key=target_key)
    if scope_key:
        rows = rows.filter(scope_key=scope_key)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.update(withdrawn_at=timezone.now())


def notification_emailed(*, user_id: int, event_key: str) -> int:
    """A part that sends its own email for an event (a results email, a review) records it, so
    the digest does not tell the member again."""
    return Notification.objects.filter(
        user_id=user_id, event_key=event_key, emailed_at=None
    ).update(emailed_at=timezone.now())
