"""The reads behind reading the library: the list with its filters and search, an item's page,
the feeds and the sitemap. Each makes a fixed number of queries, however many items there are.

Only published items are read here (library.access.published_items): the list, an item's page,
the feeds and the sitemap share that one rule.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from taggit.models import Tag

from alliance.pillars import Pillar
from library.access import published_items
from library.models import Credit, Item

User = get_user_model()
PAGE_SIZE = 20
FEED_SIZE = 20
MORE_ON_PILLAR = 3
SEARCH_CONFIG = "english"


def accepted_credits() -> Prefetch:
    """Credits that show: accepted and not declined, in order, with their members, as
    `item.shown_credits`."""
    # The member's profile: whether their name links (to their items) on a card.
    credits = Credit.objects.filter(accepted_at__isnull=False, declined_at=None).select_related(
        "member__profile"
    )
    return Prefetch("credits", queryset=credits.order_by("order", "id"), to_attr="shown_credits")


def with_credits_and_tags(items: QuerySet) -> QuerySet:
    """Two more queries for a whole page: the shown credits and the tags."""
    return items.prefetch_related(accepted_credits(), "tags")


def decorate(items) -> list[Item]:
    """What a card or a feed entry shows besides the fields: the pillars as Pillar choices
    (their labels), the tags by name and the credits by role. No query."""
    items = list(items)
    for item in items:
        item.pillar_choices = [Pillar(value) for value in item.pillars if value in Pillar.values]
        item.tag_list = sorted(item.tags.all(), key=lambda tag: tag.name.lower())
        credits = getattr(item, "shown_credits", [])
        item.authors = [c for c in credits if c.role == Credit.Role.AUTHOR]
        item.curators = [c for c in credits if c.role == Credit.Role.CURATOR]
    return items


# --- The list ---------------------------------------------------------------------------------


@dataclass
class Filters:
    """What the reader chose; empty strings and None mean "any"."""

    q: str = ""
    pillar: str = ""
    tag: str = ""
    kind: str = ""
    author: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.q or self.pillar or self.tag or self.kind or self.author)


FILTER_CHOICES = 50  # tags and authors offered: the most used, so the form stays one size


@dataclass
class FilterChoices:
    """The tags and authors a reader can filter by: those of published items only, so the
    list never names a member who has no published credit; the FILTER_CHOICES most used of
    each, and the one chosen (a name on a card links to its member's items)."""

    tags: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    authors: list[tuple[int, str]] = field(default_factory=list)  # (member id, name)


def _chosen_first(field_name: str, value) -> Case:
    return Case(When(**{field_name: value}, then=0), default=1) if value else Value(1)


def filter_choices(*, tag: str = "", author: str = "") -> FilterChoices:
    """Two queries: the most used tags of published items, and their most credited members,
    each with the chosen one (`tag`'s slug, `author`'s id as typed) first kept; by name."""
    published = published_items().values("pk")
    tags = (
        Tag.objects.filter(item__in=published)
        .annotate(uses=Count("item"))
        .order_by(_chosen_first("slug", tag), "-uses", "name")
        .values_list("slug", "name")[:FILTER_CHOICES]
    )
    chosen = int(author) if author.isascii() and author.isdigit() and len(author) < 10 else None
    members = (
        User.objects.filter(
            library_credits__item__in=published,
            library_credits__accepted_at__isnull=False,
            library_credits__declined_at=None,
        )
        .annotate(credited=Count("library_credits"))
        .only("name", "email", "deleted_at")
        .order_by(_chosen_first("pk", chosen), "-credited", "name", "pk")[:FILTER_CHOICES]
    )
    authors = sorted(
        ((member.pk, member.display_name) for member in members),
        key=lambda entry: (entry[1].lower(), entry[0]),
    )
    return FilterChoices(tags=sorted(tags, key=lambda entry: entry[1].lower()), authors=authors)


def library_items(*, filters: Filters) -> QuerySet:
    """Published items matching the filters: newest first, or best match first with words."""
    items = published_items()
    if filters.pillar:
        items = items.filter(pillars__contains=[filters.pillar])
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.tag:
        items = items.filter(tags__slug=filters.tag)
    if filters.author:
        # One credit per member and item (library_credit_once): no duplicates from this join.
        items = items.filter(
            credits__member_id=filters.author,
            credits__accepted_at__isnull=False,
            credits__declined_at=None,
        )
    if filters.q:
        query = SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG)
        rank = SearchRank(F("search_vector"), query)
        return (
            items.filter(search_vector=query)
            .annotate(rank=rank)
            .order_by("-rank", "-published_at", "-id")
        )
    return items.order_by("-published_at", "-id")


def library_page(*, filters: Filters, page_number) -> Page:
    """One page of the list: the count, the page's items, their credits and their tags (four
    queries; one when nothing matches). A bad page number gives the nearest page."""
    paginator = Paginator(with_credits_and_tags(library_items(filters=filters)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = decorate(page.object_list)
    return page


# --- An item ----------------------------------------------------------------------------------


@dataclass
class ItemPage:
    item: Item
    more: list[Item]  # other published items on the item's first pillar
    pillar: Pillar | None


def item_page(*, item: Item) -> ItemPage:
    """A published item with what its page shows: its credits and tags, and the latest items on
    its first pillar (three queries)."""
    prefetch_related_objects([item], accepted_credits(), "tags")
    (item,) = decorate([item])
    pillar = item.pillar_choices[0] if item.pillar_choices else None
    more = []
    if pillar is not None:
        more = list(
            published_items()
            .filter(pillars__contains=[pillar.value])
            .exclude(pk=item.pk)
            .only("slug", "title", "kind", "published_at", "domain")
            .order_by("-published_at", "-id")[:MORE_ON_PILLAR]
        )
    return ItemPage(item=item, more=more, pillar=pillar)


# --- Feeds and the sitemap --------------------------------------------------------------------


def feed_items(*, pillar: str = "", tag: str = "") -> list[Item]:
    """The latest published items for a feed, with credits and tags (three queries)."""
    items = library_items(filters=Filters(pillar=pillar, tag=tag))
    return decorate(with_credits_and_tags(items)[:FEED_SIZE])


def published_tag(*, slug: str) -> Tag | None:
    """The tag, if a published item carries it (one query)."""
    return Tag.objects.filter(slug=slug, item__in=published_items().values("pk")).first()


def sitemap_items() -> QuerySet[Item]:
    """Every published item's address and last change, for the sitemap's paginator to count
    and slice (a page: one query)."""
    return published_items().only("slug", "edited_at").order_by("-published_at", "-id")
