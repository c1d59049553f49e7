"""The emails of the members part, and the one-click unsubscribe links of every email."""

from django.core import signing
from django.urls import reverse

from alliance.emails import absolute, send
from members.models import Application

UNSUBSCRIBE_SALT = "members.unsubscribe"


def send_application_decision(*, application: Application) -> None:
    approved = application.status == Application.Status.APPROVED
    send(
        to=application.user.email,
        subject="Welcome to the alliance" if approved else "About your application",
        template="members/emails/application_approved"
        if approved
        else "members/emails/application_declined",
        context={
            "application": application,
            "user": application.user,
            "directory_url": absolute(reverse("members:directory")),
            "profile_url": absolute(reverse("members:profile_edit")),
            "survey_url": absolute(reverse("surveys:index")),
        },
    )


def signed_token(data: dict, *, salt: str) -> str:
    """A token for a link in an email that acts without a login (an unsubscribe): what it
    says is signed, so only the hub could have written it."""
    return signing.dumps(data, salt=salt)


def read_signed_token(token: str, *, salt: str) -> dict | None:
    """What a signed_token says, or None when it was forged or altered."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def one_click_headers(url: str) -> dict:
    """RFC 8058 one-click unsubscribe headers pointing at `url` (which acts on a POST)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signed_token({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    data = read_signed_token(token, salt=UNSUBSCRIBE_SALT)
    if data is None or "user" not in data or "kind" not in data:
        return None
    return data["user"], data["kind"]


def unsubscribe_headers(*, user_id: int, kind: str) -> dict:
    """RFC 8058 one-click unsubscribe headers for an email a person may turn off."""
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return one_click_headers(absolute(reverse("members:unsubscribe", args=[token])))
