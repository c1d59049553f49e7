"""The manifesto's background work: its emails. Each task takes an id, claims its row with a
conditional update (alliance.jobs.claim_then) so that a retry or a second worker never sends
twice, and re-checks at send time that the recipient may still read what it says."""

from django.db.models import F, Q
from django.utils import timezone

from alliance.jobs import claim_then, enqueue, task
from members.models import EmailKind
from members.selectors import wants_email
from notifications.services import notification_emailed
from pillars import emails, notifying
from pillars.access import can_discuss
from pillars.models import Endorsement, EndorsementRequest, ManifestoComment, ManifestoVersion

# --- Comments ---------------------------------------------------------------------------------


def _shown(comment: ManifestoComment) -> bool:
    return comment.deleted_at is None and comment.hidden_at is None


@task()
def send_comment_reply_email(self, comment_id: int) -> None:
    """Email a thread's author about a reply to it, once, if they want such emails."""
    reply = (
        ManifestoComment.objects.select_related(
            "author", "version", "parent__author__profile", "parent__version"
        )
        .filter(pk=comment_id)
        .exclude(parent=None)
        .first()
    )
    if reply is None:
        return

    def send():
        thread = reply.parent
        recipient = thread.author
        # Nobody is emailed about their own reply, nor text since taken down, nor a discussion
        # they may no longer join (their membership ended, their account was deleted).
        if (
            recipient.pk != reply.author_id
            and wants_email(user=recipient, kind=EmailKind.MANIFESTO)
            and can_discuss(recipient)
            and _shown(reply)
            and _shown(thread)
        ):
            emails.send_comment_reply(reply=reply)
            # The email told them: the digest does not tell them again.
            notification_emailed(user_id=recipient.pk, event_key=notifying.reply_event(reply.pk))

    claim_then(
        self,
        rows=ManifestoComment.objects.filter(pk=comment_id),
        unclaimed=Q(parent_author_notified_at=None),
        claim={"parent_author_notified_at": timezone.now()},
        work=send,
    )


@task()
def send_thread_resolved_email(self, comment_id: int) -> None:
    """Email a thread's author that someone else (or a version) resolved it, once."""
    thread = (
        ManifestoComment.objects.select_related(
            "author__profile", "version", "resolved_by", "resolved_in"
        )
        .filter(pk=comment_id, parent=None)
        .first()
    )
    if thread is None:
        return

    def send():
        recipient = thread.author
        if (
            wants_email(user=recipient, kind=EmailKind.MANIFESTO)
            and can_discuss(recipient)
            and _shown(thread)
        ):
            emails.send_thread_resolved(thread=thread)
            notification_emailed(user_id=recipient.pk, event_key=notifying.resolved_event(thread))

    claim_then(
        self,
        rows=ManifestoComment.objects.filter(pk=comment_id),
        # Claimed only while it stands resolved by someone else: a thread reopened before this
        # ran stays unclaimed, so that its next resolution is announced.
        unclaimed=Q(resolution_notified_at=None, resolved_at__isnull=False)
        & ~Q(resolved_by=F("author")),
        claim={"resolution_notified_at": timezone.now()},
        work=send,
    )


# --- Endorsements -----------------------------------------------------------------------------

# Requests sent by one run of send_endorsement_requests; a longer list goes on in a new run,
# so no run comes near its time limit however many people endorsed the earlier versions.
ENDORSEMENT_REQUEST_BATCH = 100


@task(soft_time_limit=120, time_limit=180)
def send_endorsement_requests(self, version_id: int) -> int:
    """After a major version: ask each past endorser once to look at the diff and endorse it
    again (services.versions.draft_publish made the EndorsementRequest rows). Running it
    again (a retry, a redelivery after a worker died) sends only what is unsent. Returns how
    many emails this run sent."""
    version = ManifestoVersion.objects.filter(
        pk=version_id, status=ManifestoVersion.Status.PUBLISHED
    ).first()
    if version is None:
        return 0
    batch = list(
        EndorsementRequest.objects.filter(version=version, sent_at=None)
        .select_related("member__profile", "endorsed")
        .order_by("pk")[:ENDORSEMENT_REQUEST_BATCH]
    )
    already = set(
        Endorsement.objects.filter(
            version=version, member_id__in=[asked.member_id for asked in batch]
        ).values_list("member_id", flat=True)
    )
    sent = 0
    for asked in batch:
        asked.version = version

        def send(asked=asked):
            nonlocal sent
            # Checked when sending, not when asked: since the version was published the person
            # may have endorsed it, left the alliance, deleted their account (which takes their
            # profile, so can_discuss says no) or turned these emails off.
            if (
                asked.member_id not in already
                and can_discuss(asked.member)
                and wants_email(user=asked.member, kind=EmailKind.MANIFESTO_VERSIONS)
            ):
                emails.send_endorsement_request(request=asked)
                notification_emailed(
                    user_id=asked.member_id, event_key=notifying.version_event(version.pk)
                )
                sent += 1

        # One conditional UPDATE per row (… SET sent_at = now() WHERE id = … AND sent_at IS
        # NULL): only one run sends each request; a failed send rolls its claim back for the retry.
        claim_then(
            self,
            rows=EndorsementRequest.objects.filter(pk=asked.pk),
            unclaimed=Q(sent_at=None),
            claim={"sent_at": timezone.now()},
            work=send,
        )
    if len(batch) == ENDORSEMENT_REQUEST_BATCH:
        enqueue("pillars.tasks.send_endorsement_requests", version_id)
    return sent
