"""Blocks other apps add to a member's profile ("Wrote", "Curated", …).

Members stands below the apps that build on it and never imports them, so they register here
instead, from their AppConfig.ready(): a callable `section(*, user, viewer)` returning blocks
{"title": str, "items": [{"title": str, "url": str, "meta": str}]}. Each callable keeps its own
number of queries fixed; a block without items is not shown.
"""

from collections.abc import Callable

profile_sections: list[Callable[..., list[dict]]] = []


def register_profile_section(section: Callable[..., list[dict]]) -> None:
    """Add a callable to every profile page (once, however often an app is made ready)."""
    if section not in profile_sections:
        profile_sections.append(section)


def sections_for(*, user, viewer) -> list[dict]:
    """Every registered app's blocks for this member's profile, those with items only."""
    blocks = []
    for section in profile_sections:
        blocks.extend(block for block in section(user=user, viewer=viewer) if block["items"])
    return blocks
