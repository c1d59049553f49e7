"""The address of a published item: /library/<slug>/, made from its title once, at its first
publication, and never changed after (feeds, shared links and search engines keep it).

A slug is unique, at most MAX_LENGTH characters, plain ASCII (the route is Django's `slug`
converter), and never one of the words the library's own routes begin with: /library/feed/
must stay the feed, whatever an article is called.
"""

import re

from django.utils.text import slugify

from library.models import Item

MAX_LENGTH = 200
# The first path segments of library/urls.py's routes, before the item's catch-all.
RESERVED = frozenset(
    {"feed", "pillars", "tags", "preview", "new", "mine", "items", "credits", "review", "coverage"}
)
FALLBACK = "item"  # for a title with no letter or digit in ASCII (an emoji, a CJK title)


def base_slug(title: str) -> str:
    """The title as a slug, before any suffix: ASCII, lower case, at most MAX_LENGTH."""
    slug = slugify(title)[:MAX_LENGTH].strip("-_")
    return slug or FALLBACK


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: MAX_LENGTH - len(suffix)].rstrip("-_") + suffix


def _slugs_like(base: str):
    """One query: the slugs the title could collide with, the base and its numbered forms. A
    long base is cut short to make room for a suffix, so then every slug that starts like it."""
    if len(base) <= MAX_LENGTH - 10:
        return Item.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$")
    return Item.objects.filter(slug__startswith=base[: MAX_LENGTH - 10])


def unique_slug(title: str) -> str:
    """A slug for the title that no item has yet: the title's own, or with -2, -3... after it.

    Two publications at the same moment may still pick the same one: the unique constraint on
    Item.slug decides, and the service that publishes tries again (services/reviewing.py).
    """
    base = base_slug(title)
    taken = set(_slugs_like(base).values_list("slug", flat=True))
    if base not in taken and base not in RESERVED:
        return base
    number = 2
    while _with_suffix(base, number) in taken:
        number += 1
    return _with_suffix(base, number)
