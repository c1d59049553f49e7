"""Who may read, discuss, endorse and edit the manifesto. Everyone reads the published
versions; members and staff comment and endorse; staff edit drafts and hide comments."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliance.access import Role, is_member, role_of
from pillars.models import ManifestoVersion


def can_discuss(user) -> bool:
    """Members (and staff) comment and endorse; visitors and applicants read."""
    return is_member(user)


def can_edit(user) -> bool:
    return role_of(user) is Role.STAFF


def get_published_version(*, number: int) -> ManifestoVersion:
    """A published version by its number: 404 for a number never published."""
    version = (
        ManifestoVersion.objects.filter(status=ManifestoVersion.Status.PUBLISHED, number=number)
        .select_related("published_by")
        .first()
    )
    if version is None:
        raise Http404("No such version of the manifesto.")
    return version


def require_discussion(user) -> None:
    if not can_discuss(user):
        raise PermissionDenied("Members comment on and endorse the manifesto.")
