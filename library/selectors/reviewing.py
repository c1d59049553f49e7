"""What staff read to review and curate the library: the queue, one item in review with what
changed since they last saw it, and how the five pillars are covered. Each read has a fixed
number of queries, whatever the number of items."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from alliance.diff import TextDiff as FieldDiff
from alliance.pillars import Pillar
from library.models import Credit, Item, Review, Revision

Status = Item.Status
FLAGGED_HEALTH = (Item.LinkHealth.DEAD, Item.LinkHealth.MOVED)
COVERAGE_DAYS = 90
# Long texts the queue and the coverage view never show.
_HEAVY = ("body_markdown", "body_html", "curator_note", "curator_note_html", "quote")
_LIGHT = ("search_vector", *_HEAVY)


def flagged_links() -> Q:
    """Published links the weekly check found broken or moved: curators fix or withdraw them."""
    return Q(kind=Item.Kind.LINK, status=Status.PUBLISHED, link_health__in=FLAGGED_HEALTH)


def _accepted_credits() -> Prefetch:
    return Prefetch(
        "credits",
        queryset=Credit.objects.filter(accepted_at__isnull=False, declined_at=None)
        .select_related("member")
        .order_by("order", "id"),
        to_attr="shown_credits",
    )


# --- The queue ------------------------------------------------------------------------------


QUEUE_PAGE_SIZE = 25


@dataclass
class ReviewQueue:
    in_review: list[Item]  # oldest submission first: the one waiting longest
    scheduled: list[Item]  # soonest first
    flagged: list[Item]  # links to fix or withdraw, oldest submission first
    in_review_count: int
    scheduled_count: int
    flagged_count: int
    page: Page  # one page number walks the three lists together, each PAGE_SIZE at a time

    @property
    def count(self) -> int:
        """What needs staff: the same figure as the navigation's (review_queue_count)."""
        return self.in_review_count + self.flagged_count


def _queue() -> Q:
    return Q(status__in=(Status.IN_REVIEW, Status.SCHEDULED)) | flagged_links()


def _waiting(item: Item) -> tuple:
    """An item's place in its list: the longest waiting first (scheduled: the soonest)."""
    waited = item.publish_at if item.status == Status.SCHEDULED else item.submitted_at
    return (waited is None, waited or datetime.min, item.pk)


def review_queue(*, page_number=1) -> ReviewQueue:
    """One page of the items waiting for a decision, of those scheduled and of the flagged
    links, each list QUEUE_PAGE_SIZE long; 3 queries: the lists' sizes, the page's items (the
    three slices in one UNION ALL), their accepted credits."""
    sizes = dict(
        Item.objects.filter(_queue()).values_list("status").annotate(n=Count("id")).order_by()
    )
    longest = max(sizes.values(), default=0)
    page = Paginator(range(longest), QUEUE_PAGE_SIZE).get_page(page_number)
    start = (page.number - 1) * QUEUE_PAGE_SIZE
    # Each list's page in its own order, one UNION ALL: items in review walk the
    # (status, submitted_at) index and stop at the page's end, where numbering every item of
    # the queue with a window sorted them all first (0.2 ms at the demo's 2 items in review,
    # 5.9 ms at 500; bench/pages.py's review queue).
    lists = [
        (Q(status=Status.IN_REVIEW), "submitted_at"),
        # Scheduled items wait for their publishing time; the others by their submission.
        (Q(status=Status.SCHEDULED), "publish_at"),
        (flagged_links(), "submitted_at"),
    ]
    first, *others = [
        Item.objects.filter(where)
        .defer(*_LIGHT)
        .order_by(F(waited).asc(nulls_last=True), "id")[start : start + QUEUE_PAGE_SIZE]
        for where, waited in lists
    ]
    items = list(first.union(*others, all=True))
    prefetch_related_objects(items, _accepted_credits())
    items.sort(key=_waiting)
    return ReviewQueue(
        in_review=[item for item in items if item.status == Status.IN_REVIEW],
        scheduled=[item for item in items if item.status == Status.SCHEDULED],
        flagged=[item for item in items if item.status == Status.PUBLISHED],
        in_review_count=sizes.get(Status.IN_REVIEW, 0),
        scheduled_count=sizes.get(Status.SCHEDULED, 0),
        flagged_count=sizes.get(Status.PUBLISHED, 0),
        page=page,
    )


def review_queue_count() -> int:
    """Items in review and flagged links: one query, for the staff's navigation."""
    return Item.objects.filter(Q(status=Status.IN_REVIEW) | flagged_links()).count()


# --- One item in review ---------------------------------------------------------------------


@dataclass
class ReviewPage:
    item: Item
    credits: list[Credit]  # every credit: accepted, still invited, declined
    reviews: list[Review]  # newest first
    current: Revision | None  # the latest submission
    previous: Revision | None  # the last one staff reviewed before it

    @property
    def first_submission(self) -> bool:
        return self.current is not None and self.previous is None

    @cached_property
    def fields(self) -> list[FieldDiff]:
        if self.current is None or self.previous is None:
            return []
        old, new = self.previous, self.current
        return [
            FieldDiff("Title", old.title, new.title),
            FieldDiff("Summary", old.summary, new.summary),
            FieldDiff("Text", old.text, new.text),
        ]

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [part for part in self.fields if part.changed]

    @property
    def unchanged_labels(self) -> str:
        return ", ".join(part.label for part in self.fields if not part.changed)


def review_page(*, item_id: int) -> ReviewPage | None:
    """An item as staff review it; None if there is no such item. 5 queries: the item, its
    credits with their members, its tags, its reviews with their reviewers, its revisions."""
    item = (
        Item.objects.filter(pk=item_id)
        .defer("search_vector")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("member")),
            "tags",
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("revisions", queryset=Revision.objects.order_by("-submitted_at", "-id")),
        )
        .first()
    )
    if item is None:
        return None
    revisions = list(item.revisions.all())
    current = revisions[0] if revisions else None
    previous = next((revision for revision in revisions[1:] if revision.reviewed), None)
    return ReviewPage(
        item=item,
        credits=list(item.credits.all()),
        reviews=list(item.reviews.all()),
        current=current,
        previous=previous,
    )


# --- The pillars' coverage ------------------------------------------------------------------


@dataclass
class PillarCoverage:
    pillar: Pillar
    published: list[Item] = field(default_factory=list)  # the last 90 days, newest first
    in_review: list[Item] = field(default_factory=list)
    scheduled: list[Item] = field(default_factory=list)
    featured: list[Item] = field(default_factory=list)  # by their order

    @property
    def is_gap(self) -> bool:
        """Nothing published in 90 days and nothing on the way."""
        return not (self.published or self.in_review or self.scheduled)


def _is_featured_now(item: Item, now: datetime) -> bool:
    return item.featured_order is not None and (
        item.featured_until is None or item.featured_until > now
    )


def coverage() -> list[PillarCoverage]:
    """Per pillar: what was published in the last 90 days, what is in review or scheduled, and
    what is featured until when. One query for every item of any of them, split in Python."""
    now = timezone.now()
    featured_now = Q(status=Status.PUBLISHED, featured_order__isnull=False) & (
        Q(featured_until__isnull=True) | Q(featured_until__gt=now)
    )
    items = (
        Item.objects.filter(
            Q(status=Status.PUBLISHED, published_at__gte=now - timedelta(days=COVERAGE_DAYS))
            | Q(status__in=(Status.IN_REVIEW, Status.SCHEDULED))
            | featured_now
        )
        .defer(*_LIGHT, "summary")
        .order_by("-published_at", "submitted_at", "id")
    )
    by_pillar = {pillar: PillarCoverage(pillar=pillar) for pillar in Pillar}
    since = now - timedelta(days=COVERAGE_DAYS)
    for item in items:
        for key in item.pillars:
            if key not in Pillar.values:
                continue
            entry = by_pillar[Pillar(key)]
            if item.status == Status.IN_REVIEW:
                entry.in_review.append(item)
            elif item.status == Status.SCHEDULED:
                entry.scheduled.append(item)
            else:
                if item.published_at and item.published_at >= since:
                    entry.published.append(item)
                if _is_featured_now(item, now):
                    entry.featured.append(item)
    for entry in by_pillar.values():
        entry.featured.sort(key=lambda item: (item.featured_order, item.pk))
        entry.scheduled.sort(key=lambda item: (item.publish_at, item.pk))
    return list(by_pillar.values())
