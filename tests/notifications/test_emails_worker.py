"""Notification emails through real Celery workers: a mention reaches the member once, however
often its task runs, and two events of one thread handled at once by two workers make one
email."""

from email.header import decode_header, make_header

import pytest

from members.models import EmailKind
from notifications import services, tasks
from notifications.models import Notification
from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import services as group_services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_emails_a_mention_once(celery_worker_process):
    group = make_group(name="Process")
    ana, kenji = MemberFactory(name="Ana Lopez"), MemberFactory(name="Kenji Watanabe")
    join(group, ana, kenji)
    post = group_services.post_create(
        group=group, author=ana, title="Roadmap rituals", body="What do you think, @Kenji Watanabe?"
    )
    (message,) = celery_worker_process.wait_for_emails(1)
    tasks.email_event.delay(f"working_groups.post:{post.pk}")
    tasks.email_event.delay(f"working_groups.post:{post.pk}")
    assert len(celery_worker_process.wait_for_emails(1)) == 1
    assert message["To"] == kenji.email
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith("[Product Ops Alliance] Ana Lopez mentioned you in")
    assert "“Roadmap rituals”" in subject
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message["List-Unsubscribe"]
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    assert Notification.objects.get(user=kenji).emailed_at is not None


def test_two_workers_make_one_email_of_two_events_in_one_thread(celery_worker_factory):
    worker = celery_worker_factory(concurrency=2)
    group = make_group(name="Process")
    ana, kenji = MemberFactory(name="Ana Lopez"), MemberFactory(name="Kenji Watanabe")
    join(group, ana, kenji)
    post = make_post(group=group, author=ana, title="Roadmap rituals")
    target = services.Target(
        key=f"working_groups.post:{post.pk}", title="“Roadmap rituals”", url="/"
    )
    why = services.Why(reason="watching", text="You watch this thread")
    for n in (1, 2):
        services.notify(
            user_ids=[kenji.pk],
            kind="reply",
            event_key=f"tests.reply:{n}",
            target=target,
            verb="replied in",
            why=why,
            actor=ana,
            email_kind=EmailKind.GROUP_ACTIVITY,
        )
    assert len(worker.wait_for_emails(1, settle=3)) == 1
    emailed = Notification.objects.exclude(emailed_at=None).values_list("event_key", flat=True)
    assert len(emailed) == 1  # the other waits for the digest, unmarked
