"""The library's part of every page: the number of items waiting for staff, on the staff's
menu in the header."""

from functools import cache

from library.access import can_review
from library.selectors.reviewing import review_queue_count


def review_queue(request):
    user = getattr(request, "user", None)
    # is_staff first: for anyone else can_review would read the profile, a query on every page.
    if user is None or not user.is_authenticated or not user.is_staff or not can_review(user):
        return {}
    # A callable, which templates call: counted (one query) only when a template shows it, and
    # once a request however often it is shown. Not a SimpleLazyObject: `pluralize` cannot read
    # one as a number, and says "item" whatever the count.
    return {"library_review_count": cache(review_queue_count)}
