"""The emails of the ledger: one notification, and the digest. Each says why it came and where
to change that, and carries an RFC 8058 one-click unsubscribe: from the group it came from when
it has one (its scope), else from its kind of email."""

from django.urls import reverse
from django.utils import timezone

from alliance.emails import absolute, send
from members.emails import (
    one_click_headers,
    read_signed_token,
    signed_token,
    unsubscribe_headers,
)
from members.models import EmailKind
from members.selectors import email_preferences_of, is_away, wants_email
from notifications.models import DigestDelivery, Notification
from notifications.targets import (
    email_actions,
    has_scope_email_off,
    scope_email_off,
    visible_keys,
)

SCOPE_UNSUBSCRIBE_SALT = "notifications.scope_unsubscribe"
# The words that may start a "why" and read on after "You get this because …".
_WHY_OPENERS = ("You ", "Your ", "It ", "This ")


# --- Whether to email --------------------------------------------------------------------------


def may_email(*, notification: Notification, now) -> bool:
    """Whether this notification may be emailed now, asked again at send time: the member
    wants its kind, may still open its target, and (if they asked for emails only when away)
    is not on the hub. Otherwise it stays for the bell and the digest. The thread rule (one
    email a thread until it is read) is part of the claim, in tasks.email_event."""
    user = notification.user
    preferences = email_preferences_of(user=user)
    if not wants_email(user=user, kind=notification.email_kind, preferences=preferences):
        return False
    if not is_away(user=user, preferences=preferences, now=now):
        return False
    return notification.target_key in visible_keys(user=user, keys=[notification.target_key])


# --- One notification -------------------------------------------------------------------------


def why_line(why: str) -> str:
    """ "You were mentioned" → "You get this because you were mentioned." """
    why = why.strip().rstrip(".")
    if why.startswith(_WHY_OPENERS):
        why = why[0].lower() + why[1:]
    return f"You get this because {why}." if why else "You get this from the hub."


def scope_unsubscribe_token(*, user_id: int, scope_key: str, about: str) -> str:
    return signed_token(
        {"user": user_id, "scope": scope_key, "about": about[:80]}, salt=SCOPE_UNSUBSCRIBE_SALT
    )


def read_scope_unsubscribe_token(token: str) -> tuple[int, str, str] | None:
    data = read_signed_token(token, salt=SCOPE_UNSUBSCRIBE_SALT)
    if data is None or not {"user", "scope"} <= set(data):
        return None
    return data["user"], data["scope"], data.get("about", "")


def scope_unsubscribe(*, user_id: int, scope_key: str) -> bool:
    """The one click of a group email's unsubscribe: that group emails the member no more."""
    return scope_email_off(user_id=user_id, scope_key=scope_key)


def _headers(notification: Notification) -> dict:
    if notification.scope_key and has_scope_email_off(notification.scope_key):
        token = scope_unsubscribe_token(
            user_id=notification.user_id,
            scope_key=notification.scope_key,
            about=notification.target_title,
        )
        return one_click_headers(absolute(reverse("notifications:unsubscribe", args=[token])))
    return unsubscribe_headers(user_id=notification.user_id, kind=notification.email_kind)


def open_url(notification: Notification) -> str:
    """The link an email gives: it opens the target and marks the notification read."""
    return absolute(reverse("notifications:open", args=[notification.pk]))


def send_notification(*, notification: Notification) -> None:
    user = notification.user
    preferences_url = absolute(reverse("members:email_preferences"))
    send(
        to=user.email,
        # A subject is one line, whatever the title held.
        subject=" ".join(notification.headline.split()),
        template="notifications/emails/notification",
        context={
            "user": user,
            "notification": notification,
            "excerpt": notification.excerpt,
            "url": open_url(notification),
            "actions": email_actions(notification),
            "why_line": why_line(notification.why),
            "change_url": absolute(notification.change_url or preferences_url),
            "change_label": notification.change_label or "Change your email preferences",
            "preferences_url": preferences_url,
        },
        headers=_headers(notification),
    )


# --- The digest -------------------------------------------------------------------------------


def _absolute_items(block: dict) -> dict:
    """A section's block with every link made absolute (sections may give paths)."""
    return {
        **block,
        "url": absolute(block["url"]) if block.get("url") else "",
        "items": [{**item, "url": absolute(item["url"])} for item in block["items"]],
    }


def send_digest(
    *, delivery: DigestDelivery, notifications: list, more: int, sections: list[dict]
) -> None:
    user = delivery.user
    zone = getattr(getattr(user, "profile", None), "time_zone", None) or "UTC"
    # Dates in the member's own zone, as on the site.
    with timezone.override(zone):
        send(
            to=user.email,
            subject=f"Your digest for {delivery.local_date:%A %-d %B}",
            template="notifications/emails/digest",
            context={
                "user": user,
                "since": delivery.since,
                "notifications": [
                    {"notification": n, "url": open_url(n), "why": n.why} for n in notifications
                ],
                "more": more,
                "all_url": absolute(reverse("notifications:index")),
                "sections": [_absolute_items(block) for block in sections],
                "preferences_url": absolute(reverse("members:email_preferences")),
            },
            headers=unsubscribe_headers(user_id=user.pk, kind=EmailKind.DIGEST),
        )
