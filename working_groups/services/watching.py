"""How closely each member follows a group and its threads, and whether the group emails them;
and the level new members of a group start at, chosen by its leads or the staff."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import User
from working_groups.access import UNKNOWN, InHand, can_post_in, require_moderate
from working_groups.models import GroupMembership, Post, PostWatch, WatchLevel, WorkingGroup

# A thread back at the group's level has no row of its own.
FOLLOW_GROUP = "default"


def _own_active(membership: GroupMembership) -> None:
    if not membership.is_active:
        raise PermissionDenied("Join this group to choose how you follow it.")


def watch_level_set(*, membership: GroupMembership, level: str) -> GroupMembership:
    """The member chooses how closely they follow a group they are in."""
    _own_active(membership)
    if level not in WatchLevel.values:
        raise ValidationError({"level": "Choose one of the four ways to follow the group."})
    GroupMembership.objects.filter(pk=membership.pk).update(watch_level=level)
    membership.watch_level = level
    return membership


def group_emails_set(*, membership: GroupMembership, emails: bool) -> GroupMembership:
    """The member turns the group's emails on or off (the app still tells them)."""
    _own_active(membership)
    GroupMembership.objects.filter(pk=membership.pk).update(emails_off=not emails)
    membership.emails_off = not emails
    return membership


def post_watch_set(*, post: Post, user: User, level: str, membership: InHand = UNKNOWN) -> str:
    """The member watches a thread (every reply), mutes it (nothing from it), or follows it as
    the group again (FOLLOW_GROUP: their row goes). Returns the thread's level for them now.

    `membership`: the member's membership of the post's group, when the caller has it in hand.
    """
    if not can_post_in(user, post.group, membership):
        raise PermissionDenied("Join this group to follow its threads.")
    if level == FOLLOW_GROUP:
        PostWatch.objects.filter(user=user, post=post).delete()
        return ""
    if level not in PostWatch.Level.values:
        raise ValidationError("Watch the thread, mute it, or follow the group's setting.")
    with transaction.atomic():
        PostWatch.objects.update_or_create(
            user=user, post=post, defaults={"level": level, "updated_at": timezone.now()}
        )
    return level


def group_default_watch_level_set(
    *, group: WorkingGroup, level: str, by: User, membership: InHand = UNKNOWN
) -> WorkingGroup:
    """A lead or the staff choose how closely members who join from now on follow the group;
    those already in keep their own choice.

    `membership`: the moderator's membership of the group, when the caller has it in hand.
    """
    require_moderate(by, group, membership)
    if level not in WatchLevel.values:
        raise ValidationError({"level": "Choose one of the four ways to follow the group."})
    WorkingGroup.objects.filter(pk=group.pk).update(default_watch_level=level)
    group.default_watch_level = level
    return group
