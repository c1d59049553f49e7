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


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data["user"], data["kind"]


def unsubscribe_headers(*, user_id: int, kind: str) -> dict:
    """RFC 8058 one-click unsubscribe headers for an email a person may turn off."""
    url = absolute(
        reverse("members:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)])
    )
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
