"""Groups and memberships: staff make groups, members join and leave, leads let them in."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alliance.access import is_member
from members.models import User
from working_groups import notifying
from working_groups.models import RESERVED_SLUGS, GroupMembership, WorkingGroup


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
                    "watch_level": group.default_watch_level,
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
    """Join an open group at once, or ask the leads of a request-to-join group (who are told).
    The member follows the group as its staff or leads chose for new members."""
    if not is_member(user):
        raise PermissionDenied("Working groups are for members of the alliance.")
    state = GroupMembership.State.ACTIVE if group.is_open else GroupMembership.State.REQUESTED
    now = timezone.now()
    with transaction.atomic():
        membership, created = GroupMembership.objects.get_or_create(
            group=group,
            user=user,
            defaults={
                "state": state,
                "joined_at": now if group.is_open else None,
                "watch_level": group.default_watch_level,
            },
        )
        if not created:
            return membership
        if membership.is_active:
            _recount_members(group)
        else:
            notifying.join_requested(membership=membership)
    return membership


def membership_leave(*, group: WorkingGroup, user: User) -> None:
    """Leave the group, or withdraw a request to join it; what the member was told in the group
    is withdrawn (and the leads' notification of a request taken back)."""
    with transaction.atomic():
        membership = GroupMembership.objects.filter(group=group, user=user).first()
        if membership is None:
            return
        # A delete by query keeps the row's id on `membership`, for the request's notifications.
        GroupMembership.objects.filter(pk=membership.pk).delete()
        notifying.membership_ended(membership=membership)
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
        notifying.membership_approved(membership=membership, decided_by=decided_by)
    membership.refresh_from_db()
    return membership


def membership_decline(*, membership: GroupMembership, decided_by: User) -> None:
    """A lead turns down a request to join (the member is told); they may ask again later."""
    with transaction.atomic():
        deleted, _ = GroupMembership.objects.filter(
            pk=membership.pk, state=GroupMembership.State.REQUESTED
        ).delete()
        if not deleted:
            raise ValidationError("This request has already been decided.")
        notifying.membership_declined(membership=membership, decided_by=decided_by)
