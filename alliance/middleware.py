from django.conf import settings
from django.contrib.auth.views import redirect_to_login

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
