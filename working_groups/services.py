import re
from datetime import date, datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from alliance.access import can_moderate, can_post_in, is_member
from alliance.jobs import enqueue
from members.models import EmailKind, User
from working_groups import markdown
from working_groups.models import (
    RESERVED_SLUGS,
    DigestDelivery,
    GroupMembership,
    Mention,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Reply,
    Report,
    WorkingGroup,
)

MAX_BODY = 20_000
MAX_TAGS = 5
SEARCH_CONFIG = "english"

# --- Groups and memberships -------------------------------------------------------------------


def group_save(*, group: WorkingGroup, leads=()) -> WorkingGroup:
    """Create or update a group; the given members become its leads (and join it if needed)."""
    if group.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"“{group.slug}” is used by the site; choose another."})
    group.full_clean()
    with transaction.atomic():
        group.save()
        lead_ids = {user.pk for user in leads}
        GroupMembership.objects.filter(group=group, role=GroupMembership.Role.LEAD).exclude(
            user_id__in=lead_ids
        ).update(role=GroupMembership.Role.MEMBER)
        now = timezone.now()
        for user in leads:
            GroupMembership.objects.update_or_create(
                group=group,
                user=user,
                defaults={
                    "role": GroupMembership.Role.LEAD,
                    "state": GroupMembership.State.ACTIVE,
                },
                create_defaults={
                    "role": GroupMembership.Role.LEAD,
                    "state": GroupMembership.State.ACTIVE,
                    "joined_at": now,
                },
            )
        _recount_members(group)
    return group


def _recount_members(group):
    group.member_count = GroupMembership.objects.filter(
        group=group, state=GroupMembership.State.ACTIVE
    ).count()
    WorkingGroup.objects.filter(pk=group.pk).update(member_count=group.member_count)


def membership_join(*, group: WorkingGroup, user: User) -> GroupMembership:
    """Join an open group at once, or ask the leads of a request-to-join group."""
    if not is_member(user):
        raise PermissionDenied("Working groups are for members of the alliance.")
    state = GroupMembership.State.ACTIVE if group.is_open else GroupMembership.State.REQUESTED
    now = timezone.now()
    with transaction.atomic():
        membership, created = GroupMembership.objects.get_or_create(
            group=group,
            user=user,
            defaults={"state": state, "joined_at": now if group.is_open else None},
        )
        if not created:
            return membership
        if membership.is_active:
            _recount_members(group)
    return membership


def membership_leave(*, group: WorkingGroup, user: User) -> None:
    """Leave the group, or withdraw a request to join it."""
    with transaction.atomic():
        GroupMembership.objects.filter(group=group, user=user).delete()
        _recount_members(group)


def membership_approve(*, membership: GroupMembership, decided_by: User) -> GroupMembership:
    """A lead lets a member into a request-to-join group."""
    with transaction.atomic():
        approved = GroupMembership.objects.filter(
            pk=membership.pk, state=GroupMembership.State.REQUESTED
        ).update(state=GroupMembership.State.ACTIVE, joined_at=timezone.now())
        if not approved:
            raise ValidationError("This request has already been decided.")
        _recount_members(membership.group)
    membership.refresh_from_db()
    return membership


def membership_decline(*, membership: GroupMembership, decided_by: User) -> None:
    """A lead turns down a request to join; the member may ask again later."""
    deleted, _ = GroupMembership.objects.filter(
        pk=membership.pk, state=GroupMembership.State.REQUESTED
    ).delete()
    if not deleted:
        raise ValidationError("This request has already been decided.")


# --- Mentions ---------------------------------------------------------------------------------

# "@" at the start of a word, then the first word of a name.
_MENTION = re.compile(r"(?<![\w@])@(\w[\w'’.-]*)")


def _resolve_mentions(text: str) -> tuple[str, list[User]]:
    """Turn "@Full Name" of members into links; return the text and who was mentioned.

    A mention is the longest member name the text continues with after "@", so
    "@Ana Lima thanks" finds Ana Lima even when another member is called Ana.
    """
    firsts = {match.group(1).lower().rstrip(".-'’") for match in _MENTION.finditer(text)}
    if not firsts:
        return text, []
    by_first = Q()
    for first in firsts:
        by_first |= Q(name__istartswith=first)
    candidates = sorted(
        User.objects.filter(by_first, deleted_at=None, profile__member_since__isnull=False),
        key=lambda user: -len(user.name),
    )
    mentioned: dict[int, User] = {}
    out, position = [], 0
    for match in _MENTION.finditer(text):
        start = match.start() + 1
        for user in candidates:
            end = start + len(user.name)
            follows = text[end : end + 1]
            if text[start:end].lower() == user.name.lower() and not (
                follows.isalnum() or follows == "_"
            ):
                out.append(text[position : match.start()])
                url = reverse("members:profile", args=[user.pk])
                out.append(markdown.mention_link(name=user.name, url=url))
                position = end
                mentioned[user.pk] = user
                break
    out.append(text[position:])
    return "".join(out), list(mentioned.values())


def _record_mentions(*, users, author, post=None, reply=None, notify=True) -> list[Mention]:
    target = {"post": post} if post is not None else {"reply": reply}
    already = set(Mention.objects.filter(**target).values_list("user_id", flat=True))
    # No ignore_conflicts: PostgreSQL would then not return the new ids the tasks need. The
    # caller's transaction makes a conflict (the same edit saved twice at once) fail loudly.
    mentions = Mention.objects.bulk_create(
        [
            Mention(user=user, mentioned_by=author, **target)
            for user in users
            if user.pk != author.pk and user.pk not in already
        ]
    )
    if notify:
        for mention in mentions:
            enqueue("working_groups.tasks.send_mention_email", mention.pk)
    return mentions


# --- Posts ------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something before you send it."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"Keep it under {MAX_BODY:,} characters."})
    return body


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


def _post_search_vector():
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body_markdown", weight="B", config=SEARCH_CONFIG
    )


def post_create(
    *,
    group: WorkingGroup,
    author: User,
    title: str = "",
    body: str,
    tags=(),
    notify: bool = True,
    created_at: datetime | None = None,
) -> Post:
    """Start a conversation in the group's feed; mentioned members are emailed."""
    if not can_post_in(author, group):
        raise PermissionDenied("Join this group to post in it.")
    body = _clean_body(body)
    tags = clean_tags(tags)
    now = created_at or timezone.now()
    linked, mentioned = _resolve_mentions(body)
    with transaction.atomic():
        post = Post.objects.create(
            group=group,
            author=author,
            title=title.strip()[:200],
            body_markdown=body,
            body_html=markdown.render(linked),
            created_at=now,
            last_activity_at=now,
        )
        if tags:
            post.tags.set(tags)
        Post.objects.filter(pk=post.pk).update(search_vector=_post_search_vector())
        WorkingGroup.objects.filter(pk=group.pk).update(
            post_count=F("post_count") + 1,
            last_activity_at=Greatest(F("last_activity_at"), now),
        )
        _record_mentions(users=mentioned, author=author, post=post, notify=notify)
    return post


def post_edit(*, post: Post, editor: User, title: str = "", body: str, tags=()) -> Post:
    """The author rewrites their post; the earlier version is kept for leads and staff."""
    if editor.pk != post.author_id:
        raise PermissionDenied("Only the author edits a post.")
    body = _clean_body(body)
    tags = clean_tags(tags)
    linked, mentioned = _resolve_mentions(body)
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            title=post.title,
            body_markdown=post.body_markdown,
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
        )
        post.title = title.strip()[:200]
        post.body_markdown = body
        post.body_html = markdown.render(linked)
        post.edited_at = now
        post.save(update_fields=["title", "body_markdown", "body_html", "edited_at"])
        post.tags.set(tags)
        Post.objects.filter(pk=post.pk).update(search_vector=_post_search_vector())
        _record_mentions(users=mentioned, author=editor, post=post)
    return post


def post_delete(*, post: Post, user: User) -> Post:
    """The author removes their post; it leaves the feed (the row stays, for moderation)."""
    if user.pk != post.author_id:
        raise PermissionDenied("Only the author deletes a post.")
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, deleted_at=None).update(deleted_at=timezone.now())
        if updated:
            WorkingGroup.objects.filter(pk=post.group_id).update(post_count=F("post_count") - 1)
    post.refresh_from_db()
    return post


def _moderator(user, group):
    if not can_moderate(user, group):
        raise PermissionDenied("Only this group's leads and the staff moderate it.")


def post_pin(*, post: Post, by: User, pinned: bool = True) -> Post:
    """Pin a post above the feed, or unpin it."""
    _moderator(by, post.group)
    Post.objects.filter(pk=post.pk).update(is_pinned=pinned)
    post.is_pinned = pinned
    return post


def post_lock(*, post: Post, by: User, locked: bool = True) -> Post:
    """Close a thread to new replies, or open it again."""
    _moderator(by, post.group)
    Post.objects.filter(pk=post.pk).update(is_locked=locked)
    post.is_locked = locked
    return post


def _resolve_reports(*, by, resolution, **target):
    Report.objects.filter(resolved_at=None, **target).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution
    )


def post_hide(*, post: Post, by: User) -> Post:
    """Take a post out of sight of everyone but the group's moderators; settles its reports."""
    _moderator(by, post.group)
    with transaction.atomic():
        Post.objects.filter(pk=post.pk, hidden_at=None).update(
            hidden_at=timezone.now(), hidden_by=by
        )
        _resolve_reports(by=by, resolution="hidden", post=post)
    post.refresh_from_db()
    return post


def post_restore(*, post: Post, by: User) -> Post:
    """Show a hidden post again."""
    _moderator(by, post.group)
    Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_by=None)
    post.refresh_from_db()
    return post


# --- Replies ----------------------------------------------------------------------------------


def reply_create(
    *,
    post: Post,
    author: User,
    body: str,
    quoted: Reply | None = None,
    notify: bool = True,
    created_at: datetime | None = None,
) -> Reply:
    """Answer a post; its author and the members mentioned are emailed."""
    if not can_post_in(author, post.group):
        raise PermissionDenied("Join this group to reply in it.")
    if post.is_locked:
        raise ValidationError("This thread is locked: it takes no new replies.")
    if post.is_hidden or post.deleted_at:
        raise ValidationError("This post is no longer open for replies.")
    if quoted is not None and quoted.post_id != post.pk:
        raise ValidationError("A reply quotes only replies of its own thread.")
    body = _clean_body(body)
    now = created_at or timezone.now()
    linked, mentioned = _resolve_mentions(body)
    with transaction.atomic():
        reply = Reply.objects.create(
            post=post,
            author=author,
            quoted=quoted,
            body_markdown=body,
            body_html=markdown.render(linked),
            created_at=now,
        )
        Reply.objects.filter(pk=reply.pk).update(
            search_vector=SearchVector("body_markdown", weight="B", config=SEARCH_CONFIG)
        )
        Post.objects.filter(pk=post.pk).update(
            reply_count=F("reply_count") + 1,
            last_activity_at=Greatest(F("last_activity_at"), now),
        )
        WorkingGroup.objects.filter(pk=post.group_id).update(
            last_activity_at=Greatest(F("last_activity_at"), now)
        )
        _record_mentions(users=mentioned, author=author, reply=reply, notify=notify)
        if notify and post.author_id != author.pk:
            enqueue("working_groups.tasks.send_reply_email", reply.pk)
    return reply


def reply_delete(*, reply: Reply, user: User) -> Reply:
    """The author removes their reply; the thread shows where it was."""
    if user.pk != reply.author_id:
        raise PermissionDenied("Only the author deletes a reply.")
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, deleted_at=None).update(
            deleted_at=timezone.now()
        )
        if updated and reply.hidden_at is None:
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") - 1)
    reply.refresh_from_db()
    return reply


def reply_hide(*, reply: Reply, by: User) -> Reply:
    """Take a reply out of sight of everyone but the moderators; settles its reports."""
    _moderator(by, reply.post.group)
    with transaction.atomic():
        hidden = Reply.objects.filter(pk=reply.pk, hidden_at=None, deleted_at=None).update(
            hidden_at=timezone.now(), hidden_by=by
        )
        if hidden:
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") - 1)
        _resolve_reports(by=by, resolution="hidden", reply=reply)
    reply.refresh_from_db()
    return reply


def reply_restore(*, reply: Reply, by: User) -> Reply:
    """Show a hidden reply again."""
    _moderator(by, reply.post.group)
    with transaction.atomic():
        shown = Reply.objects.filter(pk=reply.pk, deleted_at=None).exclude(hidden_at=None)
        if shown.update(hidden_at=None, hidden_by=None):
            Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") + 1)
    reply.refresh_from_db()
    return reply


# --- Reactions and reports --------------------------------------------------------------------


def reaction_toggle(
    *, user: User, kind: str, post: Post | None = None, reply: Reply | None = None
) -> bool:
    """Add the member's reaction of this kind, or take it back; True when it is now on."""
    if kind not in ReactionKind.values:
        raise ValidationError("Unknown reaction.")
    group = post.group if post is not None else reply.post.group
    if not can_post_in(user, group):
        raise PermissionDenied("Join this group to react in it.")
    target = {"post": post} if post is not None else {"reply": reply}
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(user=user, kind=kind, **target).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(user=user, kind=kind, **target)
        except IntegrityError:
            pass  # a double click raced this one; the reaction is on either way
    return True


def report_create(
    *, reporter: User, reason: str, post: Post | None = None, reply: Reply | None = None
) -> Report:
    """Flag a post or a reply for the group's leads and the staff."""
    if not is_member(reporter):
        raise PermissionDenied("Reports come from members.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tell the moderators what is wrong with it."})
    group_id = post.group_id if post is not None else reply.post.group_id
    return Report.objects.create(
        group_id=group_id, reporter=reporter, reason=reason[:1000], post=post, reply=reply
    )


def report_dismiss(*, report: Report, by: User) -> Report:
    """Close a report without hiding anything."""
    _moderator(by, report.group)
    Report.objects.filter(pk=report.pk, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=by, resolution="dismissed"
    )
    report.refresh_from_db()
    return report


# --- Weekly digest ----------------------------------------------------------------------------


def digest_week_start(*, today: date | None = None) -> date:
    """The Monday of the last full week before `today`."""
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def digest_schedule(*, week_start: date) -> int:
    """Queue one digest a member of some group for the week; a second run queues nothing."""
    people = (
        User.objects.filter(
            group_memberships__state=GroupMembership.State.ACTIVE,
            profile__member_since__isnull=False,
            deleted_at=None,
            is_active=True,
        )
        .exclude(email_preferences__turned_off__contains=[EmailKind.DIGEST])
        .values_list("id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        already = set(
            DigestDelivery.objects.filter(week_start=week_start).values_list("user_id", flat=True)
        )
        created = DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(user_id=user_id, week_start=week_start)
                for user_id in people
                if user_id not in already
            ]
        )
        for delivery in created:
            enqueue("working_groups.tasks.send_digest", delivery.pk)
    return len(created)
