"""The library's emails, each with a .txt and an .html part (templates/library/emails/)."""

from django.urls import reverse

from alliance.emails import absolute, send
from members.emails import unsubscribe_headers
from members.models import EmailKind

# --- Writing: co-author invitations ---------------------------------------------------------


def send_coauthor_invitation(*, credit) -> None:
    """Ask a member to accept being credited as a co-author of an article."""
    item, inviter = credit.item, credit.invited_by
    inviter_name = inviter.display_name if inviter else "A member"
    send(
        to=credit.member.email,
        subject=f"{inviter_name} invites you to co-author “{item.title}”",
        template="library/emails/coauthor_invitation",
        context={
            "user": credit.member,
            "inviter_name": inviter_name,
            "item": item,
            "preview_url": absolute(reverse("library:preview", args=[item.pk])),
            "answer_url": absolute(reverse("library:mine") + "#invitations"),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=credit.member_id, kind=EmailKind.LIBRARY),
    )


# --- Reviewing: changes requested, published, declined -----------------------------------------

# What each decision tells the authors: the subject, and where the button leads.
REVIEW_SUBJECTS = {
    "changes_requested": "Changes requested on “{title}”",
    "published": "“{title}” is published in the library",
    "declined": "“{title}” was not accepted for the library",
}


def _review_url(review) -> str:
    item = review.item
    if review.decision == "published":
        return absolute(item.get_absolute_url())
    if review.decision == "changes_requested":
        return absolute(reverse("library:edit", args=[item.pk]))
    return absolute(reverse("library:mine"))


def send_review(*, review, recipient) -> None:
    """Tell one credited member what staff decided on their item, with the staff's note."""
    item = review.item
    send(
        to=recipient.email,
        subject=REVIEW_SUBJECTS[review.decision].format(title=item.title),
        template=f"library/emails/{review.decision}",
        context={
            "user": recipient,
            "item": item,
            "note": review.note,
            "url": _review_url(review),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=recipient.pk, kind=EmailKind.LIBRARY),
    )
