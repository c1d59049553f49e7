"""The library's notifications: staff's decisions tell the item's credited members, a credit
offered tells the member named; each once, to them only, shown only while they may open the
item, read when they open it; the library's own emails record themselves in the ledger."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from library.models import Item
from library.services import reviewing, writing
from members import services as member_services
from members.models import EmailKind
from notifications.models import Kind, Notification
from notifications.targets import visible_keys
from tests.factories import MemberFactory, StaffFactory
from tests.library.conftest import reviewing_submitted

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("members:email_preferences")


def _article(author, title="Business cases that get funded"):
    return writing.item_create(
        kind="article", created_by=author, title=title, summary="What a good one holds.",
        pillars=["process"], tags=[], body="Start from the decision.",
    )  # fmt: skip


def _key(item):
    return f"library.item:{item.pk}"


# --- Staff's decisions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decide", "verb", "url"),
    [
        ("publish", "published", "/library/business-cases-that-get-funded/"),
        ("request_changes", "asked for changes to", "edit"),
        ("decline", "declined", "preview"),
    ],
)
def test_a_decision_tells_the_credited_members_once(decide, verb, url):
    author, coauthor, invited, staff = (
        MemberFactory(),
        MemberFactory(),
        MemberFactory(),
        StaffFactory(),
    )
    item = _article(author)
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=author)
    writing.credit_accept(credit=credit, user=coauthor)
    writing.credit_invite(item=item, member=invited, invited_by=author)
    item = writing.item_submit(item=item, user=author)
    Notification.objects.all().delete()  # the invitations' own notifications
    note = "" if decide == "publish" else "Add the numbers."

    getattr(reviewing, f"item_{decide}")(item=item, reviewer=staff, note=note)

    told = list(Notification.objects.order_by("user_id"))
    # Credited members who accepted: not the one still invited, nor staff.
    assert [n.user_id for n in told] == sorted([author.pk, coauthor.pk])
    notification = told[0]
    assert notification.kind == Kind.LIBRARY and notification.email_kind == ""
    assert notification.target_key == _key(item)
    assert notification.verb == verb and notification.actor_id == staff.pk
    assert notification.excerpt == note
    assert notification.why == "You are credited on “Business cases that get funded”"
    assert (notification.change_url, notification.change_label) == (PREFERENCES, "Email settings")
    expected = {
        "edit": f"/library/items/{item.pk}/edit/",
        "preview": f"/library/items/{item.pk}/preview/",
    }
    assert notification.url == expected.get(url, url)


def test_scheduling_tells_the_authors_now_and_publishing_tells_them_again():
    author, staff = MemberFactory(), StaffFactory()
    item = reviewing_submitted(author=author)
    reviewing.item_schedule(
        item=item, reviewer=staff, publish_at=timezone.now() + timedelta(hours=1), note="Monday."
    )
    (scheduled,) = Notification.objects.filter(user=author)
    assert scheduled.verb == "scheduled for publication" and scheduled.excerpt == "Monday."

    Item.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert reviewing.items_publish_due() == 1
    assert reviewing.items_publish_due() == 0  # a second run publishes and tells nothing
    verbs = sorted(Notification.objects.filter(user=author).values_list("verb", flat=True))
    assert verbs == ["published", "scheduled for publication"]


def test_a_withdrawal_or_a_decision_without_notifying_tells_nobody():
    staff = StaffFactory()
    item = reviewing_submitted()
    reviewing.item_publish(item=item, reviewer=staff, notify=False)
    reviewing.item_withdraw(item=Item.objects.prefetch_related("credits").get(pk=item.pk),
                            user=staff, note="Outdated.")  # fmt: skip
    assert not Notification.objects.exists()


# --- A credit offered --------------------------------------------------------------------------


def test_a_credit_offered_tells_the_member_named_once():
    author, invited = MemberFactory(), MemberFactory()
    item = _article(author, title="Glue work")
    writing.credit_invite(item=item, member=invited, invited_by=author)

    (notification,) = Notification.objects.all()
    assert notification.user_id == invited.pk and notification.actor_id == author.pk
    assert notification.why == "You are credited on “Glue work”"
    assert notification.headline == f"{author.display_name} invited you to co-author “Glue work”"
    assert notification.url == reverse("library:preview", args=[item.pk])
    assert visible_keys(user=invited, keys=[_key(item)]) == {_key(item)}


def test_an_invitation_taken_back_or_declined_is_withdrawn():
    author, taken_back, declining = MemberFactory(), MemberFactory(), MemberFactory()
    item = _article(author)
    first = writing.credit_invite(item=item, member=taken_back, invited_by=author)
    second = writing.credit_invite(item=item, member=declining, invited_by=author)

    writing.credit_remove(credit=first, user=author)
    writing.credit_decline(credit=second, user=declining)

    assert not Notification.objects.filter(withdrawn_at=None).exists()
    assert visible_keys(user=taken_back, keys=[_key(item)]) == set()
    assert visible_keys(user=declining, keys=[_key(item)]) == set()


# --- Who may see the item ----------------------------------------------------------------------


def test_a_draft_is_visible_to_its_writers_and_staff_a_published_item_to_all():
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    assert visible_keys(user=author, keys=[_key(item)]) == {_key(item)}
    assert visible_keys(user=StaffFactory(), keys=[_key(item)]) == {_key(item)}
    assert visible_keys(user=MemberFactory(), keys=[_key(item)]) == set()
    reviewing.item_publish(item=item, reviewer=StaffFactory())
    assert visible_keys(user=MemberFactory(), keys=[_key(item)]) == {_key(item)}


def test_a_deleted_draft_takes_its_notifications_away():
    author, invited = MemberFactory(), MemberFactory()
    item = _article(author)
    writing.credit_invite(item=item, member=invited, invited_by=author)
    writing.item_delete(item=item, user=author)
    assert Notification.objects.get().withdrawn_at is not None


# --- Read when seen ----------------------------------------------------------------------------


def test_the_edit_page_marks_the_request_for_changes_read(client):
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    reviewing.item_request_changes(item=item, reviewer=StaffFactory(), note="Numbers.")
    client.force_login(author)
    assert client.get(reverse("library:edit", args=[item.pk])).status_code == 200
    assert Notification.objects.get(user=author).read_at is not None


def test_the_item_page_marks_its_publication_read(client):
    author = MemberFactory()
    item = reviewing.item_publish(item=reviewing_submitted(author=author), reviewer=StaffFactory())
    client.force_login(author)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert Notification.objects.get(user=author).read_at is not None


def test_the_preview_marks_the_invitation_read(client):
    author, invited = MemberFactory(), MemberFactory()
    item = _article(author)
    writing.credit_invite(item=item, member=invited, invited_by=author)
    client.force_login(invited)
    assert client.get(reverse("library:preview", args=[item.pk])).status_code == 200
    assert Notification.objects.get(user=invited).read_at is not None


# --- The ledger: the library's own emails ------------------------------------------------------


def test_the_review_email_marks_the_notification_emailed(
    eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, quiet = MemberFactory(), MemberFactory()
    member_services.email_kind_unsubscribe(user=quiet, kind=EmailKind.LIBRARY)
    item = reviewing_submitted(author=author, coauthors=[quiet])
    with django_capture_on_commit_callbacks(execute=True):
        reviewing.item_request_changes(item=item, reviewer=StaffFactory(), note="Numbers.")
    assert [message.to for message in mailoutbox] == [[author.email]]
    emailed = dict(Notification.objects.values_list("user_id", "emailed_at"))
    assert emailed[author.pk] is not None and emailed[quiet.pk] is None


def test_the_invitation_email_marks_the_notification_emailed(
    eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, invited = MemberFactory(), MemberFactory()
    item = _article(author)
    with django_capture_on_commit_callbacks(execute=True):
        writing.credit_invite(item=item, member=invited, invited_by=author)
    assert len(mailoutbox) == 1
    assert Notification.objects.get(user=invited).emailed_at is not None
