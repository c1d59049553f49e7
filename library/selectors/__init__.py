"""The reads that feed the library's pages, each with a fixed number of queries: reading.py
(the list, an item, the feeds), writing.py (a member's own items and invitations),
reviewing.py (the review queue, the coverage of the pillars)."""
