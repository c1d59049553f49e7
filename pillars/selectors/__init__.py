"""The reads that feed the manifesto's pages, each with a fixed number of queries."""

from pillars.selectors import comments, endorsements, reading

__all__ = ["comments", "endorsements", "reading"]
