"""The emails of the manifesto, each with a plain-text and an HTML part and a one-click
unsubscribe: a reply to your comment, a thread you started resolved (EmailKind.MANIFESTO).
The tasks (pillars.tasks) decide whether to send; these only say it."""

from django.urls import reverse

from alliance.emails import absolute, send
from members.emails import unsubscribe_headers
from members.models import EmailKind
from pillars.models import EndorsementRequest, ManifestoComment, ManifestoSection


def _section_title(comment: ManifestoComment) -> str:
    title = (
        ManifestoSection.objects.filter(version_id=comment.version_id, key=comment.section_key)
        .values_list("title", flat=True)
        .first()
    )
    return title or comment.section_key


def send_comment_reply(*, reply: ManifestoComment) -> None:
    thread = reply.parent
    section = _section_title(reply)
    send(
        to=thread.author.email,
        subject=f"{reply.author.display_name} replied to your comment on “{section}”",
        template="pillars/emails/comment_reply",
        context={
            "user": thread.author,
            "author": reply.author,
            "section": section,
            "version": reply.version,
            "thread_excerpt": thread.body_markdown[:300],
            "excerpt": reply.body_markdown[:500],
            "url": absolute(reply.get_absolute_url()),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=thread.author_id, kind=EmailKind.MANIFESTO),
    )


def send_thread_resolved(*, thread: ManifestoComment) -> None:
    section = _section_title(thread)
    diff_url = ""
    if thread.resolved_in_id:
        diff_url = absolute(
            reverse("pillars:compare", args=[thread.version.number, thread.resolved_in.number])
            + f"#{thread.section_key}"
        )
    send(
        to=thread.author.email,
        subject=f"Your comment on “{section}” is resolved",
        template="pillars/emails/thread_resolved",
        context={
            "user": thread.author,
            "thread": thread,
            "section": section,
            "resolved_by": thread.resolved_by,
            "resolved_in": thread.resolved_in,
            "excerpt": thread.body_markdown[:500],
            "diff_url": diff_url,
            "url": absolute(thread.get_absolute_url()),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=thread.author_id, kind=EmailKind.MANIFESTO),
    )


# --- Endorsements (send_endorsement_request) follow below ------------------------------------


def send_endorsement_request(*, request: EndorsementRequest) -> None:
    """Ask a past endorser to look at a new major version and endorse it again
    (EmailKind.MANIFESTO_VERSIONS)."""
    version, endorsed = request.version, request.endorsed
    send(
        to=request.member.email,
        subject=f"Version {version.number} of the manifesto: will you endorse it again?",
        template="pillars/emails/endorsement_request",
        context={
            "user": request.member,
            "version": version,
            "endorsed": endorsed,
            "compare_url": absolute(
                reverse("pillars:compare", args=[endorsed.number, version.number])
            ),
            "version_url": absolute(version.get_absolute_url() + "#endorse"),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=request.member_id, kind=EmailKind.MANIFESTO_VERSIONS),
    )
