"""The library's block of a member's digest: what was published since their last digest on the
pillars their profile names (every pillar when it names none)."""

from datetime import datetime

from django.db.models import Count, Window
from django.urls import reverse

from alliance.pillars import Pillar
from library.access import published_items

LISTED = 5


def digest_section(*, user, since: datetime, until: datetime) -> dict | None:
    """Newly published items on the member's pillars, newest first: one query (the items, and
    how many there are by a window), and one for the profile unless it came with the user."""
    profile = getattr(user, "profile", None)
    pillars = list(profile.pillars) if profile is not None else []
    items = published_items().filter(published_at__gt=since, published_at__lte=until)
    if pillars:
        items = items.filter(pillars__overlap=pillars)
    rows = list(
        items.annotate(total=Window(Count("pk")))
        .order_by("-published_at", "-id")
        .only("pk", "slug", "title", "kind", "pillars", "published_at")[:LISTED]
    )
    if not rows:
        return None
    total = rows[0].total
    on = ", ".join(Pillar(key).label for key in pillars) if pillars else "every pillar"
    return {
        "title": "New in the library",
        "url": reverse("library:index"),
        "note": f"on {on}",
        "more": f"And {total - LISTED} more in the library." if total > LISTED else "",
        "items": [
            {
                "title": item.title,
                "url": item.get_absolute_url(),
                "meta": " · ".join(
                    [item.get_kind_display()] + [Pillar(key).label for key in item.pillars]
                ),
            }
            for item in rows
        ],
    }
