"""What staff featured, per pillar: shown on the home page's pillar cards and under the
manifesto's pillar sections. One query for the items and one for their credits."""

from django.db.models import Q
from django.utils import timezone

from alliance.pillars import Pillar
from library.access import published_items
from library.models import Item
from library.selectors.reading import accepted_credits

PER_PILLAR = 3


def featured_by_pillar() -> dict[str, list[Item]]:
    """{pillar value: up to three featured items on it, by staff's order}; an item on two
    pillars shows under both. Items whose featuring ended are left out."""
    items = (
        published_items()
        .filter(featured_order__isnull=False)
        .filter(Q(featured_until=None) | Q(featured_until__gt=timezone.now()))
        .prefetch_related(accepted_credits())
        .order_by("featured_order", "-published_at", "-id")
    )
    by_pillar: dict[str, list[Item]] = {pillar: [] for pillar in Pillar.values}
    for item in items:
        for pillar in item.pillars:
            if pillar in by_pillar and len(by_pillar[pillar]) < PER_PILLAR:
                by_pillar[pillar].append(item)
    return by_pillar
