"""Every write of the library goes through these modules: writing.py (drafts, credits,
preview links, submitting), reviewing.py (staff's decisions, scheduling, featuring) and
links.py (the curated links' health)."""
