"""Which notification a person may open: only their own, not withdrawn, and only while they
may still see what it points at (the same check the list makes, `visible_keys`)."""

from django.http import Http404

from notifications.models import Notification
from notifications.targets import visible_keys


def get_notification_for_owner(*, user, notification_id: int) -> Notification:
    """The member's own notification; 404 for anyone else's (its existence is private), a
    withdrawn one, or one whose target they may no longer open."""
    notification = Notification.objects.filter(
        pk=notification_id, user=user, withdrawn_at=None
    ).first()
    if notification is None:
        raise Http404("No such notification.")
    if notification.target_key not in visible_keys(user=user, keys=[notification.target_key]):
        raise Http404("What this notification points at is no longer there for you.")
    return notification
