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
