"""The bell on every page: the signed-in person's unread count."""

from functools import cache, partial

from notifications.selectors import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable, which templates call: one COUNT, only on a page that shows the bell (not an
    # htmx fragment), and once a request however often it is shown. Not a SimpleLazyObject:
    # `pluralize` cannot read one as a number (see library.context_processors).
    return {"notifications_unread": cache(partial(unread_count, user=user))}
