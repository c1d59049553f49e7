"""Sending the hub's emails: every message has a plain-text and an HTML part."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import engines
from django.template.loader import render_to_string

SUBJECT_PREFIX = "[Product Ops Alliance] "


def absolute(path: str) -> str:
    """The full address of a path on the site, for links in emails."""
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def render_text(template_name: str, context: dict) -> str:
    """The plain-text part of an email, rendered without HTML escaping (settings: TEMPLATES)."""
    text = engines["text"].get_template(template_name).render(context)
    # A plain str, not the SafeString templates return: nothing in it was escaped, so it must
    # never pass as safe HTML if it ends up in a page.
    return str.__str__(text)


def send(*, to: str, subject: str, template: str, context: dict, headers=None) -> None:
    """Render `<template>.txt` and `<template>.html` and send them as one message."""
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + subject,
        body=render_text(f"{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def as_data(message: EmailMultiAlternatives) -> dict:
    """A rendered message as JSON-ready data, to be sent later by a task (`send_data`)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
    }


def send_data(data: dict) -> None:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()
