"""Who may read, write in and moderate which working group. Every working-groups view asks
here; the roles themselves (visitor, applicant, member, staff) are alliance.access's.

Everyone sees that a group exists and what it is for. Its feed is read by alliance members
when the group is open, and only by the group's own members when it is request-to-join;
staff read every feed. Only a group's active members post, reply and react in it; its leads
and the staff moderate it.

The rules take the viewer's membership of the group as an argument: the lookups below return
it beside the object they find, and views hand it on to the selectors and services that check
a rule again, so a page looks it up once (a page that needs the object alone gets it from a
lookup that looks the membership up only if a rule needs it). Code with no membership in hand
(a task, an admin action) leaves it out; a rule then looks it up only if its answer depends
on it, and keeps nothing. No membership is ever stored on a group.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from alliance.access import is_member
from members.models import User
from working_groups.models import (
    Call,
    CallSeries,
    GroupMembership,
    Post,
    Reply,
    Report,
    WorkingGroup,
)


class Unknown:
    """A membership not looked up yet (unlike None: the viewer has none). Never true or false,
    so that it cannot pass for either by mistake."""

    def __repr__(self):
        return "UNKNOWN"

    def __bool__(self):
        raise TypeError("UNKNOWN is not a membership: look it up first")


UNKNOWN = Unknown()
# What a caller hands a rule: the viewer's membership, None (they have none), or UNKNOWN.
InHand = GroupMembership | None | Unknown


def group_membership(viewer, group) -> GroupMembership | None:
    """The viewer's membership of the group (active or requested), or None: one query."""
    if not viewer.is_authenticated:
        return None
    return GroupMembership.objects.filter(group=group, user=viewer).first()


class _LookedUpOnce:
    """For the checks of one lookup that returns no membership: the membership is looked up
    the first time one of them needs it, and not again by the next."""

    def __init__(self, viewer, group):
        self.viewer, self.group = viewer, group

    @cached_property
    def membership(self) -> GroupMembership | None:
        return group_membership(self.viewer, self.group)


def _in_hand(viewer, group, membership: InHand | _LookedUpOnce) -> GroupMembership | None:
    if membership is UNKNOWN:
        return group_membership(viewer, group)
    if isinstance(membership, _LookedUpOnce):
        return membership.membership
    if membership is not None and (
        membership.user_id != viewer.pk or membership.group_id != group.pk
    ):
        raise ValueError("That membership is not the viewer's in this group.")
    return membership


def _is_active(membership) -> bool:
    return membership is not None and membership.is_active


# --- Reading ----------------------------------------------------------------------------------


def _reads(viewer, *, is_open: bool, is_active_member: Callable[[], bool]) -> bool:
    """The one rule for reading a group's feed, used by the page checks and the queries alike.

    Staff read every group; other members of the alliance read the open groups and the groups
    they are active members of; nobody else reads any. `is_active_member` is asked only when
    the answer depends on it.
    """
    return _reads_as(
        is_staff=viewer.is_authenticated and viewer.is_staff,
        is_alliance_member=lambda: is_member(viewer),
        is_open=is_open,
        is_active_member=is_active_member,
    )


def _reads_as(
    *,
    is_staff: bool,
    is_alliance_member: Callable[[], bool],
    is_open: bool,
    is_active_member: Callable[[], bool],
) -> bool:
    """The rule itself, from what is known of the reader (for many readers at once, below)."""
    if is_staff:
        return True
    if not is_alliance_member():
        return False
    return is_open or is_active_member()


def can_read_group(viewer, group, membership: InHand = UNKNOWN) -> bool:
    return _reads(
        viewer,
        is_open=group.is_open,
        is_active_member=lambda: _is_active(_in_hand(viewer, group, membership)),
    )


def readable_group_ids(*, viewer) -> list[int]:
    """The groups whose feed the viewer reads: the rule above, applied to every group with the
    viewer's membership of it, in one query (a correlated lookup on the membership's unique
    index per group: the groups are few)."""
    mine = GroupMembership.objects.filter(group=OuterRef("pk"), user_id=viewer.pk)
    rows = (
        WorkingGroup.objects.annotate(viewer_state=Subquery(mine.values("state")[:1]))
        .order_by("id")
        .values_list("id", "join_policy", "viewer_state")
    )
    return _read_by(viewer, rows)


def _read_by(viewer, rows) -> list[int]:
    """The ids of (id, the group's join policy, the viewer's membership state) rows whose
    group's feed the viewer reads, by the rule above."""
    return [
        pk
        for pk, join_policy, state in rows
        if _reads(
            viewer,
            is_open=join_policy == WorkingGroup.JoinPolicy.OPEN,
            is_active_member=lambda state=state: state == GroupMembership.State.ACTIVE,
        )
    ]


def readable_post_ids(*, viewer, post_ids) -> set[int]:
    """Those of the posts the viewer reads now (their group's feed is theirs to read, and the
    post is neither hidden nor deleted), in one query: what a notification about a post may
    still show them."""
    mine = GroupMembership.objects.filter(group=OuterRef("group_id"), user_id=viewer.pk)
    rows = (
        Post.objects.filter(pk__in=list(post_ids), hidden_at=None, deleted_at=None)
        .annotate(viewer_state=Subquery(mine.values("state")[:1]))
        .values_list("id", "group__join_policy", "viewer_state")
    )
    return set(_read_by(viewer, rows))


def readers_of_group(*, group, user_ids) -> set[int]:
    """Those of the people who read the group's feed now, by the rule above, in one query:
    who may be told of what is said in it."""
    state = GroupMembership.objects.filter(group=group, user_id=OuterRef("pk")).values("state")
    rows = (
        User.objects.filter(pk__in=list(user_ids), is_active=True)
        .annotate(state=Subquery(state[:1]))
        .values_list("pk", "is_staff", "profile__member_since", "state")
    )
    return {
        pk
        for pk, is_staff, member_since, state in rows
        if _reads_as(
            is_staff=is_staff,
            is_alliance_member=lambda member_since=member_since: member_since is not None,
            is_open=group.is_open,
            is_active_member=lambda state=state: state == GroupMembership.State.ACTIVE,
        )
    }


# --- Writing and moderating -------------------------------------------------------------------


def can_post_in(viewer, group, membership: InHand = UNKNOWN) -> bool:
    """Post, reply and react: the group's active members (staff too only when they are one)."""
    if not is_member(viewer):
        return False
    return _is_active(_in_hand(viewer, group, membership))


def can_moderate(viewer, group, membership: InHand = UNKNOWN) -> bool:
    """A lead of this group, or staff."""
    if not viewer.is_authenticated:
        return False
    if viewer.is_staff:
        return True
    membership = _in_hand(viewer, group, membership)
    return membership is not None and membership.is_lead and is_member(viewer)


def require_post_in(viewer, group, membership: InHand = UNKNOWN) -> None:
    if not can_post_in(viewer, group, membership):
        raise PermissionDenied("Join this group to post, reply and react in it.")


def require_moderate(viewer, group, membership: InHand = UNKNOWN) -> None:
    if not can_moderate(viewer, group, membership):
        raise PermissionDenied("Only this group's leads and the staff moderate it.")


# --- Lookups for views ------------------------------------------------------------------------


def get_group_for_user(*, viewer, slug, groups=None) -> WorkingGroup:
    """Any group by its slug: its description is public, what else shows is decided per page
    (the group page finds the viewer's membership with the group's leads, in one query; and
    `groups`, a queryset of groups, brings what a page reads with the group, as its next
    call)."""
    return get_object_or_404(WorkingGroup if groups is None else groups, slug=slug)


def get_readable_group(*, viewer, slug) -> tuple[WorkingGroup, GroupMembership | None]:
    """A group whose feed the viewer reads, and their membership; 403 when it is closed to
    them."""
    group = get_group_for_user(viewer=viewer, slug=slug)
    membership = group_membership(viewer, group)
    if not can_read_group(viewer, group, membership):
        raise PermissionDenied("This group's feed is for its members.")
    return group, membership


def _sees(viewer, group, membership, *, hidden: bool) -> bool:
    """A post or reply: in a feed the viewer reads, and if hidden, only for its moderators."""
    if not can_read_group(viewer, group, membership):
        return False
    return not hidden or can_moderate(viewer, group, membership)


class PostGone(Http404):
    """A 404 for every caller but the post's page, which says what became of the post to a
    reader of its group: deleted (its replies stay readable), or hidden (told to its author
    alone). `membership` is the viewer's of the post's group."""

    def __init__(self, post: Post, membership: GroupMembership | None):
        super().__init__("No such post.")
        self.post, self.membership = post, membership


class PostDeleted(PostGone):
    pass


class PostHiddenFromAuthor(PostGone):
    pass


def _find_post(post_id, *, deleted_too=False) -> Post:
    posts = Post.objects.select_related("group", "author__profile")
    if not deleted_too:
        posts = posts.filter(deleted_at=None)
    return get_object_or_404(posts, pk=post_id)


def _find_reply(reply_id) -> Reply:
    # A reply under a deleted post stays readable (and reportable) on the post's tombstone.
    return get_object_or_404(
        Reply.objects.select_related("post__group", "author"), pk=reply_id, deleted_at=None
    )


def get_post_for_user(*, viewer, post_id) -> tuple[Post, GroupMembership | None]:
    """A post the viewer may read, and their membership of its group (for what they may do
    there): 404 when deleted, hidden from them or in a closed feed (PostGone, for the post's
    page, when a reader of the group may learn that it was deleted or their post hidden)."""
    post = _find_post(post_id, deleted_too=True)
    membership = group_membership(viewer, post.group)
    if not can_read_group(viewer, post.group, membership):
        raise Http404("No such post.")
    if post.deleted_at:
        raise PostDeleted(post, membership)
    if not _sees(viewer, post.group, membership, hidden=post.is_hidden):
        if post.author_id == viewer.pk:
            raise PostHiddenFromAuthor(post, membership)
        raise Http404("No such post.")
    return post, membership


def get_visible_post(*, viewer, post_id) -> Post:
    """The same post by the same rules, for a page that needs the post alone (its author's
    edit and delete pages, a report): the membership is looked up only if a rule needs it."""
    post = _find_post(post_id)
    if not _sees(viewer, post.group, _LookedUpOnce(viewer, post.group), hidden=post.is_hidden):
        raise Http404("No such post.")
    return post


def get_reply_for_user(*, viewer, reply_id) -> tuple[Reply, GroupMembership | None]:
    """A reply the viewer may read, with the same rules as its post, and their membership."""
    reply = _find_reply(reply_id)
    group = reply.post.group
    membership = group_membership(viewer, group)
    if not _sees(viewer, group, membership, hidden=reply.is_hidden or reply.post.is_hidden):
        raise Http404("No such reply.")
    return reply, membership


def get_visible_reply(*, viewer, reply_id) -> Reply:
    """The same reply by the same rules, for a page that needs the reply alone (its author
    deleting it, a report)."""
    reply = _find_reply(reply_id)
    group = reply.post.group
    hidden = reply.is_hidden or reply.post.is_hidden
    if not _sees(viewer, group, _LookedUpOnce(viewer, group), hidden=hidden):
        raise Http404("No such reply.")
    return reply


def get_request_to_decide(*, viewer, slug, membership_id) -> GroupMembership:
    """A request to join a group, for the group's leads and the staff to decide; 403 for
    anyone else."""
    group = get_group_for_user(viewer=viewer, slug=slug)
    require_moderate(viewer, group)
    return get_object_or_404(
        GroupMembership.objects.select_related("user", "group"), pk=membership_id, group=group
    )


def get_report_for_moderator(*, viewer, report_id) -> tuple[Report, GroupMembership | None]:
    """A report, for its group's leads and the staff, and the viewer's membership of the
    group; 403 for anyone else."""
    report = get_object_or_404(Report.objects.select_related("group"), pk=report_id)
    membership = group_membership(viewer, report.group)
    require_moderate(viewer, report.group, membership)
    return report, membership


def get_own_membership(*, viewer, slug) -> GroupMembership:
    """The viewer's own active membership of a group (with the group), for them to choose how
    they follow it: 404 when there is no such group, 403 when they are not in it. Nobody
    reaches another member's membership: it is found from the viewer, never from the request."""
    group = get_group_for_user(viewer=viewer, slug=slug)
    membership = group_membership(viewer, group)
    if not _is_active(membership) or not is_member(viewer):
        raise PermissionDenied("Join this group to choose how you follow it.")
    membership.group = group
    return membership


# --- Calls ------------------------------------------------------------------------------------


def get_call_for_user(*, viewer, slug, call_id) -> tuple[Call, GroupMembership | None]:
    """A call of a group whose feed the viewer reads (with its group and series), and their
    membership of the group: 404 for anyone else, so a closed group's calls stay as unseen as
    its feed. What they may do there (see the join link, RSVP, edit) is the caller's to ask."""
    call = get_object_or_404(
        Call.objects.select_related("group", "series"), pk=call_id, group__slug=slug
    )
    membership = group_membership(viewer, call.group)
    if not can_read_group(viewer, call.group, membership):
        raise Http404("No such call.")
    return call, membership


def get_series_for_user(*, viewer, slug, series_id) -> tuple[CallSeries, GroupMembership | None]:
    """A call series of a group whose feed the viewer reads (with its group), and their
    membership: 404 for anyone else, as for one of its calls."""
    series = get_object_or_404(
        CallSeries.objects.select_related("group"), pk=series_id, group__slug=slug
    )
    membership = group_membership(viewer, series.group)
    if not can_read_group(viewer, series.group, membership):
        raise Http404("No such series.")
    return series, membership


def sees_join_link(viewer, group, membership: InHand = UNKNOWN) -> bool:
    """The join link of a group's calls: its active members only (staff too only when they are
    one), never a reader of an open group who has not joined."""
    return can_post_in(viewer, group, membership)
