"""Staff's review of the library: publish now or at a set time, ask for changes, decline;
withdraw what was published; feature items on the home page and the manifesto.

Every change of status is one conditional UPDATE (`WHERE status IN (...)`), so two staff
deciding on the same item at once, or two runs of the beat task, never both act: the second
finds the item already moved on and gets a ValidationError saying so. A decision the authors
must hear about leaves a Review row, and the email is sent from it by a task
(library.tasks.send_review_email), after the transaction commits.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from alliance.jobs import enqueue
from library import notifying
from library.access import can_review, can_withdraw
from library.models import Item, Review, Revision
from library.services import slugs
from members.models import User

Status = Item.Status
Decision = Review.Decision

# Staff decide on an item in review, and may change their mind until a scheduled item is out.
DECIDABLE = (Status.IN_REVIEW, Status.SCHEDULED)
NOTE_MAX_LENGTH = 4000
WITHDRAWN_NOTE_MAX_LENGTH = 400  # Item.withdrawn_note: shown on the 410 page
SCHEDULE_AHEAD_AT_MOST = timedelta(days=2 * 365)
FEATURE_AHEAD_AT_MOST = timedelta(days=5 * 365)
FEATURED_ORDER_MAX = 99
DUE_BATCH = 200  # items published per run of the beat task; the rest wait a minute
SLUG_ATTEMPTS = 5


def _require_reviewer(user: User) -> None:
    if not can_review(user):
        raise PermissionDenied("Staff review the library.")


def _clean_note(note: str, *, required: bool, max_length: int = NOTE_MAX_LENGTH) -> str:
    note = (note or "").replace("\x00", "").strip()
    if required and not note:
        raise ValidationError({"note": "Write a note: the authors read it beside their text."})
    if len(note) > max_length:
        raise ValidationError({"note": f"Keep the note to {max_length:,} characters or fewer."})
    return note


def _check_ahead(value: datetime | None, *, field: str, at_most: timedelta) -> None:
    if value is None or timezone.is_naive(value):
        raise ValidationError({field: "Give a date and time."})
    now = timezone.now()
    try:
        too_far = value - now > at_most
    except OverflowError:  # year 9999 in a time zone west of UTC
        too_far = True
    if value <= now:
        raise ValidationError({field: "Choose a time in the future."})
    if too_far:
        raise ValidationError({field: f"Choose a time within {at_most.days // 365} years."})


def _wrong_state(item_id: int, action: str, allowed: str) -> ValidationError:
    status = Item.objects.filter(pk=item_id).values_list("status", flat=True).first()
    label = Status(status).label.lower() if status else "deleted"
    return ValidationError(f"This item is {label}, so it cannot be {action}: {allowed}.")


def _review_latest(*, item_id: int) -> Revision | None:
    """Mark the latest submission reviewed: the next diff starts from it."""
    revision = Revision.objects.filter(item_id=item_id).order_by("-submitted_at", "-id").first()
    if revision is not None and not revision.reviewed:
        Revision.objects.filter(pk=revision.pk).update(reviewed=True)
        revision.reviewed = True
    return revision


def _record(*, item_id, reviewer_id, decision, note, revision=None, notify=True) -> Review:
    review = Review.objects.create(
        item_id=item_id, reviewer_id=reviewer_id, decision=decision, note=note, revision=revision
    )
    if notify:
        notifying.review_notify(review=review)
        # A scheduled item's authors are emailed once, when it is out (items_publish_due).
        if decision != Decision.SCHEDULED:
            enqueue("library.tasks.send_review_email", review.pk)
    return review


def _claim_publication(*, item_id: int, statuses, now: datetime, also: Q | None = None) -> bool:
    """Publish the item if it is still in one of `statuses`: one conditional UPDATE, which
    also gives it its slug the first time. Two items published with the same title at the
    same moment may pick the same slug; the unique constraint refuses the second, which tries
    the next number."""
    title = Item.objects.filter(pk=item_id).values_list("title", flat=True).first()
    if title is None:
        return False
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: the failed UPDATE leaves no trace
                return bool(
                    Item.objects.filter(Q(pk=item_id, status__in=statuses) & (also or Q())).update(
                        status=Status.PUBLISHED,
                        slug=Coalesce(F("slug"), Value(slugs.unique_slug(title))),
                        published_at=now,
                        publish_at=None,
                    )
                )
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1:
                raise
    return False  # pragma: no cover  (the loop returns or raises)


def _move(*, item: Item, to: str, action: str, **values) -> None:
    moved = Item.objects.filter(pk=item.pk, status__in=DECIDABLE).update(status=to, **values)
    if not moved:
        raise _wrong_state(item.pk, action, "only an item in review or scheduled can")


def _decide(*, item, reviewer, to, action, decision, note, notify, **values) -> None:
    """Move an item in review (or scheduled) to `to`, mark the submission reviewed, and record
    the decision (telling the authors when `notify`): one transaction."""
    with transaction.atomic():
        _move(item=item, to=to, action=action, **values)
        revision = _review_latest(item_id=item.pk)
        _record(
            item_id=item.pk,
            reviewer_id=reviewer.pk,
            decision=decision,
            note=note,
            revision=revision,
            notify=notify,
        )


def item_publish(*, item: Item, reviewer: User, note: str = "", notify: bool = True) -> Item:
    """Publish an item in review (or a scheduled one) now, and tell its authors."""
    _require_reviewer(reviewer)
    note = _clean_note(note, required=False)
    with transaction.atomic():
        if not _claim_publication(item_id=item.pk, statuses=DECIDABLE, now=timezone.now()):
            raise _wrong_state(item.pk, "published", "only an item in review or scheduled can")
        revision = _review_latest(item_id=item.pk)
        _record(
            item_id=item.pk,
            reviewer_id=reviewer.pk,
            decision=Decision.PUBLISHED,
            note=note,
            revision=revision,
            notify=notify,
        )
    item.refresh_from_db()
    return item


def item_schedule(
    *, item: Item, reviewer: User, publish_at: datetime, note: str = "", notify: bool = True
) -> Item:
    """Accept an item in review to be published at a set time (by the beat task); its authors
    are notified now, and emailed when it is out."""
    _require_reviewer(reviewer)
    _check_ahead(publish_at, field="publish_at", at_most=SCHEDULE_AHEAD_AT_MOST)
    note = _clean_note(note, required=False)
    _decide(
        item=item,
        reviewer=reviewer,
        to=Status.SCHEDULED,
        action="scheduled",
        decision=Decision.SCHEDULED,
        note=note,
        notify=notify,
        publish_at=publish_at,
    )
    item.refresh_from_db()
    return item


def items_publish_due() -> int:
    """Publish every scheduled item whose time has come, each once, and tell its authors."""
    now = timezone.now()
    due = list(
        Item.objects.filter(status=Status.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at", "id")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    published = 0
    for item_id in due:
        with transaction.atomic():
            # A second run, or staff publishing it by hand meanwhile, finds it claimed.
            claimed = _claim_publication(
                item_id=item_id,
                statuses=(Status.SCHEDULED,),
                now=now,
                also=Q(publish_at__lte=now),
            )
            if not claimed:
                continue
            scheduled = Review.objects.filter(item_id=item_id, decision=Decision.SCHEDULED).first()
            _record(
                item_id=item_id,
                reviewer_id=scheduled.reviewer_id if scheduled else None,
                decision=Decision.PUBLISHED,
                note=scheduled.note if scheduled else "",
                revision=scheduled.revision if scheduled else None,
            )
            published += 1
    return published


def item_request_changes(*, item: Item, reviewer: User, note: str, notify: bool = True) -> Item:
    """Send an item back to its authors with a note of what to change."""
    _require_reviewer(reviewer)
    note = _clean_note(note, required=True)
    _decide(
        item=item,
        reviewer=reviewer,
        to=Status.CHANGES_REQUESTED,
        action="sent back for changes",
        decision=Decision.CHANGES_REQUESTED,
        note=note,
        notify=notify,
        publish_at=None,
    )
    item.refresh_from_db()
    return item


def item_decline(*, item: Item, reviewer: User, note: str, notify: bool = True) -> Item:
    """Decline an item for the library, telling its authors why."""
    _require_reviewer(reviewer)
    note = _clean_note(note, required=True)
    _decide(
        item=item,
        reviewer=reviewer,
        to=Status.DECLINED,
        action="declined",
        decision=Decision.DECLINED,
        note=note,
        notify=notify,
        publish_at=None,
    )
    item.refresh_from_db()
    return item


def item_withdraw(*, item: Item, user: User, note: str) -> Item:
    """Take a published item down: its page answers 410 Gone with the note.

    Staff withdraw any item; so does a member with an accepted credit on it (their name is on
    it, and they may no longer stand by it). The item's credits must be prefetched."""
    if not can_withdraw(user, item):
        raise PermissionDenied("Staff and the item's own authors withdraw it.")
    note = _clean_note(note, required=True, max_length=WITHDRAWN_NOTE_MAX_LENGTH)
    with transaction.atomic():
        withdrawn = Item.objects.filter(pk=item.pk, status=Status.PUBLISHED).update(
            status=Status.WITHDRAWN,
            withdrawn_at=timezone.now(),
            withdrawn_note=note,
            # Nothing withdrawn stays on the home page.
            featured_order=None,
            featured_until=None,
        )
        if not withdrawn:
            raise _wrong_state(item.pk, "withdrawn", "only a published item can be")
        _record(
            item_id=item.pk,
            reviewer_id=user.pk,
            decision=Decision.WITHDRAWN,
            note=note,
            notify=False,
        )
    item.refresh_from_db()
    return item


def item_feature(*, item: Item, reviewer: User, order: int, until: datetime | None = None) -> Item:
    """Feature a published item on the home page and its pillars' sections of the manifesto,
    in `order` (1 first), until an optional end."""
    _require_reviewer(reviewer)
    if not isinstance(order, int) or not 1 <= order <= FEATURED_ORDER_MAX:
        raise ValidationError({"order": f"Give a position from 1 to {FEATURED_ORDER_MAX}."})
    if until is not None:
        _check_ahead(until, field="until", at_most=FEATURE_AHEAD_AT_MOST)
    featured = Item.objects.filter(pk=item.pk, status=Status.PUBLISHED).update(
        featured_order=order, featured_until=until
    )
    if not featured:
        raise _wrong_state(item.pk, "featured", "only a published item can be")
    item.refresh_from_db()
    return item


def item_unfeature(*, item: Item, reviewer: User) -> Item:
    """Stop featuring an item (nothing happens if it was not featured)."""
    _require_reviewer(reviewer)
    Item.objects.filter(pk=item.pk).update(featured_order=None, featured_until=None)
    item.refresh_from_db()
    return item
