"""The one-click unsubscribe of an email from a group (its scope): no login, no CSRF token, a
signed link that turns off that group's emails and nothing else; and the kind's own unsubscribe
when no part can turn a scope off."""

import pytest
from django.test import Client
from django.urls import reverse

from members.emails import unsubscribe_headers
from members.models import EmailKind
from notifications import emails, targets, tasks
from tests.factories import MemberFactory, join, make_group
from tests.notifications.test_emails import tell
from working_groups.models import GroupMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def scopes():
    """A scope prefix of the tests' own, "tests.scope:<id>", whose emails a member turns off."""
    turned_off = []

    def turn_off(*, user_id, pk):
        turned_off.append((user_id, pk))
        return True

    registry = dict(targets._email_off)
    targets.register_scope_email_off("tests.scope", turn_off)
    yield turned_off
    targets._email_off.clear()
    targets._email_off.update(registry)


def _unsubscribe_path(message) -> str:
    return (
        message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    )


def test_a_group_email_unsubscribes_from_that_group_in_one_click(things, scopes, mailoutbox):
    kenji = MemberFactory(name="Kenji Watanabe")
    tell(kenji, 1, scope_key="tests.scope:5", kind=EmailKind.GROUP_ACTIVITY)
    tasks.email_event.apply(args=["tests.event:1"])
    (message,) = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = _unsubscribe_path(message)
    assert url.startswith("/notifications/unsubscribe/")

    mail_client = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    page = mail_client.get(url).content.decode()
    assert "Stop sending <strong>emails from this group</strong> to this account?" in page
    assert "“Roadmap rituals”" in page
    assert kenji.email not in page
    assert scopes == []  # asking is not doing

    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert scopes == [(kenji.pk, 5)]


def test_a_forged_or_altered_scope_link_is_not_found(client, things, scopes, mailoutbox):
    kenji = MemberFactory()
    tell(kenji, 1, scope_key="tests.scope:5")
    tasks.email_event.apply(args=["tests.event:1"])
    url = _unsubscribe_path(mailoutbox[0])
    token = url.split("/")[-2]
    for bad in ("forged", token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        assert client.post(reverse("notifications:unsubscribe", args=[bad])).status_code == 404
    # A kind's token is not a scope's (another salt): each link does what it was signed for.
    headers = unsubscribe_headers(user_id=kenji.pk, kind=EmailKind.MENTIONS)
    kind_token = headers["List-Unsubscribe"].strip("<>").split("/")[-2]
    assert client.post(reverse("notifications:unsubscribe", args=[kind_token])).status_code == 404
    assert scopes == []


def test_the_link_of_a_deleted_account_is_not_found(client, things, scopes):
    from members.services import account_delete

    gone = MemberFactory()
    token = emails.scope_unsubscribe_token(user_id=gone.pk, scope_key="tests.scope:5", about="x")
    account_delete(user=gone)
    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert scopes == []


def test_a_scope_nobody_can_turn_off_unsubscribes_from_the_kind(things, mailoutbox):
    kenji = MemberFactory()
    tell(kenji, 1, scope_key="tests.elsewhere:5", kind=EmailKind.LIBRARY)
    tasks.email_event.apply(args=["tests.event:1"])
    assert "/members/unsubscribe/" in mailoutbox[0].extra_headers["List-Unsubscribe"]


def test_a_working_groups_email_turns_off_that_groups_emails(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    from working_groups import services as group_services

    group, other = make_group(name="Process"), make_group(name="Tools")
    ana, kenji = MemberFactory(name="Ana Lopez"), MemberFactory(name="Kenji Watanabe")
    join(group, ana, kenji)
    join(other, ana, kenji)
    # The mention's email goes once the post's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        group_services.post_create(group=group, author=ana, body="Thoughts, @Kenji Watanabe?")
    (message,) = mailoutbox
    assert message.to == [kenji.email]
    url = _unsubscribe_path(message)
    assert url.startswith("/notifications/unsubscribe/")
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    assert GroupMembership.objects.get(group=group, user=kenji).emails_off is True
    assert GroupMembership.objects.get(group=other, user=kenji).emails_off is False


def test_the_unsubscribe_page_asks_in_a_fixed_number_of_queries(
    things, scopes, mailoutbox, client, django_assert_num_queries
):
    kenji = MemberFactory(name="Kenji Watanabe")
    tell(kenji, 1, scope_key="tests.scope:5", kind=EmailKind.GROUP_ACTIVITY)
    tasks.email_event.apply(args=["tests.event:1"])
    (message,) = mailoutbox
    # The person the signed link names (to greet them): the link is the only credential.
    with django_assert_num_queries(1):
        assert client.get(_unsubscribe_path(message)).status_code == 200
