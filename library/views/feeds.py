"""The library's feeds, as the URLs name them: the Feed classes live in library/feeds.py."""

from library.feeds import LatestAtom, LatestRss, PillarAtom, PillarRss, TagAtom, TagRss

__all__ = ["LatestAtom", "LatestRss", "PillarAtom", "PillarRss", "TagAtom", "TagRss"]
