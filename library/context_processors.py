"""The library's part of every page: the number of items waiting for staff, beside the
staff's "Applications" link in the header."""

from django.utils.functional import SimpleLazyObject

from library.access import can_review
from library.selectors.reviewing import review_queue_count


def review_queue(request):
    user = getattr(request, "user", None)
    # is_staff first: for anyone else can_review would read the profile, a query on every page.
    if user is None or not user.is_authenticated or not user.is_staff or not can_review(user):
        return {}
    # Lazy: counted (one query) only when a template shows it.
    return {"library_review_count": SimpleLazyObject(review_queue_count)}
