import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind
from notifications.models import Notification
from tests.factories import MemberFactory, join, make_group
from working_groups import services
from working_groups.models import Mention

pytestmark = pytest.mark.worker


def _wait_for(worker, count):
    deadline = time.monotonic() + 30
    while len(worker.sent_emails()) < count:
        assert time.monotonic() < deadline, "the worker sent too few emails"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    return worker.sent_emails()


def _subject(message):
    # The curly quotes around a post's title make the subject an encoded word (RFC 2047).
    return str(make_header(decode_header(message["Subject"])))


def _text(message):
    return "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_a_mention_once_with_unsubscribe(celery_worker_process):
    group = make_group(name="Process")
    author = MemberFactory(name="Amara Okafor")
    mentioned = MemberFactory(name="Kenji Watanabe")
    join(group, author, mentioned)
    services.post_create(group=group, author=author, body="What do you think, @Kenji Watanabe?")

    (message,) = _wait_for(celery_worker_process, 1)
    assert message["To"] == mentioned.email
    assert "Amara Okafor mentioned you" in _subject(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    # The mention is recorded, and emailed through the notifications' ledger.
    assert Mention.objects.get().user == mentioned
    assert Notification.objects.get(user=mentioned).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_author_about_a_reply_once(celery_worker_process):
    group = make_group(name="Process")
    author = MemberFactory(name="Amara Okafor")
    replier = MemberFactory(name="Sofia Lindqvist")
    quiet = MemberFactory(name="Quiet Quentin")
    join(group, author, replier, quiet)
    member_services.email_preferences_update(
        user=quiet, enabled=set(EmailKind.values) - {EmailKind.REPLIES}
    )
    post = services.post_create(group=group, author=author, body="How do you onboard PMs?")
    quiet_post = services.post_create(group=group, author=quiet, body="No emails please")
    services.reply_create(post=quiet_post, author=replier, body="Noted")
    services.reply_create(post=post, author=replier, body="A two-week buddy programme.")

    (message,) = _wait_for(celery_worker_process, 1)
    assert message["To"] == author.email
    assert "Sofia Lindqvist replied" in _subject(message)
    assert "List-Unsubscribe" in message
    # The quiet member is told in the app, and left for the digest: not emailed.
    quiet_told = Notification.objects.get(user=quiet)
    assert (quiet_told.kind, quiet_told.emailed_at) == ("reply", None)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_one_email_for_a_reply_that_mentions_the_posts_author(
    celery_worker_process,
):
    group = make_group(name="Process")
    author = MemberFactory(name="Amara Okafor")
    replier = MemberFactory(name="Sofia Lindqvist")
    join(group, author, replier)
    post = services.post_create(group=group, author=author, body="How do you onboard PMs?")
    services.reply_create(post=post, author=replier, body="@Amara Okafor, a buddy programme.")

    (message,) = _wait_for(celery_worker_process, 1)
    assert message["To"] == author.email
    assert "Sofia Lindqvist mentioned you" in _subject(message)
    assert "You get this because you were mentioned." in _text(message)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_digest_once_however_often_it_is_queued(celery_worker_process):
    from notifications import digest, tasks
    from notifications.models import DigestDelivery

    group = make_group(name="Process")
    author = MemberFactory(name="Amara Okafor", time_zone="UTC")
    reader = MemberFactory(name="Kenji Watanabe", time_zone="UTC")
    join(group, author, reader)
    for person in (author, reader):
        member_services.email_preferences_update(
            user=person, enabled=set(EmailKind.values), digest_frequency="daily"
        )
    services.post_create(
        group=group,
        author=author,
        title="Roadmap standards",
        body="Ours",
        created_at=timezone.now() - timedelta(hours=1),
    )
    # This morning's digests, as the beat queued them at 07:05 UTC; queued twice, and sent
    # twice, they go out once.
    now = timezone.now()
    seven = now.replace(hour=7, minute=5, second=0, microsecond=0)
    seven -= timedelta(days=1) if seven > now else timedelta(0)
    assert digest.digests_schedule(now=seven) == 2
    assert digest.digests_schedule(now=seven) == 0
    for delivery in DigestDelivery.objects.all():
        tasks.send_digest.delay(delivery.pk)

    (message,) = _wait_for(celery_worker_process, 1)
    # Nobody is told of their own post: the author's digest is empty, and not sent.
    assert message["To"] == reader.email
    assert "Roadmap standards" in _text(message)
    assert "List-Unsubscribe" in message
    deadline = time.monotonic() + 10
    while DigestDelivery.objects.filter(sent_at=None).exists():
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert DigestDelivery.objects.get(user=author).skipped is True
    assert DigestDelivery.objects.get(user=reader).skipped is False
