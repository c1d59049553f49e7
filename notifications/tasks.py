"""The ledger's background work: emailing a notification, the digests, and putting what other
parts emailed themselves (an application's decision) in the bell. Each sends once: a retry or
a second worker finds the row claimed."""

from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from alliance.jobs import claim_then, task
from members.models import Application, EmailKind
from members.selectors import wants_email
from notifications import digest, emails
from notifications.models import DigestDelivery, Kind, Notification
from notifications.services import Target, Why, notification_emailed, notify
from notifications.targets import key

# Not yet told through any channel, nor gone out of sight: what an email may still say.
UNTOLD = Q(read_at=None, emailed_at=None, digested_at=None, withdrawn_at=None)


@contextmanager
def _thread_lock(notification: Notification):
    """One email a thread at a time for a member: two events of one thread emailed by two
    workers at once would otherwise both find no email sent yet. A session advisory lock,
    held while the claim is made and the email sent; released however that ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_lock(%s, hashtext(%s))",
            [notification.user_id, notification.target_key],
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, hashtext(%s))",
                [notification.user_id, notification.target_key],
            )


def _thread_emailed() -> Exists:
    """An email about the same target already reached the member and they have not read it
    since: until they do, what follows in the thread waits for the bell and the digest."""
    return Exists(
        Notification.objects.filter(
            user_id=OuterRef("user_id"),
            target_key=OuterRef("target_key"),
            emailed_at__isnull=False,
            read_at=None,
            withdrawn_at=None,
        ).exclude(pk=OuterRef("pk"))
    )


@task()
def email_event(self, event_key: str) -> int:
    """Email the members told of one event who may be emailed now, each once; the others are
    left, unmarked, for the bell and the digest. Returns how many were sent."""
    now = timezone.now()
    pending = (
        Notification.objects.filter(UNTOLD, event_key=event_key)
        .exclude(email_kind="")
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for notification in pending:
        if not emails.may_email(notification=notification, now=now):
            continue
        with _thread_lock(notification):
            sent += claim_then(
                self,
                rows=Notification.objects.filter(pk=notification.pk),
                # A call's invitation, change notices and reminders are each news on their
                # own (the day before, the hour before): one email a thread is for chatter.
                unclaimed=UNTOLD
                if notification.kind == Kind.CALL
                else UNTOLD & ~Q(_thread_emailed()),
                claim={"emailed_at": timezone.now()},
                work=lambda notification=notification: emails.send_notification(
                    notification=notification
                ),
            )
    return sent


@task(soft_time_limit=120, time_limit=180)
def send_due_digests(self, now: str | None = None) -> int:
    """Celery beat, every quarter of an hour: queue the digests of members for whom it is now
    seven in the morning (safe to run twice). `now`, an ISO instant, replays a given quarter
    hour (a missed beat, a test)."""
    return digest.digests_schedule(now=datetime.fromisoformat(now) if now else timezone.now())


@task(soft_time_limit=60, time_limit=90)
def send_digest(self, delivery_id: int) -> None:
    """Email one member their digest, once; nothing (the delivery marked skipped) when they
    have nothing new or turned the digest off since it was queued."""
    delivery = (
        DigestDelivery.objects.select_related("user__profile")
        .filter(pk=delivery_id, sent_at=None, skipped=False)
        .first()
    )
    if delivery is None:
        return
    rows = DigestDelivery.objects.filter(pk=delivery_id)

    def work():
        user, until = delivery.user, timezone.now()
        if not wants_email(user=user, kind=EmailKind.DIGEST):
            rows.update(skipped=True)  # turned off since it was queued
            return
        with transaction.atomic():
            content = digest.digest_content(user=user, since=delivery.since, until=until)
            marked = set(
                digest.notifications_digest(ids=[n.pk for n in content.notifications], now=until)
            )
            told = [n for n in content.notifications if n.pk in marked]
            if told or content.sections:
                # Inside the transaction: if sending fails, nothing is marked digested.
                emails.send_digest(
                    delivery=delivery,
                    notifications=told[: digest.LISTED],
                    more=max(len(told) - digest.LISTED, 0),
                    sections=content.sections,
                )
                return
        rows.update(skipped=True)  # nothing new: nothing is sent

    claim_then(
        self,
        rows=rows,
        unclaimed=Q(sent_at=None, skipped=False),
        claim={"sent_at": timezone.now()},
        work=work,
    )


@task()
def application_decided(self, application_id: int) -> None:
    """Put the staff's decision on an application in the applicant's bell, as already emailed:
    the members part sends that email itself (it is transactional), so the digest never tells
    it again."""
    application = (
        Application.objects.exclude(status=Application.Status.PENDING)
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    approved = application.status == Application.Status.APPROVED
    event_key = f"members.application:{application.pk}:{application.status}"
    with transaction.atomic():
        notify(
            user_ids=[application.user_id],
            kind=Kind.MEMBERSHIP,
            event_key=event_key,
            target=Target(
                key=key("members.application", application.pk),
                title="your application to join the alliance",
                url=reverse("members:directory") if approved else reverse("members:apply"),
            ),
            verb="approved" if approved else "declined",
            why=Why(reason="application", text="Your application"),
        )
        # The decision is the alliance's, whoever clicked: the bell names no staff member.
        Notification.objects.filter(
            user_id=application.user_id, event_key=event_key, actor=None
        ).update(actor_name="The Product Ops Alliance")
        notification_emailed(user_id=application.user_id, event_key=event_key)
