from datetime import UTC, datetime, timedelta

import pytest

from members import services as member_services
from members.models import EmailKind
from notifications import digest
from notifications import tasks as notification_tasks
from tests.factories import MemberFactory, join, make_group
from working_groups import services
from working_groups.models import Mention

pytestmark = pytest.mark.django_db


# Mentions are emailed as notifications (working_groups/notifying.py): the ledger's task sends
# each once. The test's transaction never commits, so only the runs below send anything.
def test_a_mention_email_is_sent_once_however_often_the_task_runs(mailoutbox):
    group = make_group(name="Process")
    author, mentioned = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    join(group, author, mentioned)
    post = services.post_create(group=group, author=author, body="@Kenji Watanabe?")
    assert Mention.objects.get().user == mentioned
    notification_tasks.email_event.apply(args=[f"working_groups.post:{post.pk}"])
    notification_tasks.email_event.apply(args=[f"working_groups.post:{post.pk}"])
    assert [message.to for message in mailoutbox] == [[mentioned.email]]


def test_no_mention_email_for_a_group_the_person_cannot_read(mailoutbox):
    lead = MemberFactory(name="Amara Okafor")
    outsider = MemberFactory(name="Kenji Watanabe")
    group = make_group(name="Insights", join_policy="request", leads=[lead])
    post = services.post_create(group=group, author=lead, body="@Kenji Watanabe?")
    assert Mention.objects.get().user == outsider  # named, but not told
    notification_tasks.email_event.apply(args=[f"working_groups.post:{post.pk}"])
    assert mailoutbox == []


def test_a_task_for_an_event_that_is_gone_returns_quietly(mailoutbox):
    notification_tasks.email_event.apply(args=["working_groups.reply:999999"])
    assert mailoutbox == []


# The weekly digest of the groups became a block of every member's digest, queued at seven in
# their own morning (notifications.digest; more in tests/notifications/test_digest*.py).
MONDAY_SEVEN_UTC = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def test_digests_are_queued_once_for_those_who_want_them():
    from notifications.models import DigestDelivery

    group = make_group(name="Process")
    keen, quiet = MemberFactory(time_zone="UTC"), MemberFactory(time_zone="UTC")
    join(group, keen, quiet)
    member_services.email_preferences_update(
        user=quiet, enabled=set(EmailKind.values) - {EmailKind.DIGEST}
    )
    assert digest.digests_schedule(now=MONDAY_SEVEN_UTC) == 1
    assert digest.digests_schedule(now=MONDAY_SEVEN_UTC) == 0
    assert DigestDelivery.objects.get().user == keen


def test_a_quiet_week_sends_no_digest(mailoutbox):
    from notifications.models import DigestDelivery

    group = make_group(name="Process")
    join(group, MemberFactory(time_zone="UTC"))
    digest.digests_schedule(now=MONDAY_SEVEN_UTC)
    notification_tasks.send_digest.apply(args=[DigestDelivery.objects.get().pk])
    assert mailoutbox == []
    assert DigestDelivery.objects.get().skipped is True


def test_the_weekly_digest_comes_on_the_members_own_monday():
    weekly = MemberFactory(time_zone="Europe/London")
    assert digest.digests_schedule(now=MONDAY_SEVEN_UTC) == 1  # London is on UTC in winter
    assert digest.digests_schedule(now=MONDAY_SEVEN_UTC + timedelta(days=1)) == 0
    assert digest.digests_schedule(now=MONDAY_SEVEN_UTC + timedelta(days=7)) == 1
    assert weekly.digests.count() == 2
