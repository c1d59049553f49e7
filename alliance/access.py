"""Who may see or change what. Views ask here; they never decide access themselves.

A refusal is the login page for anonymous visitors, 403 where the page's existence is no
secret, and 404 where even its existence is private.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


def staff_required(view):
    """The page is for staff: anonymous visitors log in first, everybody else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("This page is for the alliance's staff.")
        return view(request, *args, **kwargs)

    return wrapper


def debug_only(view):
    """Development tools do not exist outside DEBUG: 404, not 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
