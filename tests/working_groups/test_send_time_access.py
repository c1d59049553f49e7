"""Every email re-checks, when it is sent, that its recipient may read what it contains."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from members.models import Profile
from notifications import digest
from notifications import tasks as notification_tasks
from notifications.models import DigestDelivery
from tests.factories import MemberFactory, join, make_group
from working_groups import selectors, services
from working_groups.models import GroupMembership

pytestmark = pytest.mark.django_db


def _closed_group_with(lead, *people):
    group = make_group(name="Insights", join_policy="request", leads=[lead])
    for person in people:
        join(group, person)
        services.membership_approve(
            membership=GroupMembership.objects.get(group=group, user=person), decided_by=lead
        )
    return group


# A reply's emails are its notifications' (working_groups/notifying.py), sent by the ledger's
# task; this test's transaction never commits, so each is sent below, after what changed.
def _send(reply):
    notification_tasks.email_event.apply(args=[f"working_groups.reply:{reply.pk}"])


def test_no_reply_email_to_an_author_who_left_the_closed_group_before_it_was_sent(mailoutbox):
    lead, author = MemberFactory(name="Lena Lead"), MemberFactory(name="Amara Okafor")
    group = _closed_group_with(lead, author)
    post = services.post_create(group=group, author=author, body="Our roadmap", notify=False)
    reply = services.reply_create(post=post, author=lead, body="Confidential detail")
    services.membership_leave(group=group, user=author)
    _send(reply)
    assert mailoutbox == []


def test_an_author_who_left_an_open_group_is_still_emailed_a_reply(mailoutbox):
    group = make_group(name="Process")
    author, replier = MemberFactory(name="Amara Okafor"), MemberFactory(name="Sofia Lindqvist")
    join(group, author, replier)
    post = services.post_create(group=group, author=author, body="Our roadmap", notify=False)
    services.membership_leave(group=group, user=author)
    reply = services.reply_create(post=post, author=replier, body="Nice")
    _send(reply)
    (message,) = mailoutbox
    assert message.to == [author.email]


def test_no_reply_email_about_a_post_a_lead_has_hidden_since(mailoutbox):
    lead, author = MemberFactory(name="Lena Lead"), MemberFactory(name="Amara Okafor")
    group = _closed_group_with(lead, author)
    post = services.post_create(group=group, author=author, body="Buy my tool", notify=False)
    reply = services.reply_create(post=post, author=lead, body="Please don't")
    services.post_hide(post=post, by=lead)
    _send(reply)
    assert mailoutbox == []


# The digest of the groups is now a block of every member's digest (notifications.digest).


def _day_with_a_post(group, author):
    services.post_create(
        group=group,
        author=author,
        title="Roadmap standards",
        body="Ours",
        created_at=timezone.now() - timedelta(hours=2),
        notify=False,
    )


def test_the_digest_leaves_out_a_closed_group_the_reader_left_after_it_was_queued(mailoutbox):
    lead = MemberFactory(name="Lena Lead")
    reader = MemberFactory(name="Kenji Watanabe", time_zone="UTC")
    group = _closed_group_with(lead, reader)
    _day_with_a_post(group, lead)
    digest.digests_schedule(now=datetime(2026, 11, 30, 7, 0, tzinfo=UTC))  # a Monday
    services.membership_leave(group=group, user=reader)
    notification_tasks.send_digest.apply(args=[DigestDelivery.objects.get(user=reader).pk])
    assert mailoutbox == []


def test_the_digest_holds_only_groups_its_reader_may_read(mailoutbox):
    lead, reader = MemberFactory(name="Lena Lead"), MemberFactory(name="Kenji Watanabe")
    closed = _closed_group_with(lead, reader)
    _day_with_a_post(closed, lead)
    since, until = timezone.now() - timedelta(days=1), timezone.now()
    (block,) = selectors.digest_section(user=reader, since=since, until=until)
    assert block["url"].endswith(closed.get_absolute_url())
    # Staff ended the reader's alliance membership (in the admin); the group membership is
    # still there, but the feed is no longer theirs to read.
    Profile.objects.filter(user=reader).update(member_since=None)
    reader.refresh_from_db()
    assert selectors.digest_section(user=reader, since=since, until=until) == []
