"""What a member's writing pages read: their own items by stage, the invitations waiting for
their answer, the note staff left with a request for changes, and what they wrote and curated
as their profile lists it."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from alliance.access import is_member
from library.models import Credit, Item, Review
from library.selectors.reading import decorate
from members.models import User

# The stages of "My library" page, in the order a piece of writing goes through them.
MINE_SECTIONS = [
    (Item.Status.DRAFT, "Drafts"),
    (Item.Status.CHANGES_REQUESTED, "Changes requested"),
    (Item.Status.IN_REVIEW, "In review"),
    (Item.Status.SCHEDULED, "Scheduled"),
    (Item.Status.PUBLISHED, "Published"),
    (Item.Status.DECLINED, "Declined"),
    (Item.Status.WITHDRAWN, "Withdrawn"),
]


@dataclass
class MineSection:
    status: str
    title: str
    items: list = field(default_factory=list)
    # Declined and withdrawn items are listed only when there are some.
    always: bool = True


def _with_credits() -> Prefetch:
    return Prefetch(
        "credits", queryset=Credit.objects.select_related("member").order_by("order", "id")
    )


def my_items(*, user: User) -> list[MineSection]:
    """The items the member is credited on (and accepted), by stage, latest change first.

    Two queries: the items, and their credits with the members.
    """
    items = (
        Item.objects.filter(
            credits__member=user,
            credits__accepted_at__isnull=False,
            credits__declined_at__isnull=True,
        )
        .prefetch_related(_with_credits())
        .order_by("-edited_at", "-id")
    )
    closed = (Item.Status.DECLINED, Item.Status.WITHDRAWN)
    sections = {
        status: MineSection(status=status, title=title, always=status not in closed)
        for status, title in MINE_SECTIONS
    }
    for item in items:
        sections[item.status].items.append(item)
    return list(sections.values())


def my_invitations(*, user: User) -> QuerySet[Credit]:
    """Invitations to co-author waiting for the member's answer (one query)."""
    return (
        Credit.objects.filter(member=user, accepted_at=None, declined_at=None)
        .exclude(item__status__in=[Item.Status.DECLINED, Item.Status.WITHDRAWN])
        .select_related("item", "invited_by")
        .order_by("-invited_at", "-id")
    )


def change_request(*, item: Item) -> Review | None:
    """The note staff left with their latest request for changes, while it stands."""
    if item.status != Item.Status.CHANGES_REQUESTED:
        return None
    return (
        Review.objects.filter(item=item, decision=Review.Decision.CHANGES_REQUESTED)
        .select_related("reviewer")
        .order_by("-created_at", "-id")
        .first()
    )


def preview_item(*, item: Item) -> Item:
    """The item as its page will show it, decorated as reading's selectors decorate it. The
    credits come prefetched by the access helper (library.access.get_item_for_author); one
    query for the tags."""
    item.shown_credits = [
        credit
        for credit in item.credits.all()
        if credit.accepted_at is not None and credit.declined_at is None
    ]
    return decorate([item])[0]


def pending_credits(*, item: Item) -> list[Credit]:
    """The invitations not answered yet (no query: the credits come prefetched)."""
    return [c for c in item.credits.all() if c.accepted_at is None and c.declined_at is None]


def member_by_email(email: str) -> User | None:
    """The member of the alliance who signs in with this address, if any."""
    user = (
        User.objects.filter(email__iexact=email.strip(), deleted_at=None, is_active=True)
        .select_related("profile")
        .first()
    )
    return user if user is not None and is_member(user) else None


def published_credits(*, user: User) -> list[Credit]:
    """The published items the member wrote or curated, with their accepted credit, newest
    first (one query)."""
    return list(
        Credit.objects.filter(
            member=user,
            accepted_at__isnull=False,
            declined_at__isnull=True,
            item__status=Item.Status.PUBLISHED,
        )
        .select_related("item")
        .order_by("-item__published_at", "-item_id")
    )


def _entry(item: Item) -> dict:
    if item.is_article:
        meta = f"Article · {item.reading_minutes} min read · {item.published_at:%-d %B %Y}"
    else:
        meta = f"Curated link · {item.domain} · {item.published_at:%-d %B %Y}"
    return {"title": item.title, "url": item.get_absolute_url(), "meta": meta}


def profile_sections(*, user: User, viewer) -> list[dict]:
    """The member's profile blocks "Wrote" and "Curated" (members.contributions calls it):
    published items only, where the member's credit is accepted. One query."""
    wrote, curated = [], []
    for credit in published_credits(user=user):
        (wrote if credit.role == Credit.Role.AUTHOR else curated).append(_entry(credit.item))
    return [
        {"title": "Wrote", "items": wrote},
        {"title": "Curated", "items": curated},
    ]
