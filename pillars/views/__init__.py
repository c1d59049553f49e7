"""The manifesto's pages: reading (reading.py), comparing versions (compare.py), the
discussion of a section (comments.py), endorsing (endorsements.py) and staff's drafts
(drafts.py)."""
