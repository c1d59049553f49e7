"""What the library tells members through the notifications ledger: staff's decision on what
they wrote or curated (published, scheduled, changes requested, declined) and a credit offered
to them. Called by the services inside their transactions; the library still sends its own
emails (library.tasks), which record themselves in the ledger (`notification_emailed`) so the
digest does not say it again.

Target: "library.item:<id>" (the item's page, or its writers' edit page and preview: visiting
them marks it read).
"""

from django.db.models import Q
from django.urls import reverse

from library.models import Credit, Item, Review
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

ITEM = "library.item"

# What each decision says, after the reviewer's name: "Sam Staff asked for changes to …".
VERBS = {
    Review.Decision.PUBLISHED: "published",
    Review.Decision.SCHEDULED: "scheduled for publication",
    Review.Decision.CHANGES_REQUESTED: "asked for changes to",
    Review.Decision.DECLINED: "declined",
}


def visible_items(*, user, ids) -> set[int]:
    """library.access's rule: a published item to everyone; any other to its writers (a
    credit not declined, an invitation included: the invited see the draft) and to staff."""
    items = Item.objects.filter(pk__in=ids)
    if not (user.is_authenticated and user.is_staff):
        writer = Q(credits__member_id=user.pk, credits__declined_at=None)
        items = items.filter(Q(status=Item.Status.PUBLISHED) | writer)
    return set(items.values_list("pk", flat=True).distinct())


def register() -> None:
    """From LibraryConfig.ready(): the library's target."""
    register_target(ITEM, visible_items)


def item_key(item_id: int) -> str:
    return key(ITEM, item_id)


def review_event(review_id: int) -> str:
    return f"library.review:{review_id}"


def credit_event(credit_id: int) -> str:
    return f"library.credit:{credit_id}"


def _why(text: str) -> Why:
    # The library's notifications follow the member's switch for library emails.
    return Why(
        reason="credited",
        text=text,
        change_url=reverse("members:email_preferences"),
        change_label="Email settings",
    )


def _url(item: Item, decision: str) -> str:
    """Where the member acts on the decision: the page once published, the edit page when
    changes are asked for, the writers' preview otherwise."""
    if decision == Review.Decision.PUBLISHED and item.slug:
        return item.get_absolute_url()
    if decision == Review.Decision.CHANGES_REQUESTED:
        return reverse("library:edit", args=[item.pk])
    return reverse("library:preview", args=[item.pk])


def review_notify(*, review: Review) -> int:
    """The item's credited members (accepted, not declined) are told what staff decided."""
    verb = VERBS.get(review.decision)
    if verb is None:
        return 0
    item = Item.objects.get(pk=review.item_id)
    reviewer = User.objects.filter(pk=review.reviewer_id).first() if review.reviewer_id else None
    credited = Credit.objects.filter(
        item=item,
        accepted_at__isnull=False,
        declined_at=None,
        member__is_active=True,
        member__deleted_at=None,
    ).values_list("member_id", flat=True)
    return notify(
        user_ids=list(credited),
        kind=Kind.LIBRARY,
        event_key=review_event(review.pk),
        target=Target(
            key=item_key(item.pk),
            title=f"“{item.title}”",
            url=_url(item, review.decision),
            excerpt=review.note,
        ),
        verb=verb,
        why=_why(f"You are credited on “{item.title}”"),
        actor=reviewer,
    )


def credit_notify(*, credit: Credit) -> int:
    """A member named as co-author is told, and asked to accept on the draft's preview."""
    item = credit.item
    return notify(
        user_ids=[credit.member_id],
        kind=Kind.LIBRARY,
        event_key=credit_event(credit.pk),
        target=Target(
            key=item_key(item.pk),
            title=f"“{item.title}”",
            url=reverse("library:preview", args=[item.pk]),
            excerpt=item.summary,
        ),
        verb="invited you to co-author",
        why=_why(f"You are credited on “{item.title}”"),
        actor=credit.invited_by,
    )


def credit_withdraw(*, credit: Credit) -> int:
    """An invitation taken back: the draft is no longer the member's to open."""
    return notifications_withdraw(target_key=item_key(credit.item_id), user=credit.member_id)


def item_withdraw(*, item_id: int) -> int:
    """A draft deleted: what anyone was told of it goes."""
    return notifications_withdraw(target_key=item_key(item_id))


def item_seen(*, user, item: Item) -> int:
    """The member opened the item's page (or its writers' edit page or preview): what they were
    told of it is read (one UPDATE; none for a visitor)."""
    return notifications_read_target(user=user, target_keys=[item_key(item.pk)])
