"""Who may see or change what: the roles, and the decorators views start from. Each app's own
rules (which profile, wave or group a viewer may open) live in its access.py, built on these;
this ground imports no app. No view decides access itself.

The roles, from least to most trusted:
- visitor: not logged in;
- applicant: has a verified account (and maybe a pending or declined application);
- member: an approved applicant;
- group lead: a member who moderates one working group (decided per group, with the groups);
- staff: runs the alliance; may see everything a member sees.

A refusal is the login page for a visitor, 403 where the page's existence is no secret
(a members-only list), and 404 where even existence is private (a hidden profile).
"""

import enum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404


class Role(enum.IntEnum):
    VISITOR = 0
    APPLICANT = 1
    MEMBER = 2
    STAFF = 4


def role_of(user) -> Role:
    if not user.is_authenticated:
        return Role.VISITOR
    if user.is_staff:
        return Role.STAFF
    # The profile is read through the user's relation, never by importing members' models:
    # members' login backend loads it with the user (members/backends.py), so it costs no query.
    try:
        is_member = user.profile.is_member  # cached on the user object after the first look
    except ObjectDoesNotExist:
        is_member = False
    return Role.MEMBER if is_member else Role.APPLICANT


def is_member(user) -> bool:
    """Members and staff see the members-only parts of the hub."""
    return role_of(user) >= Role.MEMBER


def _requires(check, message):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login_required = _requires(lambda user: True, "")
member_required = _requires(
    is_member,
    "This page is for members of the alliance. Once your application is approved, it opens.",
)
staff_required = _requires(lambda user: user.is_staff, "This page is for the alliance's staff.")


def debug_only(view):
    """Development tools do not exist outside DEBUG: 404, not 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class LoginRequired(Exception):
    """Raised by an access helper when only logging in can help; answered with the login page."""
