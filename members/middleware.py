"""When a signed-in person was last on the hub, kept to within a few minutes."""

from django.utils import timezone

from members import services


class LastSeenMiddleware:
    """Records that the signed-in person is on the hub ("only when away" emails wait while
    they are; digests stop for people gone for months).

    Authentication has already loaded the user row, so most requests cost nothing: only a
    person last seen more than services.SEEN_EVERY ago is written, with one conditional
    UPDATE. Only a page they were shown counts (a GET answered 200): a refused or redirected
    request, or a form posted, writes nothing it did not ask for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
        ):
            services.user_seen(user=user, now=timezone.now())
        return response


def seen_on_sign_in(sender, request, user, **kwargs):
    """Signing in is being on the hub (connected to user_logged_in in MembersConfig.ready)."""
    services.user_seen(user=user, now=timezone.now())
