"""The discussion of the manifesto's sections. (Being built: see pillars/services/comments.py.)"""

from pillars.models import ManifestoVersion


def section_comment_counts(*, version: ManifestoVersion) -> dict:
    """{section key: counts of the comments shown under that section on this version}."""
    return {}
