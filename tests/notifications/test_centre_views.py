"""The notification centre: the member's list grouped by day, its filters and pages, opening a
notification, marking them read; only the member's own, never a withdrawn one, never one whose
target they may no longer see."""

import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import MemberFactory
from tests.notifications.conftest import tell

pytestmark = pytest.mark.django_db

INDEX = reverse("notifications:index")


def _open(notification):
    return reverse("notifications:open", args=[notification.pk])


def _mine(user, n):
    return Notification.objects.get(user=user, event_key=f"tests.event:{n}")


def _age(user, n, **delta):
    Notification.objects.filter(user=user, event_key=f"tests.event:{n}").update(
        created_at=timezone.now() - timedelta(**delta)
    )


def test_the_list_shows_the_members_notifications_newest_first_with_why_and_change(
    member_client, member, things
):
    author = MemberFactory(name="Ana Author")
    tell(member, 1, actor=author, title="Older")
    tell(member, 2, actor=author, title="Newer")
    _age(member, 1, minutes=5)
    page = member_client.get(INDEX).content.decode()
    assert page.index("Newer 2") < page.index("Older 1")
    assert "Ana Author replied to “Newer 2”" in page
    assert "What happened to thing 2." in page
    assert "You watch the Process group" in page
    assert '<a href="/groups/process/">Change how you follow it' in page
    assert f'href="{_open(_mine(member, 2))}"' in page


def test_an_unread_notification_says_so_in_words(member_client, member, things):
    tell(member, 1, title="Unread one")
    tell(member, 2, title="Read one")
    services.notification_open(notification=_mine(member, 2))
    page = member_client.get(INDEX).content.decode()
    assert page.count('<span class="nt-item__new">New') == 1
    unread_row = page[: page.index("Unread one")].rsplit("<li", 1)[1]
    assert "nt-item--unread" in unread_row and "New" in unread_row


def test_the_list_is_grouped_by_the_members_own_day(client, things):
    # 23:30 in Tokyo is 14:30 UTC: yesterday's notification is yesterday there, not today.
    tokyo = MemberFactory(time_zone="Asia/Tokyo")
    client.force_login(tokyo)
    tell(tokyo, 1, title="Now")
    tell(tokyo, 2, title="Yesterday")
    tell(tokyo, 3, title="Last week")
    _age(tokyo, 2, days=1)
    _age(tokyo, 3, days=6)
    page = client.get(INDEX).content.decode()
    zone = zoneinfo.ZoneInfo("Asia/Tokyo")
    then = timezone.localtime(timezone.now() - timedelta(days=6), timezone=zone)
    label = f"{then:%a} {then.day} {then:%b}"
    if then.year != timezone.localtime(timezone=zone).year:
        label += f" {then.year}"
    headings = [f">{text}</time></h2>" for text in ("Today", "Yesterday", label)]
    assert all(heading in page for heading in headings), headings
    assert page.index("Today") < page.index("Now 1") < page.index("Yesterday</time>")
    assert page.index(label) < page.index("Last week 3")


def test_it_filters_by_kind_and_unread(member_client, member, things):
    tell(member, 1, kind="mention", verb="mentioned you in", title="Mentioned")
    tell(member, 2, kind="reply", title="Replied")
    tell(member, 3, kind="mention", verb="mentioned you in", title="Read mention")
    services.notification_open(notification=_mine(member, 3))
    page = member_client.get(INDEX, {"kind": "mention"}).content.decode()
    assert "Mentioned 1" in page and "Read mention 3" in page and "Replied 2" not in page
    assert '<option value="mention" selected>Mentions</option>' in page
    page = member_client.get(INDEX, {"kind": "mention", "unread": "1"}).content.decode()
    assert "Mentioned 1" in page and "Read mention 3" not in page
    assert 'id="nt-unread" checked' in page


def test_an_unknown_kind_or_page_shows_everything_never_an_error(member_client, member, things):
    tell(member, 1, title="Anything")
    response = member_client.get(INDEX, {"kind": "nonsense", "page": "x", "unread": "maybe"})
    assert response.status_code == 200
    assert "Anything 1" in response.content.decode()


def test_an_empty_list_says_what_will_arrive_here(member_client):
    page = member_client.get(INDEX).content.decode()
    assert "Nothing here yet" in page
    assert reverse("members:email_preferences") in page
    assert "Mark all" not in page


def test_an_empty_filter_offers_to_show_everything(member_client, member, things):
    tell(member, 1)
    page = member_client.get(INDEX, {"kind": "report"}).content.decode()
    assert "No notifications of the kind “Reports”" in page
    assert f'<a href="{INDEX}">Show all your notifications</a>' in page


def test_only_the_members_own_notifications_are_listed(member_client, member, things):
    someone = MemberFactory()
    tell(someone, 1, title="Someone else's")
    tell(member, 2, title="Mine")
    page = member_client.get(INDEX).content.decode()
    assert "Mine 2" in page and "Someone else" not in page


def test_withdrawn_notifications_are_not_listed(member_client, member, things):
    tell(member, 1, title="Gone")
    tell(member, 2, title="Here")
    services.notifications_withdraw(target_key="tests.thing:1")
    page = member_client.get(INDEX).content.decode()
    assert "Here 2" in page and "Gone 1" not in page


def test_a_notification_whose_target_the_member_may_no_longer_see_is_not_listed(
    member_client, member, things
):
    tell(member, 1, title="Hidden target")
    tell(member, 2, title="Visible target")
    things.hidden.add(1)
    page = member_client.get(INDEX).content.decode()
    assert "Visible target 2" in page and "Hidden target" not in page
    # Asked once for the page, with every id on it.
    assert things.asked == [{1, 2}]


def test_a_prefix_nobody_registered_is_not_shown(member_client, member):
    tell(member, 1, title="Unvouched")
    page = member_client.get(INDEX).content.decode()
    assert "Unvouched" not in page
    assert "point at things you can no longer open" in page


def test_the_list_has_fifty_a_page_with_newer_and_older_links(member_client, member, things):
    for n in range(51):
        tell(member, n, title="Item")
    _age(member, 0, minutes=1)  # the oldest, alone on page 2
    first = member_client.get(INDEX, {"kind": "reply"}).content.decode()
    assert first.count('<li class="nt-item') == 50 and "Item 0”" not in first
    assert 'rel="next" href="?kind=reply&amp;page=2"' in first and 'rel="prev"' not in first
    second = member_client.get(INDEX, {"kind": "reply", "page": 2}).content.decode()
    assert second.count('<li class="nt-item') == 1 and "Item 0”" in second
    assert 'rel="prev" href="?kind=reply&amp;page=1"' in second and 'rel="next"' not in second


def test_a_page_past_the_end_says_so(member_client, member, things):
    tell(member, 1)
    page = member_client.get(INDEX, {"page": 9}).content.decode()
    assert "There is nothing on this page" in page


def test_visitors_are_sent_to_log_in(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Opening one --------------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(member_client, member, things):
    tell(member, 1)
    notification = _mine(member, 1)
    response = member_client.get(_open(notification))
    assert response.status_code == 302 and response.url == "/things/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_members_notification_is_not_found(member_client, things):
    someone = MemberFactory()
    tell(someone, 1)
    response = member_client.get(_open(_mine(someone, 1)))
    assert response.status_code == 404
    assert _mine(someone, 1).read_at is None


def test_a_withdrawn_notification_is_not_found(member_client, member, things):
    tell(member, 1)
    services.notifications_withdraw(target_key="tests.thing:1", user=member)
    assert member_client.get(_open(_mine(member, 1))).status_code == 404


def test_a_notification_whose_target_is_hidden_is_not_found(member_client, member, things):
    tell(member, 1)
    things.hidden.add(1)
    assert member_client.get(_open(_mine(member, 1))).status_code == 404
    assert _mine(member, 1).read_at is None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:x"]
)
def test_only_a_path_on_the_site_is_followed(member_client, member, things, url):
    tell(member, 1)
    Notification.objects.filter(user=member).update(url=url)
    response = member_client.get(_open(_mine(member, 1)))
    assert response.status_code == 302 and response.url == INDEX


def test_opening_needs_a_sign_in(client, member, things):
    tell(member, 1)
    response = client.get(_open(_mine(member, 1)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Marking all read ---------------------------------------------------------------------


def test_mark_all_read_marks_every_unread_one(member_client, member, things):
    tell(member, 1)
    tell(member, 2, kind="mention")
    response = member_client.post(reverse("notifications:read_all"))
    assert response.status_code == 302 and response.url == INDEX
    assert not Notification.objects.filter(user=member, read_at=None).exists()


def test_mark_all_read_keeps_to_the_chosen_kind_and_returns_to_it(member_client, member, things):
    tell(member, 1, kind="mention")
    tell(member, 2, kind="reply")
    someone = MemberFactory()
    tell(someone, 3, kind="mention")
    response = member_client.post(
        reverse("notifications:read_all"), {"kind": "mention", "unread": "1"}
    )
    assert response.url == f"{INDEX}?kind=mention&unread=1"
    assert _mine(member, 1).read_at is not None
    assert _mine(member, 2).read_at is None
    assert _mine(someone, 3).read_at is None
    page = member_client.get(response.url).content.decode()
    assert "1 notification (mentions) marked read." in page


def test_mark_all_read_is_a_post(member_client):
    assert member_client.get(reverse("notifications:read_all")).status_code == 405


def test_mark_all_read_needs_a_sign_in(client):
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
