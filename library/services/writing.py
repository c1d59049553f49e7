"""Writing and curating: members draft an article or a curated link, edit it, credit co-authors
(who accept before their name shows), share a private preview and submit it for review.

Every save validates the whole item (library.services.writing_fields) and answers with a
message per field, so a form shows each message at its field.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alliance.jobs import enqueue
from library import notifying
from library.access import can_contribute, can_review, can_write
from library.models import Credit, Item, Revision
from library.services.writing_fields import apply_fields, clean_item, item_search_vector
from members.models import User

# A preview link stays shareable while the item is on its way; once published, the item's own
# page takes over; a declined or withdrawn item is nobody's to read.
PREVIEWABLE = (
    Item.Status.DRAFT,
    Item.Status.IN_REVIEW,
    Item.Status.CHANGES_REQUESTED,
    Item.Status.SCHEDULED,
)


# --- Items ------------------------------------------------------------------------------------


def item_create(
    *,
    kind: str,
    created_by: User,
    title: str,
    summary: str,
    pillars,
    tags,
    body: str = "",
    url: str = "",
    original_author: str = "",
    curator_note: str = "",
    quote: str = "",
) -> Item:
    """Start a draft article or curated link; its creator is credited (and has accepted) at once."""
    if not can_contribute(created_by):
        raise PermissionDenied("Members write and curate for the library.")
    cleaned = clean_item(
        kind=kind, title=title, summary=summary, pillars=pillars, tags=tags, body=body, url=url,
        original_author=original_author, curator_note=curator_note, quote=quote,
    )  # fmt: skip
    now = timezone.now()
    item = Item(kind=kind, created_by=created_by, created_at=now, edited_at=now)
    apply_fields(item, cleaned)
    role = Credit.Role.AUTHOR if item.is_article else Credit.Role.CURATOR
    with transaction.atomic():
        item.save()
        Credit.objects.create(
            item=item, member=created_by, role=role, order=0, invited_by=created_by,
            invited_at=now, accepted_at=now,
        )  # fmt: skip
        if cleaned["tags"]:
            item.tags.set(cleaned["tags"])
        Item.objects.filter(pk=item.pk).update(search_vector=item_search_vector())
    return item


def item_edit(
    *,
    item: Item,
    user: User,
    title: str,
    summary: str,
    pillars,
    tags,
    body: str = "",
    url: str = "",
    original_author: str = "",
    curator_note: str = "",
    quote: str = "",
) -> Item:
    """An author (or staff) rewrites a draft, or an item staff asked changes of."""
    if not can_write(user, item):
        raise PermissionDenied("Only the item's authors edit it, and only before it is submitted.")
    cleaned = clean_item(
        kind=item.kind, title=title, summary=summary, pillars=pillars, tags=tags, body=body,
        url=url, original_author=original_author, curator_note=curator_note, quote=quote,
    )  # fmt: skip
    with transaction.atomic():
        # Locked, and its status read again: a co-author may have submitted it meanwhile.
        item = Item.objects.select_for_update().get(pk=item.pk)
        if not item.is_editable:
            raise ValidationError(
                "It was submitted meanwhile: it can be edited again if staff ask for changes."
            )
        apply_fields(item, cleaned)
        item.edited_at = timezone.now()
        item.save()
        item.tags.set(cleaned["tags"])
        Item.objects.filter(pk=item.pk).update(search_vector=item_search_vector())
    return item


def revision_text(item: Item) -> str:
    """The text staff compare between submissions: an article's body, or a link's address,
    original author, note and quote."""
    if item.is_article:
        return item.body_markdown
    return "\n\n".join([item.url, item.original_author, item.curator_note, item.quote])


def item_submit(*, item: Item, user: User) -> Item:
    """Send a draft (or an item changes were asked of) to staff's review queue."""
    if not can_write(user, item):
        raise PermissionDenied("Only the item's authors submit it.")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if not item.is_editable:
            raise ValidationError("It is already submitted.")
        now = timezone.now()
        item.status = Item.Status.IN_REVIEW
        item.submitted_at = now
        item.save(update_fields=["status", "submitted_at"])
        Revision.objects.create(
            item=item, title=item.title, summary=item.summary, text=revision_text(item),
            submitted_at=now, submitted_by=user,
        )  # fmt: skip
    return item


def item_delete(*, item: Item, user: User) -> None:
    """Its creator throws away a draft that was never published."""
    if user.pk != item.created_by_id:
        raise PermissionDenied("Only the member who started it deletes a draft.")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if not item.is_editable or item.published_at is not None:
            raise ValidationError(
                "Only a draft that is not in review and was never published can be deleted."
            )
        notifying.item_withdraw(item_id=item.pk)
        item.delete()


# --- Credits ----------------------------------------------------------------------------------


def credit_invite(*, item: Item, member: User, invited_by: User, notify: bool = True) -> Credit:
    """Name a member as co-author of an article; they are notified and emailed (unless `notify`
    is off) and accept before it shows."""
    if not can_write(invited_by, item):
        raise PermissionDenied("Only the article's authors name co-authors.")
    if not item.is_article:
        raise ValidationError(
            {"email": "A curated link has one curator: co-authors are for articles."}
        )
    if not can_contribute(member) or member.deleted_at or not member.is_active:
        raise ValidationError({"email": "Only members of the alliance can be co-authors."})
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if not item.is_editable:
            raise ValidationError("Co-authors are named while the article is a draft.")
        existing = Credit.objects.filter(item=item, member=member).first()
        if existing is not None:
            raise ValidationError({"email": _already(existing, member)})
        last = Credit.objects.filter(item=item).aggregate(last=Max("order"))["last"]
        credit = Credit.objects.create(
            item=item, member=member, role=Credit.Role.AUTHOR, order=(last or 0) + 1,
            invited_by=invited_by,
        )  # fmt: skip
        if notify:
            notifying.credit_notify(credit=credit)
            enqueue("library.tasks.send_coauthor_invitation", credit.pk)
    return credit


def _already(credit: Credit, member: User) -> str:
    name = member.display_name
    if credit.declined_at:
        return f"{name} declined to be credited. Remove their name first to ask again."
    if credit.accepted_at:
        return f"{name} is already credited."
    return f"{name} is already invited."


def _answer(*, credit: Credit, user: User, field: str) -> Credit:
    if user.pk != credit.member_id:
        raise PermissionDenied("Only the member invited answers an invitation.")
    with transaction.atomic():
        answered = Credit.objects.filter(pk=credit.pk, accepted_at=None, declined_at=None).update(
            **{field: timezone.now()}
        )
        if not answered:
            raise ValidationError("This invitation was already answered.")
    credit.refresh_from_db()
    return credit


def credit_accept(*, credit: Credit, user: User) -> Credit:
    """The invited member accepts: their name shows as co-author, and they may edit the draft."""
    if not can_contribute(user):
        raise PermissionDenied("Members write for the library.")
    return _answer(credit=credit, user=user, field="accepted_at")


def credit_decline(*, credit: Credit, user: User) -> Credit:
    """The invited member declines: their name never shows, and the draft is closed to them."""
    with transaction.atomic():
        credit = _answer(credit=credit, user=user, field="declined_at")
        notifying.credit_withdraw(credit=credit)
    return credit


def credit_remove(*, credit: Credit, user: User) -> None:
    """The item's creator (or staff) takes back an invitation or removes a co-author."""
    item = credit.item
    if user.pk != item.created_by_id and not can_review(user):
        raise PermissionDenied("Only the member who started the article removes co-authors.")
    if credit.member_id == item.created_by_id:
        raise ValidationError("The member who started the article stays credited.")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if not item.is_editable:
            raise ValidationError("Co-authors are changed while the article is a draft.")
        Credit.objects.filter(pk=credit.pk).delete()
        notifying.credit_withdraw(credit=credit)


# --- Preview links ----------------------------------------------------------------------------


def preview_link_create(*, item: Item, user: User) -> str:
    """A new private preview link for an unpublished item (an earlier link stops working)."""
    if not can_write(user, item):
        raise PermissionDenied("Only the item's authors share its preview.")
    if item.status not in PREVIEWABLE:
        raise ValidationError("Only an item on its way to publication has a preview link.")
    token = secrets.token_urlsafe(32)
    Item.objects.filter(pk=item.pk).update(preview_token=token)
    item.preview_token = token
    return token


def preview_link_revoke(*, item: Item, user: User) -> None:
    """The preview link stops working for whoever holds it."""
    if not can_write(user, item):
        raise PermissionDenied("Only the item's authors revoke its preview.")
    Item.objects.filter(pk=item.pk).update(preview_token="")
    item.preview_token = ""
