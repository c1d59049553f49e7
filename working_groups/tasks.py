import logging

from celery import shared_task
from django.utils import timezone

from alliance.access import can_read_group
from members.models import EmailKind
from members.selectors import wants_email
from working_groups import emails
from working_groups.models import DigestDelivery, Mention, Reply

logger = logging.getLogger(__name__)

TASK_OPTIONS = {
    "bind": True,
    "max_retries": 5,
    "retry_backoff": True,
    "soft_time_limit": 30,
    "time_limit": 60,
    "acks_late": True,
}


@shared_task(**TASK_OPTIONS)
def send_mention_email(self, mention_id: int) -> None:
    """Email a member that someone mentioned them, once, if they want such emails."""
    mention = (
        Mention.objects.select_related(
            "user", "mentioned_by", "post__group", "reply__post__group", "reply__author"
        )
        .filter(pk=mention_id)
        .first()
    )
    if mention is None:
        return
    # Claim before sending: a retry or a second worker finds it claimed and stops.
    if not Mention.objects.filter(pk=mention_id, emailed_at=None).update(emailed_at=timezone.now()):
        return
    target = mention.target
    post = mention.post or mention.reply.post
    # Nobody is emailed a link they cannot open, nor text that has since been taken down.
    if (
        not wants_email(user=mention.user, kind=EmailKind.MENTIONS)
        or not can_read_group(mention.user, post.group)
        or target.hidden_at
        or target.deleted_at
    ):
        return
    try:
        emails.send_mention(mention=mention)
    except Exception as error:
        Mention.objects.filter(pk=mention_id).update(emailed_at=None)
        logger.warning("mention email %s failed: %s", mention_id, error)
        raise self.retry(exc=error) from error


@shared_task(**TASK_OPTIONS)
def send_reply_email(self, reply_id: int) -> None:
    """Email a post's author about a new reply, once, if they want such emails."""
    reply = (
        Reply.objects.select_related("author", "post__author", "post__group")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None:
        return
    if not Reply.objects.filter(pk=reply_id, author_notified_at=None).update(
        author_notified_at=timezone.now()
    ):
        return
    if (
        reply.hidden_at
        or reply.deleted_at
        or not wants_email(user=reply.post.author, kind=EmailKind.REPLIES)
    ):
        return
    try:
        emails.send_reply(reply=reply)
    except Exception as error:
        Reply.objects.filter(pk=reply_id).update(author_notified_at=None)
        logger.warning("reply email %s failed: %s", reply_id, error)
        raise self.retry(exc=error) from error


@shared_task(**TASK_OPTIONS)
def send_digest(self, delivery_id: int) -> None:
    """Email one member the week in their groups, once; nothing when the week was quiet."""
    from working_groups.selectors import digest_for

    delivery = DigestDelivery.objects.select_related("user").filter(pk=delivery_id).first()
    if delivery is None:
        return
    if not DigestDelivery.objects.filter(pk=delivery_id, sent_at=None).update(
        sent_at=timezone.now()
    ):
        return
    if not wants_email(user=delivery.user, kind=EmailKind.DIGEST):
        return
    groups = digest_for(user=delivery.user, week_start=delivery.week_start)
    if not groups:
        return
    try:
        emails.send_digest(delivery=delivery, groups=groups)
    except Exception as error:
        DigestDelivery.objects.filter(pk=delivery_id).update(sent_at=None)
        logger.warning("digest %s failed: %s", delivery_id, error)
        raise self.retry(exc=error) from error


@shared_task(bind=True, acks_late=True, soft_time_limit=120, time_limit=180)
def send_weekly_digests(self) -> int:
    """Celery beat, Monday mornings: queue last week's digests (safe to run twice)."""
    from working_groups import services

    return services.digest_schedule(week_start=services.digest_week_start())
