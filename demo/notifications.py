"""What the demo's members are told (`make run`, demo/data/notifications.toml), loaded after
everything else: how closely they follow their groups and threads, their digest and email
settings, what the manifesto's and the library's history told them, and, for the member the
seed prints first, a showcase of every kind of notification, some read, one withdrawn.

Everything goes through the services a member's action would: the groups' posts, replies,
reactions and join requests tell whoever they concern (working_groups.notifying), the
manifesto and the library tell through their own notifying modules (their emails stay off,
as in their loaders). Dates are then moved back to when the file says it happened, as the other
loaders move theirs. What the site would have emailed then is recorded as emailed, within the
same transaction, so that no email goes out when the seed commits. A second run adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from demo.load import read
from library import notifying as library_notifying
from library.models import Credit, Item, Review
from members import services as member_services
from members.models import EmailKind, User
from members.selectors import email_enabled_kinds
from notifications.models import Notification
from notifications.services import notification_emailed, notification_open
from pillars import notifying as pillars_notifying
from pillars import services as pillars_services
from pillars.models import ManifestoComment, ManifestoVersion
from working_groups import services as groups_services
from working_groups.models import GroupMembership, Post, Reaction, ReactionKind, WorkingGroup

DATA = read("notifications")


# --- The ledger's dates ----------------------------------------------------------------------


def _mark() -> int:
    """The last notification so far: what an event told is what comes after it."""
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _told_at(mark: int, when, *, read_by: User | None = None) -> None:
    """Date what was told since `mark` at `when`; `read_by` opened theirs an hour later."""
    since = Notification.objects.filter(pk__gt=mark)
    since.update(created_at=when)
    if read_by is not None:
        for notification in since.filter(user=read_by):
            notification_open(notification=notification)
        since.filter(user=read_by).update(read_at=min(when + timedelta(hours=1), timezone.now()))


def _read_old(mark: int, *, days: int) -> None:
    """What was told since `mark` more than `days` ago has been read, a few hours after."""
    old = Notification.objects.filter(
        pk__gt=mark, read_at=None, created_at__lt=timezone.now() - timedelta(days=days)
    )
    for notification in old:
        notification_open(notification=notification)
        Notification.objects.filter(pk=notification.pk).update(
            read_at=notification.created_at + timedelta(hours=3)
        )


def _emailed_then(mark: int) -> None:
    """What the site would have emailed when it happened is recorded as emailed (and so is not
    sent again when the seed commits): the ledger's own service, a row at a time."""
    untold = Notification.objects.filter(
        pk__gt=mark, read_at=None, emailed_at=None, digested_at=None, withdrawn_at=None
    ).exclude(email_kind="")
    for user_id, event_key in untold.values_list("user_id", "event_key"):
        notification_emailed(user_id=user_id, event_key=event_key)


# --- Settings: watch levels, watched and muted threads, digests ------------------------------


def _membership(group: WorkingGroup, user: User) -> GroupMembership:
    membership = groups_services.membership_join(group=group, user=user)
    if not membership.is_active:
        lead = group.memberships.filter(role=GroupMembership.Role.LEAD, state="active").first()
        membership = groups_services.membership_approve(membership=membership, decided_by=lead.user)
    return membership


def _settings(people, groups) -> None:
    for spec in DATA["watch"]:
        membership = _membership(groups[spec["group"]], people[spec["who"]])
        groups_services.watch_level_set(membership=membership, level=spec["level"])
    for spec in DATA["thread_watch"]:
        _membership(groups[spec["group"]], people[spec["who"]])
        groups_services.post_watch_set(
            post=_thread(groups[spec["group"]], spec["thread"]),
            user=people[spec["who"]],
            level=spec["level"],
        )
    for spec in DATA["email"]:
        user = people[spec["who"]]
        enabled = email_enabled_kinds(user=user)
        if spec["digest"] == "off":
            enabled.discard(EmailKind.DIGEST)
        else:
            enabled.add(EmailKind.DIGEST)
        member_services.email_preferences_update(
            user=user,
            enabled=enabled,
            digest_frequency=None if spec["digest"] == "off" else spec["digest"],
            only_when_away=spec["only_when_away"],
        )


def _thread(group: WorkingGroup, title: str) -> Post:
    return Post.objects.filter(group=group, title=title).order_by("pk").first()


# --- The manifesto's and the library's history -----------------------------------------------


def _manifesto_history() -> None:
    """Every reply told its thread, the thread v2 answered told its author, v2 told the
    endorsers of v1: each when it happened."""
    replies = ManifestoComment.objects.filter(
        parent__isnull=False, deleted_at=None, hidden_at=None
    ).select_related("parent", "author", "version")
    for reply in replies.order_by("created_at", "pk"):
        mark = _mark()
        pillars_notifying.reply_notify(reply=reply)
        _told_at(mark, reply.created_at)
    answered = ManifestoComment.objects.filter(resolved_in__isnull=False).select_related(
        "resolved_by", "resolved_in", "version"
    )
    for thread in answered:
        mark = _mark()
        pillars_notifying.resolved_notify(
            thread=thread, by=thread.resolved_by, version=thread.resolved_in
        )
        _told_at(mark, thread.resolved_at)
    for version in ManifestoVersion.objects.filter(number__gt=1, status="published"):
        mark = _mark()
        pillars_notifying.version_notify(version=version)
        _told_at(mark, version.published_at)


def _library_history() -> None:
    """Every decision told the item's credited members, every open invitation its member."""
    for review in Review.objects.select_related("item").order_by("created_at", "pk"):
        mark = _mark()
        library_notifying.review_notify(review=review)
        published = review.decision == Review.Decision.PUBLISHED and review.item.published_at
        _told_at(mark, review.item.published_at if published else review.created_at)
    invited = Credit.objects.filter(accepted_at=None, declined_at=None).exclude(
        item__status=Item.Status.DECLINED
    )
    for credit in invited.select_related("item", "invited_by"):
        mark = _mark()
        library_notifying.credit_notify(credit=credit)
        _told_at(mark, credit.invited_at)


# --- The member's showcase -------------------------------------------------------------------


def _post(spec, *, people, groups, when) -> Post:
    group, author = groups[spec["group"]], people[spec["author"]]
    _membership(group, author)
    return groups_services.post_create(
        group=group, author=author, title=spec["title"], body=spec["body"].strip(),
        created_at=when,
    )  # fmt: skip


def _unused_kind(person: User, post: Post) -> str:
    used = set(Reaction.objects.filter(user=person, post=post).values_list("kind", flat=True))
    return next(kind for kind in ReactionKind.values if kind not in used)


def _event(spec, *, people, groups, when) -> None:
    kind = spec["kind"]
    if kind in ("mention", "hidden_mention"):
        post = _post(spec, people=people, groups=groups, when=when)
        if kind == "hidden_mention":
            groups_services.post_hide(post=post, by=people[spec["hidden_by"]])
    elif kind == "reply":
        author = people[spec["author"]]
        post = _thread(groups[spec["group"]], spec["thread"])
        _membership(post.group, author)
        groups_services.reply_create(
            post=post, author=author, body=spec["body"].strip(), created_at=when
        )
    elif kind == "reactions":
        post = _thread(groups[spec["group"]], spec["thread"])
        for email in spec["by"]:
            _membership(post.group, people[email])
            groups_services.reaction_toggle(
                user=people[email], kind=_unused_kind(people[email], post), post=post
            )
    elif kind == "join_request":
        group = groups[spec["group"]]
        asking = next(
            people[email]
            for email in spec["by"]
            if not GroupMembership.objects.filter(group=group, user=people[email]).exists()
        )
        groups_services.membership_join(group=group, user=asking)
    elif kind == "manifesto_reply":
        _manifesto_reply(spec, people=people, when=when)


def _manifesto_reply(spec, *, people, when) -> None:
    thread_spec = next(t for t in read("manifesto")["threads"] if t.get("id") == spec["thread"])
    thread = ManifestoComment.objects.get(
        parent=None,
        section_key=thread_spec["section"],
        author=people[thread_spec["author"]],
        version__number=thread_spec["version"],
    )
    latest = ManifestoVersion.objects.filter(status="published").order_by("-number").first()
    # Its email stays off, as in demo/manifesto.py; the notifications are the service's own.
    reply = pillars_services.comment_create(
        version=latest, section_key=thread.section_key, author=people[spec["author"]],
        body=spec["body"].strip(), parent=thread, notify=False, created_at=when,
    )  # fmt: skip
    pillars_notifying.reply_notify(reply=reply)


def _showcase(member: User, people, groups) -> None:
    now = timezone.now()
    for spec in DATA["events"]:
        when = now - timedelta(hours=spec["hours_ago"])
        mark = _mark()
        _event(spec, people=people, groups=groups, when=when)
        _told_at(mark, when, read_by=member if spec.get("read") else None)


def _loaded() -> bool:
    first = next(spec for spec in DATA["events"] if spec["kind"] == "mention")
    return Post.objects.filter(title=first["title"]).exists()


def load_demo_notifications() -> int:
    """The demo's notifications and settings, once; returns how many notifications were added."""
    people = {user.email: user for user in User.objects.filter(deleted_at=None)}
    member = people.get(DATA["member"])
    if member is None or _loaded() or not WorkingGroup.objects.exists():
        return 0
    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    mark = _mark()
    with transaction.atomic():
        _settings(people, groups)
        # Joining a group to follow it told its leads (or the member) long ago.
        _told_at(mark, timezone.now() - timedelta(days=DATA["read_after_days"] + 30))
        _manifesto_history()
        _library_history()
        _read_old(mark, days=DATA["read_after_days"])
        _showcase(member, people, groups)
        _emailed_then(mark)
    return Notification.objects.filter(pk__gt=mark).count()


def demo_summary() -> str:
    rows = Notification.objects.filter(withdrawn_at=None)
    return f"{rows.count()} notifications, {rows.filter(read_at=None).count()} unread"
