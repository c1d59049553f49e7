from django.db.models import Q
from django.utils import timezone

from alliance.jobs import claim_then, task
from members.models import EmailKind
from members.selectors import wants_email
from working_groups import emails, services
from working_groups.access import can_read_group
from working_groups.models import DigestDelivery, Mention, Reply
from working_groups.selectors import digest_for


@task()
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

    def send():
        target = mention.target
        post = mention.post or mention.reply.post
        # Nobody is emailed a link they cannot open, nor text that has since been taken down:
        # a reply goes out of sight with its post.
        if (
            wants_email(user=mention.user, kind=EmailKind.MENTIONS)
            and can_read_group(mention.user, post.group)
            and not target.hidden_at
            and not target.deleted_at
            and not post.hidden_at
            and not post.deleted_at
        ):
            emails.send_mention(mention=mention)

    claim_then(
        self,
        rows=Mention.objects.filter(pk=mention_id),
        unclaimed=Q(emailed_at=None),
        claim={"emailed_at": timezone.now()},
        release={"emailed_at": None},
        work=send,
    )


@task()
def send_reply_email(self, reply_id: int) -> None:
    """Email a post's author about a new reply, once, if they want such emails."""
    reply = (
        Reply.objects.select_related("author", "post__author", "post__group")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None:
        return

    def send():
        post = reply.post
        # As for mentions: the author may have left a closed group since they posted, and
        # nobody is emailed text they cannot read or that has since been taken down.
        if (
            wants_email(user=post.author, kind=EmailKind.REPLIES)
            and can_read_group(post.author, post.group)
            and not reply.hidden_at
            and not reply.deleted_at
            and not post.hidden_at
            and not post.deleted_at
        ):
            emails.send_reply(reply=reply)

    claim_then(
        self,
        rows=Reply.objects.filter(pk=reply_id),
        unclaimed=Q(author_notified_at=None),
        claim={"author_notified_at": timezone.now()},
        release={"author_notified_at": None},
        work=send,
    )


@task()
def send_digest(self, delivery_id: int) -> None:
    """Email one member the week in their groups, once; nothing when the week was quiet."""
    delivery = DigestDelivery.objects.select_related("user").filter(pk=delivery_id).first()
    if delivery is None:
        return

    def send():
        if not wants_email(user=delivery.user, kind=EmailKind.DIGEST):
            return
        groups = digest_for(user=delivery.user, week_start=delivery.week_start)
        if groups:
            emails.send_digest(delivery=delivery, groups=groups)

    claim_then(
        self,
        rows=DigestDelivery.objects.filter(pk=delivery_id),
        unclaimed=Q(sent_at=None),
        claim={"sent_at": timezone.now()},
        release={"sent_at": None},
        work=send,
    )


@task(soft_time_limit=120, time_limit=180)
def send_weekly_digests(self) -> int:
    """Celery beat, Monday mornings: queue last week's digests (safe to run twice)."""
    return services.digest_schedule(week_start=services.digest_week_start())
