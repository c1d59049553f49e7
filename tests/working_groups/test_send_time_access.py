"""Every email re-checks, when it is sent, that its recipient may read what it contains."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from members.models import Profile
from tests.factories import MemberFactory, join, make_group
from working_groups import selectors, services, tasks
from working_groups.models import DigestDelivery, GroupMembership

pytestmark = pytest.mark.django_db


def _closed_group_with(lead, *people):
    group = make_group(name="Insights", join_policy="request", leads=[lead])
    for person in people:
        join(group, person)
        services.membership_approve(
            membership=GroupMembership.objects.get(group=group, user=person), decided_by=lead
        )
    return group


def test_no_reply_email_to_an_author_who_left_the_closed_group(mailoutbox):
    lead, author = MemberFactory(name="Lena Lead"), MemberFactory(name="Amara Okafor")
    group = _closed_group_with(lead, author)
    post = services.post_create(group=group, author=author, body="Our roadmap", notify=False)
    services.membership_leave(group=group, user=author)
    reply = services.reply_create(post=post, author=lead, body="Confidential detail", notify=False)
    tasks.send_reply_email.apply(args=[reply.pk])
    assert mailoutbox == []


def test_an_author_who_left_an_open_group_is_still_emailed_a_reply(mailoutbox):
    group = make_group(name="Process")
    author, replier = MemberFactory(name="Amara Okafor"), MemberFactory(name="Sofia Lindqvist")
    join(group, author, replier)
    post = services.post_create(group=group, author=author, body="Our roadmap", notify=False)
    services.membership_leave(group=group, user=author)
    reply = services.reply_create(post=post, author=replier, body="Nice", notify=False)
    tasks.send_reply_email.apply(args=[reply.pk])
    (message,) = mailoutbox
    assert message.to == [author.email]


def test_no_reply_email_about_a_post_a_lead_has_hidden_since(mailoutbox):
    lead, author = MemberFactory(name="Lena Lead"), MemberFactory(name="Amara Okafor")
    group = _closed_group_with(lead, author)
    post = services.post_create(group=group, author=author, body="Buy my tool", notify=False)
    reply = services.reply_create(post=post, author=lead, body="Please don't", notify=False)
    services.post_hide(post=post, by=lead)
    tasks.send_reply_email.apply(args=[reply.pk])
    assert mailoutbox == []


def _week_with_a_post(group, author):
    week_start = services.digest_week_start()
    during = timezone.make_aware(datetime.combine(week_start, datetime.min.time()))
    services.post_create(
        group=group,
        author=author,
        title="Roadmap standards",
        body="Ours",
        created_at=during + timedelta(days=2),
        notify=False,
    )
    return week_start


def test_the_digest_leaves_out_a_closed_group_the_reader_left_after_it_was_queued(mailoutbox):
    lead, reader = MemberFactory(name="Lena Lead"), MemberFactory(name="Kenji Watanabe")
    group = _closed_group_with(lead, reader)
    week_start = _week_with_a_post(group, lead)
    services.digest_schedule(week_start=week_start)
    services.membership_leave(group=group, user=reader)
    tasks.send_digest.apply(args=[DigestDelivery.objects.get(user=reader).pk])
    assert mailoutbox == []


def test_the_digest_holds_only_groups_its_reader_may_read(mailoutbox):
    lead, reader = MemberFactory(name="Lena Lead"), MemberFactory(name="Kenji Watanabe")
    closed = _closed_group_with(lead, reader)
    week_start = _week_with_a_post(closed, lead)
    assert [found.group for found in selectors.digest_for(user=reader, week_start=week_start)] == [
        closed
    ]
    # Staff ended the reader's alliance membership (in the admin); the group membership is
    # still there, but the feed is no longer theirs to read.
    Profile.objects.filter(user=reader).update(member_since=None)
    reader.refresh_from_db()
    assert selectors.digest_for(user=reader, week_start=week_start) == []
