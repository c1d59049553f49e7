import pytest

from tests.factories import MemberFactory, join, make_group
from working_groups import services, tasks
from working_groups.models import Mention

pytestmark = pytest.mark.django_db


def test_a_mention_email_is_sent_once_however_often_the_task_runs(mailoutbox):
    group = make_group(name="Process")
    author, mentioned = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    join(group, author, mentioned)
    services.post_create(group=group, author=author, body="@Kenji Watanabe?", notify=False)
    mention = Mention.objects.get()
    tasks.send_mention_email.apply(args=[mention.pk])
    tasks.send_mention_email.apply(args=[mention.pk])
    assert len(mailoutbox) == 1


def test_no_mention_email_for_a_group_the_person_cannot_read(mailoutbox):
    lead = MemberFactory(name="Amara Okafor")
    outsider = MemberFactory(name="Kenji Watanabe")
    group = make_group(name="Insights", join_policy="request", leads=[lead])
    services.post_create(group=group, author=lead, body="@Kenji Watanabe?", notify=False)
    tasks.send_mention_email.apply(args=[Mention.objects.get(user=outsider).pk])
    assert mailoutbox == []


def test_a_task_for_a_row_that_is_gone_returns_quietly(mailoutbox):
    tasks.send_mention_email.apply(args=[999_999])
    tasks.send_reply_email.apply(args=[999_999])
    assert mailoutbox == []


def test_digests_are_scheduled_once_a_week_for_those_who_want_them():
    from datetime import date

    from members import services as member_services
    from members.models import EmailKind
    from working_groups.models import DigestDelivery

    group = make_group(name="Process")
    keen, quiet = MemberFactory(), MemberFactory()
    MemberFactory()  # in no group: nothing to digest
    join(group, keen, quiet)
    member_services.email_preferences_update(
        user=quiet, enabled=set(EmailKind.values) - {EmailKind.DIGEST}
    )
    week = date(2026, 11, 16)
    assert services.digest_schedule(week_start=week) == 1
    assert services.digest_schedule(week_start=week) == 0
    assert DigestDelivery.objects.get().user == keen


def test_a_quiet_week_sends_no_digest(mailoutbox):
    from working_groups.models import DigestDelivery

    group = make_group(name="Process")
    join(group, MemberFactory())
    services.digest_schedule(week_start=services.digest_week_start())
    tasks.send_digest.apply(args=[DigestDelivery.objects.get().pk])
    assert mailoutbox == []


def test_the_digest_week_is_the_last_full_week():
    from datetime import date

    assert services.digest_week_start(today=date(2026, 11, 25)) == date(2026, 11, 16)
    assert services.digest_week_start(today=date(2026, 11, 23)) == date(2026, 11, 16)
