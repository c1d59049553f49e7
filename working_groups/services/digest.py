"""The weekly digest: which members get one, once a week."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alliance.jobs import enqueue
from members.models import EmailKind, User
from working_groups.models import DigestDelivery, GroupMembership


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
