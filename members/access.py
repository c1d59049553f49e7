"""Who may see which member's profile and decide which application. Every members view asks
here; the roles themselves (visitor, applicant, member, staff) are alliance.access's.

Other members see a member's profile only when that member chose to appear in the directory;
its owner and the staff always see it. Hidden is 404, not 403: even its existence is private.
Only staff decide applications.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from alliance.access import is_member
from members.models import Application, Profile


def get_profile_for_user(*, viewer, user_id):
    """A member's profile as `viewer` may see it; 404 when hidden from them."""
    profile = get_object_or_404(
        Profile.objects.select_related("user"), user_id=user_id, member_since__isnull=False
    )
    if viewer.pk == profile.user_id or viewer.is_staff:
        return profile
    if not profile.show_in_directory or not is_member(viewer):
        raise Http404("No such member.")
    return profile


def get_application_for_staff(*, viewer, application_id):
    if not viewer.is_staff:
        raise PermissionDenied("Only staff decide applications.")
    return get_object_or_404(Application.objects.select_related("user"), pk=application_id)
