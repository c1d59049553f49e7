"""Emailing a notification: once, never two for one event, only when away if asked, one a
thread until it is read, never against the member's switches or for what they can no longer
open; and what the email says (why, where to change it, one-click unsubscribe)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind, EmailPreferences, User
from notifications import services, tasks
from notifications.models import Notification
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def tell(user, n, *, thing=None, actor=None, scope_key="", kind=EmailKind.MENTIONS, **why):
    """Tell `user` of event `n` (about thing `thing`, else `n`) with an email kind: what a part
    of the hub does when someone is mentioned."""
    services.notify(
        user_ids=[user.pk],
        kind="mention",
        event_key=f"tests.event:{n}",
        target=services.Target(
            key=f"tests.thing:{thing or n}",
            title="“Roadmap rituals”",
            url=f"/things/{thing or n}/",
            scope_key=scope_key,
            excerpt="What do you think, @Kenji? Our rituals & <rules> changed.",
        ),
        verb="mentioned you in",
        why=services.Why(
            reason=why.get("reason", "mention"),
            text=why.get("text", "You were mentioned"),
            change_url=why.get("change_url", ""),
            change_label=why.get("change_label", ""),
        ),
        actor=actor,
        email_kind=kind,
    )
    return Notification.objects.get(user=user, event_key=f"tests.event:{n}")


def email(n):
    return tasks.email_event.apply(args=[f"tests.event:{n}"]).get()


@pytest.fixture
def kenji(db):
    return MemberFactory(name="Kenji Watanabe")


@pytest.fixture
def ana(db):
    return MemberFactory(name="Ana Lopez")


def test_a_notification_is_emailed_once_however_often_the_task_runs(things, kenji, ana, mailoutbox):
    notification = tell(kenji, 1, actor=ana)
    assert email(1) == 1
    assert email(1) == 0
    (message,) = mailoutbox
    assert message.to == [kenji.email]
    assert message.subject == "[Product Ops Alliance] Ana Lopez mentioned you in “Roadmap rituals”"
    open_url = reverse("notifications:open", args=[notification.pk])
    assert open_url in message.body
    assert "Our rituals & <rules> changed." in message.body
    assert "You get this because you were mentioned." in message.body
    html = message.alternatives[0][0]
    assert "Our rituals &amp; &lt;rules&gt; changed." in html
    assert "You get this because you were mentioned." in html
    assert "/members/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.read_at is None  # emailed is not read: the bell still shows it


def test_one_event_told_for_two_reasons_is_one_email(things, kenji, ana, mailoutbox):
    # A reply that mentions the post's author: the mention and the reply are one event.
    tell(kenji, 1, actor=ana)
    tell(kenji, 1, actor=ana, reason="reply", text="It is a reply to your post")
    assert email(1) == 1
    assert email(1) == 0
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(user=kenji).count() == 1


def test_the_email_says_where_to_change_why_it_came(things, kenji, mailoutbox):
    tell(
        kenji,
        1,
        kind=EmailKind.GROUP_ACTIVITY,
        reason="watching",
        text="You watch the Process group",
        change_url="/groups/process/notifications/",
        change_label="Change how you follow the Process group",
    )
    email(1)
    (message,) = mailoutbox
    assert "You get this because you watch the Process group." in message.body
    assert (
        "Change how you follow the Process group: http://127.0.0.1:8000/groups/process/notifications/"
        in message.body
    )
    assert "/members/settings/email/" in message.body  # every kind's switch, too


def test_only_when_away_waits_while_the_member_is_on_the_hub(things, kenji, mailoutbox):
    member_services.email_preferences_update(
        user=kenji, enabled=set(EmailKind.values), only_when_away=True
    )
    User.objects.filter(pk=kenji.pk).update(last_seen_at=timezone.now() - timedelta(minutes=3))
    notification = tell(kenji, 1)
    assert email(1) == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None  # left for the bell and the digest
    User.objects.filter(pk=kenji.pk).update(last_seen_at=timezone.now() - timedelta(minutes=11))
    tell(kenji, 2)
    assert email(2) == 1
    assert len(mailoutbox) == 1


def test_without_only_when_away_a_member_on_the_hub_is_emailed(things, kenji, mailoutbox):
    User.objects.filter(pk=kenji.pk).update(last_seen_at=timezone.now())
    tell(kenji, 1)
    assert email(1) == 1


def test_one_email_a_thread_until_the_member_reads_it(things, kenji, ana, mailoutbox):
    tell(kenji, 1, thing=7, actor=ana)
    assert email(1) == 1
    second = tell(kenji, 2, thing=7, actor=ana)
    assert email(2) == 0
    second.refresh_from_db()
    assert second.emailed_at is None  # the digest tells it, if the member does not read it
    services.notifications_read_target(user=kenji, target_keys=["tests.thing:7"])
    tell(kenji, 3, thing=7, actor=ana)
    assert email(3) == 1
    tell(kenji, 4, thing=8, actor=ana)  # another thread is another email
    assert email(4) == 1
    assert len(mailoutbox) == 3


def test_a_kind_turned_off_sends_nothing_but_the_bell_still_tells(things, kenji, mailoutbox):
    member_services.email_preferences_update(
        user=kenji, enabled=set(EmailKind.values) - {EmailKind.MENTIONS}
    )
    notification = tell(kenji, 1)
    assert email(1) == 0
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.read_at is None and notification.withdrawn_at is None
    assert notification.emailed_at is None


def test_nothing_is_emailed_about_what_the_member_can_no_longer_open(things, kenji, mailoutbox):
    tell(kenji, 1)
    things.hidden.add(1)  # hidden, deleted, or they left the group, before the task ran
    assert email(1) == 0
    assert mailoutbox == []


def test_nothing_is_emailed_once_read_or_withdrawn_or_to_a_deleted_account(
    things, kenji, mailoutbox
):
    read = tell(kenji, 1)
    services.notification_open(notification=read)
    tell(kenji, 2)
    services.notifications_withdraw(target_key="tests.thing:2")
    gone = MemberFactory()
    tell(gone, 3)
    member_services.account_delete(user=gone)
    assert [email(n) for n in (1, 2, 3)] == [0, 0, 0]
    assert mailoutbox == []


def test_an_in_app_only_notification_is_never_emailed(things, kenji, mailoutbox):
    tell(kenji, 1, kind="")
    assert email(1) == 0


def test_a_failed_send_is_retried_and_then_sent_once(things, kenji, mailoutbox, monkeypatch):
    from notifications import emails

    tell(kenji, 1)
    real, calls = emails.send_notification, []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the mail server is away")
        real(**kwargs)

    monkeypatch.setattr(emails, "send_notification", flaky)
    # An eager task retries in place: the claim is released, the retry claims and sends.
    tasks.email_event.apply(args=["tests.event:1"])
    assert len(calls) == 2
    assert len(mailoutbox) == 1
    assert Notification.objects.get(user=kenji).emailed_at is not None


def test_only_when_away_is_a_preference_the_member_sets(member_client, member):
    response = member_client.post(
        reverse("members:email_preferences"),
        {"enabled": [EmailKind.MENTIONS], "digest_frequency": "daily", "only_when_away": "on"},
    )
    assert response.status_code == 302
    preferences = EmailPreferences.objects.get(user=member)
    assert preferences.only_when_away is True
    assert preferences.digest_frequency == "daily"
    assert preferences.turned_off and EmailKind.MENTIONS not in preferences.turned_off


def test_the_preferences_page_shows_every_kind_the_digest_and_the_groups_settings(
    member_client,
):
    page = member_client.get(reverse("members:email_preferences")).content.decode()
    for kind in (EmailKind.GROUP_ACTIVITY, EmailKind.MODERATION, EmailKind.DIGEST):
        assert f'value="{kind.value}"' in page
    assert 'name="digest_frequency" value="weekly"' in page and "checked" in page
    assert 'name="only_when_away"' in page
    assert 'href="/groups/notifications/"' in page


def test_a_form_posted_without_the_frequency_keeps_it(member_client, member):
    member_services.email_preferences_update(
        user=member, enabled=set(EmailKind.values), digest_frequency="daily"
    )
    member_client.post(reverse("members:email_preferences"), {"enabled": [EmailKind.DIGEST]})
    assert EmailPreferences.objects.get(user=member).digest_frequency == "daily"
