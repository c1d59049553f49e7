"""The parts of a member's digest that other apps add (new posts in their groups, newly
published library items in their pillars, upcoming calls).

Notifications stand below those apps and never import them, so they register here from their
AppConfig.ready(): a callable `section(*, user, since, until)` returning a block
{"title": str, "items": [{"title": str, "url": str (absolute or a path), "meta": str}]} or
None. Each callable keeps its own query count fixed and shows only what the member may read.
"""

from collections.abc import Callable

digest_sections: list[Callable[..., dict | None]] = []


def register_digest_section(section: Callable[..., dict | None]) -> None:
    """Add a block to every digest (once, however often an app is made ready)."""
    if section not in digest_sections:
        digest_sections.append(section)
