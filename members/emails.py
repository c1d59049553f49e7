"""The emails of the members part: each has a plain-text and an HTML part."""

from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from members.models import Application

UNSUBSCRIBE_SALT = "members.unsubscribe"


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def send(*, to: str, subject: str, template: str, context: dict, headers=None) -> None:
    """Render `<template>.txt` and `<template>.html` and send them as one message."""
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=f"[Product Ops Alliance] {subject}",
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


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
