"""The library's pages: reading and discovery (reading.py, feeds.py), writing and curating
(writing.py), and staff's review (reviewing.py)."""
