"""Who endorsed a version. (Being built: see pillars/services/endorsements.py.)"""

from pillars.models import ManifestoVersion


def endorsement_summary(*, version: ManifestoVersion, viewer) -> object:
    """The count, the named endorsers and the viewer's own endorsement of a version."""
    return None
