import zoneinfo
from functools import cache
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from alliance.access import LoginRequired


class LoginRequiredMiddleware:
    """Answers alliance.access.LoginRequired, raised by an access helper, with the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and Cache-Control: private, no-store on a page
    drawn for one person, so neither a shared cache nor the browser's back button (on a shared
    computer, after signing out) shows it to someone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # A view that chose its own caching (never_cache, a CSV download) knows best.
        if "Cache-Control" not in response.headers and _personal(request):
            response.headers["Cache-Control"] = "private, no-store"
        return response


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # A survey respondent without an account is recognised by their session: their pages
    # show their own answers.
    session = getattr(request, "session", None)
    return session is not None and session.accessed and not session.is_empty()


# Browsers send this cookie (static/js/time_zone.js) with their own zone, for visitors.
TIME_ZONE_COOKIE = "tz"


@cache
def _known_zones() -> frozenset[str]:
    # Read once: available_timezones() walks the zone database on every call.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def _zone(name) -> zoneinfo.ZoneInfo | None:
    """The zone named, or None for anything the zone database does not list (a cookie is
    typed by whoever sends it: no path, no made-up name reaches ZoneInfo)."""
    name = unquote(name or "")
    return zoneinfo.ZoneInfo(name) if name in _known_zones() else None


def time_zone_of(request) -> tuple[zoneinfo.ZoneInfo, str]:
    """The zone a page is drawn in, and where it came from: "profile", "browser" or "default"."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Through the user's relation, as alliance.access.role_of reads it: members' login
        # backend loads the profile with the user, so this costs no query, and it is always the
        # profile's current zone (a session copy would lag behind an edit on another device).
        try:
            zone = _zone(user.profile.time_zone)
        except ObjectDoesNotExist:  # staff, or an account that never filled in a profile
            zone = None
        if zone is not None:
            return zone, "profile"
    zone = _zone(request.COOKIES.get(TIME_ZONE_COOKIE))
    if zone is not None:
        return zone, "browser"
    return zoneinfo.ZoneInfo("UTC"), "default"


class TimeZoneMiddleware:
    """Every date and time of a page in the reader's zone: a member's profile's, else the
    browser's, else UTC (and the footer says which)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone, request.time_zone_source = time_zone_of(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            # The thread serves the next request: it must not start in this reader's zone.
            timezone.deactivate()
