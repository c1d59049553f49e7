"""Staff's reach of what was announced: for each recent event told to several members, how
many were told, and how many it reached in the app, by email and in the digest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import MemberFactory
from tests.notifications.conftest import tell

pytestmark = pytest.mark.django_db

REACH = reverse("notifications:reach")


def _row(page: str, title: str) -> str:
    start = page.rindex("<tr>", 0, page.index(title))
    return page[start : page.index("</tr>", start)]


def _cells(row: str) -> list[str]:
    return [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in row.split("<td")[1:]]


def test_staff_see_how_far_each_event_reached(staff_client):
    people = [MemberFactory() for _ in range(6)]
    for person in people:
        tell(person, 1, kind="new_post", title="Announcement")
    first, second, third, fourth = (
        Notification.objects.get(user=person, event_key="tests.event:1") for person in people[:4]
    )
    services.notification_open(notification=first)
    services.notification_open(notification=second)
    services.notification_emailed(user_id=third.user_id, event_key="tests.event:1")
    Notification.objects.filter(pk=fourth.pk).update(digested_at=timezone.now())
    services.notifications_withdraw(target_key="tests.thing:1", user=people[5])
    page = staff_client.get(REACH).content.decode()
    row = _row(page, "Announcement 1")
    assert _cells(row) == ["New posts", _cells(row)[1], "6", "2", "1", "1", "1"]
    assert "(33%)" in row
    assert 'href="/things/1/"' in row


def test_events_told_to_fewer_than_five_or_long_ago_are_left_out(staff_client):
    people = [MemberFactory() for _ in range(5)]
    for person in people[:4]:
        tell(person, 1, title="Small")
    for person in people:
        tell(person, 2, title="Old")
    Notification.objects.filter(event_key="tests.event:2").update(
        created_at=timezone.now() - timedelta(days=91)
    )
    page = staff_client.get(REACH).content.decode()
    assert "Small 1" not in page and "Old 2" not in page
    assert "Nothing was told to 5 or more members in the last 90 days." in page


def test_the_newest_event_comes_first_and_pages_follow(staff_client):
    people = [MemberFactory() for _ in range(5)]
    for n in range(26):
        for person in people:
            tell(person, n, title="Event")
        Notification.objects.filter(event_key=f"tests.event:{n}").update(
            created_at=timezone.now() - timedelta(hours=26 - n)
        )
    first = staff_client.get(REACH).content.decode()
    assert first.index("Event 25”") < first.index("Event 24”")
    assert "Event 0”" not in first and 'rel="next" href="?page=2"' in first
    second = staff_client.get(REACH, {"page": 2}).content.decode()
    assert "Event 0”" in second and 'rel="prev" href="?page=1"' in second


def test_an_address_off_the_site_is_not_linked(staff_client):
    people = [MemberFactory() for _ in range(5)]
    for person in people:
        tell(person, 1, title="Elsewhere")
    Notification.objects.update(url="https://evil.example/")
    page = staff_client.get(REACH).content.decode()
    assert "evil.example" not in page and "Elsewhere 1" in page


def test_members_may_not_see_the_reach(member_client):
    assert member_client.get(REACH).status_code == 403


def test_visitors_are_sent_to_log_in(client):
    response = client.get(REACH)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_staff_menu_links_to_the_reach(staff_client):
    assert f'href="{REACH}"' in staff_client.get(reverse("home")).content.decode()


def test_members_menus_do_not(member_client):
    assert f'href="{REACH}"' not in member_client.get(reverse("home")).content.decode()
