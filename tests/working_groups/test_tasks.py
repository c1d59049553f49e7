import time
from datetime import datetime

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind
from tests.factories import MemberFactory, join, make_group
from working_groups import services
from working_groups.models import DigestDelivery, Mention, Reply

pytestmark = pytest.mark.worker


def _wait_for(worker, count):
    deadline = time.monotonic() + 30
    while len(worker.sent_emails()) < count:
        assert time.monotonic() < deadline, "the worker sent too few emails"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    return worker.sent_emails()


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
    assert "Amara Okafor mentioned you" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    assert Mention.objects.get().emailed_at is not None


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
    assert "Sofia Lindqvist replied" in message["Subject"]
    assert "List-Unsubscribe" in message
    # The quiet member's reply was claimed too, but nothing was sent.
    assert not Reply.objects.filter(author_notified_at=None).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_weekly_digest_once_from_the_beat_task(celery_worker_process):
    from datetime import timedelta

    from working_groups import tasks

    group = make_group(name="Process")
    author, reader = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    join(group, author, reader)
    week_start = services.digest_week_start()
    during = timezone.make_aware(datetime.combine(week_start, datetime.min.time())) + timedelta(
        days=2
    )
    services.post_create(
        group=group, author=author, title="Roadmap standards", body="Ours", created_at=during
    )
    tasks.send_weekly_digests.delay()
    tasks.send_weekly_digests.delay()  # beat firing twice sends nothing twice

    messages = _wait_for(celery_worker_process, 2)
    assert sorted(message["To"] for message in messages) == sorted([author.email, reader.email])
    assert all("Roadmap standards" in _text(message) for message in messages)
    assert all("List-Unsubscribe" in message for message in messages)
    assert DigestDelivery.objects.filter(sent_at__isnull=False).count() == 2
