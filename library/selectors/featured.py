"""What staff featured, per pillar: shown on the home page's pillar cards and under the
manifesto's pillar sections. One query for the items and one for their credits."""

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from alliance.pillars import Pillar
from library.access import published_items
from library.models import Item
from library.selectors.reading import accepted_credits

PER_PILLAR = 3
ORDER = ("featured_order", "-published_at", "-id")  # staff's order; the ranking below spells it too


def featured_by_pillar() -> dict[str, list[Item]]:
    """{pillar value: up to three featured items on it, by staff's order}; an item on two
    pillars shows under both. Items whose featuring ended are left out."""
    featured = (
        published_items()
        .filter(featured_order__isnull=False)
        .filter(Q(featured_until=None) | Q(featured_until__gt=timezone.now()))
    )
    # Only each pillar's first three, ranked in the same query: fetching every featured item
    # with its credits to keep fifteen grew with the library (issue #20). The ranking wraps the
    # featured query itself, so what counts as featured keeps one home.
    ranked = featured.values("id", "pillars", "featured_order", "published_at")
    rule, params = ranked.query.sql_with_params()
    # Django's SQL and its parameters: nothing from a request is spliced in.
    firsts = RawSQL(  # noqa: S611
        "SELECT id FROM (SELECT f.id, row_number() OVER (PARTITION BY pillar ORDER BY "  # noqa: S608
        f"f.featured_order, f.published_at DESC, f.id DESC) AS rank FROM ({rule}) f, "
        "unnest(f.pillars) pillar) ranked WHERE rank <= %s",
        (*params, PER_PILLAR),
    )
    items = featured.filter(pk__in=firsts).prefetch_related(accepted_credits()).order_by(*ORDER)
    by_pillar: dict[str, list[Item]] = {pillar: [] for pillar in Pillar.values}
    for item in items:
        for pillar in item.pillars:
            if pillar in by_pillar and len(by_pillar[pillar]) < PER_PILLAR:
                by_pillar[pillar].append(item)
    return by_pillar
