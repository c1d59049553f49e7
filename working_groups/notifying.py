"""Who the working groups tell, and why. The services call these functions inside their own
transaction; each records its notifications through notifications.services.notify, which emails
those who want it once the transaction commits.

Each event tells each member once, for the strongest of their reasons: a mention, then a reply
to their post, then a thread they watch, then a group they watch (Watching: every new post and
reply; New posts only: every new post). Nobody is told of what they did themselves, nor of what
is said in a group they may not read (a closed group: its active members only), nor of anything
from a group or a thread they muted. A member who turned off a group's emails is told of it in
the app only.

Notifications stand below the groups and never import them: `register()` (AppConfig.ready)
tells them which posts and groups a member may still open, and how a group's emails are turned
off from an email's one-click unsubscribe.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from alliance.access import is_member
from members.models import EmailKind
from notifications import services as ledger
from notifications.models import Kind
from notifications.services import Target, Why
from notifications.targets import key, register_scope_email_off, register_target
from working_groups import notifying_calls
from working_groups.access import readable_post_ids, readers_of_group
from working_groups.models import GroupMembership, PostWatch, WatchLevel, WorkingGroup

POST = "working_groups.post"
GROUP = "working_groups.group"
ACTIVE = GroupMembership.State.ACTIVE


def register() -> None:
    register_target(POST, _visible_posts)
    notifying_calls.register()
    register_target(GROUP, _visible_groups)
    register_scope_email_off(GROUP, _group_emails_off)


def _visible_posts(*, user, ids) -> set[int]:
    """The posts the member reads now: the feed's own rule, in one query."""
    return readable_post_ids(viewer=user, post_ids=ids)


def _visible_groups(*, user, ids) -> set[int]:
    """A group's page (its name, purpose and leads) is open to every member of the alliance,
    so what a notification says about the group itself (a decision on the member's request to
    join, a join request or report for its leads) stays theirs to open; what is said in its
    feed is checked post by post, above."""
    if not user.is_authenticated or not is_member(user):
        return set()
    return set(WorkingGroup.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))


def _group_emails_off(*, user_id: int, pk: int) -> bool:
    # The one-click unsubscribe of a group's email is the member's own switch for the group
    # (services.group_emails_set), written here because the services stand above this module.
    return bool(
        GroupMembership.objects.filter(user_id=user_id, group_id=pk).update(emails_off=True)
    )


# --- Keys, targets and reasons ----------------------------------------------------------------


def post_key(post_id: int) -> str:
    return key(POST, post_id)


def group_key(group_id: int) -> str:
    return key(GROUP, group_id)


def reply_event(reply_id: int) -> str:
    return f"working_groups.reply:{reply_id}"


def _request_event(membership_id: int, decision: str) -> str:
    return f"working_groups.membership:{membership_id}:{decision}"


def post_title(post) -> str:
    return f"“{post.title or Truncator(post.body_markdown).words(8)}”"


def _post_target(post, *, url: str = "", excerpt: str = "") -> Target:
    """A post (or a reply in it: `url`), in its group's scope."""
    url = url or post.get_absolute_url()
    return Target(post_key(post.pk), post_title(post), url, group_key(post.group_id), excerpt)


def _group_target(group, *, url: str = "", excerpt: str = "") -> Target:
    url = url or group.get_absolute_url()
    return Target(group_key(group.pk), group.name, url, group_key(group.pk), excerpt)


def _moderation_url(group, anchor: str) -> str:
    return f"{reverse('working_groups:moderation', args=[group.slug])}#{anchor}"


def _thread_why(post, reason: str, text: str) -> Why:
    """A reason the member changes on the thread itself (watch it, or mute it)."""
    return Why(reason, text, f"{post.get_absolute_url()}#watch", "Watch or mute this thread")


def _group_why(group, reason: str, text: str) -> Why:
    """A reason the member changes with how they follow the group."""
    url = f"{group.get_absolute_url()}#notifications"
    return Why(reason, text, url, f"Change how you follow {group.name}")


@dataclass(frozen=True)
class _Reason:
    kind: str
    verb: str
    why: Why
    email_kind: str = ""


def _mention(post) -> _Reason:
    why = _thread_why(post, "mentioned", "You were mentioned")
    return _Reason(Kind.MENTION, f"mentioned you in {post.group.name}:", why, EmailKind.MENTIONS)


def _group_follower(group, level: str, kind: str, verb: str) -> _Reason:
    if level == WatchLevel.WATCHING:
        why = _group_why(group, "watching_group", f"You watch the {group.name} group")
    else:
        why = _group_why(group, "new_posts", f"You follow new posts in {group.name}")
    return _Reason(kind, verb, why, EmailKind.GROUP_ACTIVITY)


def _lead(group, kind: str, verb: str) -> _Reason:
    why = Why(
        "group_lead",
        f"You lead the {group.name} group",
        reverse("members:email_preferences"),
        "Change your email settings",
    )
    return _Reason(kind, verb, why, EmailKind.MODERATION)


# --- Who stands where -------------------------------------------------------------------------


@dataclass
class _Audience:
    """Where the members an event may concern stand: `allowed` read the group and muted
    neither it nor the thread; `levels` is each active member's watch level of the group,
    `threads` their own setting for the thread; `emails_off`, who turned the group's emails
    off."""

    allowed: set[int]
    levels: dict[int, str]
    threads: dict[int, str]
    emails_off: set[int]

    def at_level(self, level: str) -> set[int]:
        return {pk for pk, theirs in self.levels.items() if theirs == level}

    def watching_thread(self) -> set[int]:
        return {pk for pk, theirs in self.threads.items() if theirs == PostWatch.Level.WATCHING}


def _audience(*, group, post=None, named: Iterable[int] = (), levels=()) -> _Audience:
    """The members `named` (mentioned, the post's author, the group's leads), those who watch
    the thread, and the active members at one of `levels`: three queries, however many."""
    threads = {}
    if post is not None:
        threads = dict(PostWatch.objects.filter(post=post).values_list("user_id", "level"))
    concerned = set(named) | set(threads)
    rows = (
        GroupMembership.objects.filter(group=group)
        .filter(Q(user_id__in=concerned) | Q(state=ACTIVE, watch_level__in=list(levels)))
        .values_list("user_id", "state", "watch_level", "emails_off")
    )
    member_levels, emails_off = {}, set()
    for user_id, state, level, off in rows:
        concerned.add(user_id)
        if state == ACTIVE:
            member_levels[user_id] = level
        if off:
            emails_off.add(user_id)
    muted = {pk for pk, level in member_levels.items() if level == WatchLevel.MUTED}
    muted |= {pk for pk, level in threads.items() if level == PostWatch.Level.MUTED}
    allowed = readers_of_group(group=group, user_ids=concerned) - muted if concerned else set()
    return _Audience(allowed, member_levels, threads, emails_off)


def _tell(*, event_key: str, target: Target, actor, audience: _Audience, reasons) -> int:
    """Tell each allowed member once, for the first of `reasons` ((reason, user ids), the
    strongest first) that names them; by email too where the reason has an email kind and
    the member has not turned the group's emails off. Returns how many were told."""
    told = {actor.pk} if actor is not None else set()
    count = 0
    for reason, user_ids in reasons:
        fresh = (set(user_ids) & audience.allowed) - told
        told |= fresh
        emailed = fresh - audience.emails_off if reason.email_kind else set()
        for who, email_kind in ((emailed, reason.email_kind), (fresh - emailed, "")):
            count += ledger.notify(
                user_ids=who,
                kind=reason.kind,
                event_key=event_key,
                target=target,
                verb=reason.verb,
                why=reason.why,
                actor=actor,
                email_kind=email_kind,
            )
    return count


# --- Posts and replies ------------------------------------------------------------------------


def post_created(*, post, mentioned: Iterable[int]) -> int:
    """A new post: the members it mentions, and those who follow the group's new posts."""
    group, mentioned = post.group, set(mentioned)
    audience = _audience(
        group=group, named=mentioned, levels=(WatchLevel.WATCHING, WatchLevel.NEW_POSTS)
    )
    verb = f"started a conversation in {group.name}:"
    return _tell(
        event_key=post_key(post.pk),
        target=_post_target(post, excerpt=post.body_markdown),
        actor=post.author,
        audience=audience,
        reasons=[
            (_mention(post), mentioned),
            (
                _group_follower(group, WatchLevel.WATCHING, Kind.NEW_POST, verb),
                audience.at_level(WatchLevel.WATCHING),
            ),
            (
                _group_follower(group, WatchLevel.NEW_POSTS, Kind.NEW_POST, verb),
                audience.at_level(WatchLevel.NEW_POSTS),
            ),
        ],
    )


def post_mentions_added(*, post, mentioned: Iterable[int], revision_id: int) -> int:
    """An edit that names members the post did not mention before: those members only."""
    mentioned = set(mentioned)
    if not mentioned:
        return 0
    return _tell(
        event_key=f"{post_key(post.pk)}:edit:{revision_id}",
        target=_post_target(post, excerpt=post.body_markdown),
        actor=post.author,
        audience=_audience(group=post.group, post=post, named=mentioned),
        reasons=[(_mention(post), mentioned)],
    )


def reply_created(*, reply, mentioned: Iterable[int]) -> int:
    """A new reply: the members it mentions, the post's author, those who watch the thread,
    and those who watch the group."""
    post, mentioned = reply.post, set(mentioned)
    group = post.group
    audience = _audience(
        group=group, post=post, named=mentioned | {post.author_id}, levels=[WatchLevel.WATCHING]
    )
    to_you = _Reason(
        Kind.REPLY,
        "replied to your post",
        _thread_why(post, "your_post", "It is a reply to your post"),
        EmailKind.REPLIES,
    )
    in_group = f"replied in {group.name}:"
    watched = _Reason(
        Kind.REPLY,
        in_group,
        _thread_why(post, "watching_thread", "You watch this thread"),
        EmailKind.GROUP_ACTIVITY,
    )
    return _tell(
        event_key=reply_event(reply.pk),
        target=_post_target(post, url=reply.get_absolute_url(), excerpt=reply.body_markdown),
        actor=reply.author,
        audience=audience,
        reasons=[
            (_mention(post), mentioned),
            (to_you, {post.author_id}),
            (watched, audience.watching_thread()),
            (
                _group_follower(group, WatchLevel.WATCHING, Kind.REPLY, in_group),
                audience.at_level(WatchLevel.WATCHING),
            ),
        ],
    )


def reaction_added(*, reaction, post, reply=None) -> None:
    """A reaction to the member's post or reply: in the app only, folded into their unread
    notification of reactions in that thread ("Ana and 2 others reacted …")."""
    written = reply if reply is not None else post
    audience = _audience(group=post.group, post=post, named={written.author_id})
    if written.author_id not in audience.allowed:
        return
    what = "reply" if reply is not None else "post"
    ledger.notify_consolidated(
        user_id=written.author_id,
        kind=Kind.REACTION,
        event_key=f"working_groups.reaction:{reaction.pk}",
        target=_post_target(post, url=written.get_absolute_url()),
        verb="reacted to your reply in" if reply is not None else "reacted to your post",
        why=_thread_why(post, f"your_{what}", f"It is a reaction to your {what}"),
        actor=reaction.user,
    )


def post_withdrawn(*, post) -> int:
    """A post hidden or deleted: what members were told of it, and of its replies, leaves."""
    return ledger.notifications_withdraw(target_key=post_key(post.pk))


def reply_withdrawn(*, reply) -> int:
    """A reply hidden or deleted: what members were told of it leaves."""
    return ledger.notifications_withdraw(event_key=reply_event(reply.pk))


# --- Memberships and moderation ---------------------------------------------------------------


def _leads(group) -> set[int]:
    return set(
        GroupMembership.objects.filter(
            group=group, role=GroupMembership.Role.LEAD, state=ACTIVE
        ).values_list("user_id", flat=True)
    )


def join_requested(*, membership) -> int:
    """A request to join a request-to-join group: its leads."""
    group, leads = membership.group, _leads(membership.group)
    return _tell(
        event_key=_request_event(membership.pk, "requested"),
        target=_group_target(group, url=_moderation_url(group, "requests")),
        actor=membership.user,
        audience=_audience(group=group, named=leads),
        reasons=[(_lead(group, Kind.JOIN_REQUEST, "asked to join"), leads)],
    )


def report_created(*, report, group) -> int:
    """A report on a post or a reply: the group's leads."""
    leads = _leads(group)
    what = "post" if report.post_id else "reply"
    return _tell(
        event_key=f"working_groups.report:{report.pk}",
        target=_group_target(
            group, url=_moderation_url(group, f"report-{report.pk}"), excerpt=report.reason
        ),
        actor=report.reporter,
        audience=_audience(group=group, named=leads),
        reasons=[(_lead(group, Kind.REPORT, f"reported a {what} in"), leads)],
    )


def _decided(membership, decided_by, decision: str, verb: str, why: Why) -> int:
    return ledger.notify(
        user_ids=[membership.user_id],
        kind=Kind.MEMBERSHIP,
        event_key=_request_event(membership.pk, decision),
        target=_group_target(membership.group),
        verb=verb,
        why=why,
        actor=decided_by,
    )


def membership_approved(*, membership, decided_by) -> int:
    """A lead let the member in: in the app (it is news, not a reason to email)."""
    group = membership.group
    why = _group_why(group, "your_request", f"You asked to join {group.name}")
    return _decided(membership, decided_by, "approved", "let you into", why)


def membership_declined(*, membership, decided_by) -> int:
    """A lead turned the member's request down: in the app."""
    why = Why("your_request", f"You asked to join {membership.group.name}")
    return _decided(membership, decided_by, "declined", "declined your request to join", why)


def membership_ended(*, membership) -> None:
    """The member left the group, was removed, or took their request back: what they were told
    in it leaves their bell, and the leads' notification of a request taken back leaves
    theirs."""
    ledger.notifications_withdraw(scope_key=group_key(membership.group_id), user=membership.user_id)
    if membership.state == GroupMembership.State.REQUESTED:
        ledger.notifications_withdraw(event_key=_request_event(membership.pk, "requested"))
