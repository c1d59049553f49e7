"""The library's background work. Each section belongs to one part of the library."""

from django.db.models import Q
from django.utils import timezone

from alliance.jobs import claim_then, enqueue, task
from library import emails, notifying
from library.access import can_contribute
from library.models import Credit, Item, Review
from library.services import links as links_services
from library.services import reviewing as reviewing_services
from members.models import EmailKind
from members.selectors import wants_email
from notifications.services import notification_emailed

# --- Writing: co-author invitations ---------------------------------------------------------


@task()
def send_coauthor_invitation(self, credit_id: int) -> None:
    """Email a member named as co-author, once, if they want library emails."""
    credit = (
        Credit.objects.select_related("item", "member", "invited_by").filter(pk=credit_id).first()
    )
    if credit is None:  # the invitation was taken back before the email went
        return

    def send():
        # Sent only while the invitation stands and the draft is still theirs to open: a
        # member who left the alliance, or an item declined or withdrawn, gets nothing.
        if (
            credit.accepted_at is None
            and credit.declined_at is None
            and credit.item.status not in (Item.Status.DECLINED, Item.Status.WITHDRAWN)
            and can_contribute(credit.member)
            and wants_email(user=credit.member, kind=EmailKind.LIBRARY)
        ):
            emails.send_coauthor_invitation(credit=credit)
            # The email told them: the digest does not tell them again.
            notification_emailed(
                user_id=credit.member_id, event_key=notifying.credit_event(credit.pk)
            )

    claim_then(
        self,
        rows=Credit.objects.filter(pk=credit_id),
        unclaimed=Q(invitation_sent_at=None),
        claim={"invitation_sent_at": timezone.now()},
        work=send,
    )


# --- Reviewing: the authors told of a decision; scheduled items published --------------------


@task()
def send_review_email(self, review_id: int) -> None:
    """Tell an item's credited members what staff decided, once, if they want such emails."""
    review = Review.objects.select_related("item").filter(pk=review_id).first()
    if review is None or review.decision not in emails.REVIEW_SUBJECTS:
        return

    def send():
        item = review.item
        # Staff may have decided again since (published then withdrawn, declined then...):
        # nobody is told of a decision that no longer stands, nor sent to a page that is gone.
        if item.status != review.decision:
            return
        credits = item.credits.filter(accepted_at__isnull=False, declined_at=None)
        for credit in credits.select_related("member"):
            member = credit.member
            if not wants_email(user=member, kind=EmailKind.LIBRARY):
                continue
            # A draft sent back or declined opens only to members (library.access.can_edit).
            if review.decision != Review.Decision.PUBLISHED and not can_contribute(member):
                continue
            emails.send_review(review=review, recipient=member)
            notification_emailed(user_id=member.pk, event_key=notifying.review_event(review.pk))

    claim_then(
        self,
        rows=Review.objects.filter(pk=review_id),
        unclaimed=Q(authors_notified_at=None),
        claim={"authors_notified_at": timezone.now()},
        work=send,
    )


@task(soft_time_limit=120, time_limit=180)
def publish_due_items(self) -> int:
    """Celery beat, every minute: publish the scheduled items whose time has come (each once,
    however many runs overlap)."""
    return reviewing_services.items_publish_due()


# --- Link health: the weekly check of every curated link ------------------------------------


@task()
def check_links(self) -> int:
    """Celery beat, weekly: a check of each curated link that is due, one task per link, so a
    slow site holds up no other and each has its own time limit."""
    due = links_services.links_due_for_check()
    for item_id in due:
        enqueue("library.tasks.check_link", item_id)
    return len(due)


@task(soft_time_limit=60, time_limit=90)
def check_link(self, item_id: int) -> None:
    """Check one curated link, once however many runs enqueue it: the run that sets
    link_checked_at first does the check; the claim is rolled back if the check fails."""
    if not Item.objects.filter(pk=item_id).exists():  # the item was deleted since
        return
    claim_then(
        self,
        rows=Item.objects.filter(pk=item_id),
        unclaimed=links_services.link_check_unclaimed(),
        claim={"link_checked_at": timezone.now()},
        work=lambda: links_services.link_check(item_id=item_id),
    )
