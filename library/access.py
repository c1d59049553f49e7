"""Who may read, write, review and feature what in the library.

- Everyone reads published items; a withdrawn item answers 410 Gone with its note.
- Members (and staff) write articles and curate links; an item's credited members who have
  accepted their credit edit it while it is a draft or has changes requested; a member invited
  as co-author sees the draft before accepting.
- Staff review, publish, schedule, decline, withdraw and feature.
- A draft is otherwise private: 404 to anyone else, as if it did not exist, except through its
  preview link while its authors keep that link.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliance.access import LoginRequired, Role, is_member, role_of
from library.models import Credit, Item


def can_contribute(user) -> bool:
    """Members and staff write and curate."""
    return is_member(user)


def can_review(user) -> bool:
    return role_of(user) is Role.STAFF


def credit_of(user, item: Item) -> Credit | None:
    """The viewer's credit on the item (accepted or still an invitation), if any."""
    if not user.is_authenticated:
        return None
    return next((credit for credit in item.credits.all() if credit.member_id == user.pk), None)


def is_credited(user, item: Item) -> bool:
    credit = credit_of(user, item)
    return credit is not None and credit.declined_at is None


def can_edit(user, item: Item) -> bool:
    credit = credit_of(user, item)
    return (
        item.is_editable
        and credit is not None
        and credit.accepted_at is not None
        and can_contribute(user)
    )


def get_item_for_author(*, user, item_id: int) -> tuple[Item, Credit | None]:
    """An unpublished item for its credited members and staff: login first, then 404 for
    anyone else (a draft's existence is private). Returns the item and the viewer's credit."""
    if not user.is_authenticated:
        raise LoginRequired
    item = Item.objects.filter(pk=item_id).prefetch_related("credits__member").first()
    if item is None:
        raise Http404("No such item in the library.")
    credit = credit_of(user, item)
    if (credit is None or credit.declined_at) and not can_review(user):
        raise Http404("No such item in the library.")
    return item, credit


def require_contributor(user) -> None:
    if not user.is_authenticated:
        raise LoginRequired
    if not can_contribute(user):
        raise PermissionDenied("Members write and curate for the library.")


def require_reviewer(user) -> None:
    if not user.is_authenticated:
        raise LoginRequired
    if not can_review(user):
        raise PermissionDenied("Staff review the library.")


# --- Reviewing: withdrawing a published item -------------------------------------------------


def can_withdraw(user, item: Item) -> bool:
    """Staff withdraw any item; a member withdraws an item that carries their accepted credit,
    since it is their name on it (the credits must be prefetched)."""
    if can_review(user):
        return True
    credit = credit_of(user, item)
    return (
        credit is not None
        and credit.accepted_at is not None
        and credit.declined_at is None
        and can_contribute(user)
    )


def get_item_for_withdrawal(*, user, item_id: int) -> Item:
    """An item for whoever may withdraw it: login first; 403 to anyone else when the item is
    public (published, or withdrawn and answering 410), 404 when it is not."""
    if not user.is_authenticated:
        raise LoginRequired
    item = Item.objects.filter(pk=item_id).prefetch_related("credits").first()
    if item is None:
        raise Http404("No such item in the library.")
    if can_withdraw(user, item):
        return item
    if item.status in (Item.Status.PUBLISHED, Item.Status.WITHDRAWN):
        raise PermissionDenied("Staff and the item's own authors withdraw it.")
    raise Http404("No such item in the library.")


# --- Reading: what everyone reads ------------------------------------------------------------


def published_items():
    """What everyone reads, signed in or not: the one rule behind the list, an item's page, the
    feeds and the sitemap (library.selectors.reading)."""
    return Item.objects.filter(status=Item.Status.PUBLISHED)


def get_item_for_reader(*, slug: str) -> Item:
    """A published item, or a withdrawn one (its page answers 410 Gone with the note); 404 for
    anything else: a draft, scheduled or declined item is no one's business here."""
    readable = (Item.Status.PUBLISHED, Item.Status.WITHDRAWN)
    item = Item.objects.filter(slug=slug, status__in=readable).first()
    if item is None:
        raise Http404("No such item in the library.")
    return item


# --- Writing: who works on an unpublished item ------------------------------------------------


def can_write(user, item: Item) -> bool:
    """Edit, submit, name co-authors and share the preview: the item's members who accepted
    their credit, and staff. Whether the item's stage allows it is the services' to say."""
    credit = credit_of(user, item)
    accepted = credit is not None and credit.accepted_at is not None and credit.declined_at is None
    return (accepted and can_contribute(user)) or can_review(user)


def require_writer(user, item: Item) -> None:
    """403 for someone who sees the draft but may not work on it (an invitation not yet
    accepted)."""
    if not can_write(user, item):
        raise PermissionDenied("Accept your invitation to work on this item.")


def get_invitation(*, user, credit_id: int) -> Credit:
    """A credit for the member it names (to accept or decline it); 404 for anyone else."""
    if not user.is_authenticated:
        raise LoginRequired
    credit = Credit.objects.filter(pk=credit_id, member=user).select_related("item").first()
    if credit is None:
        raise Http404("No such invitation.")
    return credit
