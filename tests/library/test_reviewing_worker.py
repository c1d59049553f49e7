"""The reviewing part's tasks, each once through a real Celery worker: the beat task that
publishes scheduled items, and the email that tells authors of a decision."""

import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from alliance.jobs import registered
from library.models import Item, Review
from library.services import reviewing
from tests.factories import MemberFactory, StaffFactory
from tests.library.conftest import reviewing_submitted

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(worker, count):
    deadline = time.monotonic() + 30
    while len(worker.sent_emails()) < count:
        assert time.monotonic() < deadline, "the worker sent too few emails"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    return worker.sent_emails()


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message):
    return "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def test_a_real_worker_publishes_a_due_item_once_and_emails_its_author(celery_worker_process):
    author, staff = MemberFactory(name="Amara Okafor"), StaffFactory()
    item = reviewing.item_schedule(
        item=reviewing_submitted(title="Creative destruction", author=author),
        reviewer=staff,
        publish_at=timezone.now() + timedelta(minutes=1),
        note="Out with the newsletter.",
    )
    Item.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    # Two beat runs at once: only one publishes it.
    registered("library.tasks.publish_due_items").delay()
    registered("library.tasks.publish_due_items").delay()

    (message,) = _wait_for(celery_worker_process, 1)
    assert message["To"] == author.email
    assert "“Creative destruction” is published" in _subject(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Out with the newsletter." in _text(message)
    assert "/library/creative-destruction/" in _text(message)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert Review.objects.filter(item=item, decision="published").count() == 1


def test_a_real_worker_emails_the_authors_that_changes_are_requested(celery_worker_process):
    author, coauthor = MemberFactory(), MemberFactory()
    item = reviewing_submitted(author=author, coauthors=[coauthor])

    reviewing.item_request_changes(item=item, reviewer=StaffFactory(), note="Add numbers.")

    deadline = time.monotonic() + 30
    while len([m for m in celery_worker_process.sent_emails() if "Changes" in _subject(m)]) < 2:
        assert time.monotonic() < deadline, "the worker sent too few emails"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    messages = celery_worker_process.sent_emails()
    reviews = [m for m in messages if "Changes requested" in _subject(m)]
    assert sorted(m["To"] for m in reviews) == sorted([author.email, coauthor.email])
    assert all("Add numbers." in _text(m) for m in reviews)
    assert Review.objects.get(item=item).authors_notified_at is not None
