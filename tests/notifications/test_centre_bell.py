"""The bell: on every page for whoever is signed in, with the unread count in words, one query
a page whatever the number of notifications, refreshed by htmx from a fragment of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from tests.notifications.conftest import tell

pytestmark = pytest.mark.django_db

BELL = reverse("notifications:bell")


def _bell_of(page: str) -> str:
    start = page.index('<a class="bell"')
    return page[start : page.index("</a>", start)]


def _counts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if '"notifications_notification"' in q["sql"] and "COUNT(" in q["sql"]
    ]


def test_every_page_shows_a_member_the_unread_count_in_words(member_client, member):
    for n in range(4):
        tell(member, n)
    services.notification_open(notification=Notification.objects.get(event_key="tests.event:0"))
    services.notifications_withdraw(target_key="tests.thing:1")
    bell = _bell_of(member_client.get(reverse("library:index")).content.decode())
    assert f'href="{reverse("notifications:index")}"' in bell
    assert '<span class="bell__badge" aria-hidden="true">2</span>' in bell
    assert '<span class="visually-hidden">2 unread notifications</span>' in bell
    assert f'hx-get="{BELL}"' in bell and 'hx-trigger="every 60s"' in bell


def test_one_unread_notification_is_said_in_the_singular(member_client, member):
    tell(member, 1)
    bell = _bell_of(member_client.get(reverse("home")).content.decode())
    assert "1 unread notification<" in bell


def test_with_nothing_unread_the_bell_has_no_number(member_client):
    bell = _bell_of(member_client.get(reverse("home")).content.decode())
    assert "bell__badge" not in bell
    assert "Notifications, none unread" in bell


def test_the_bell_is_marked_on_the_notifications_page(member_client):
    bell = _bell_of(member_client.get(reverse("notifications:index")).content.decode())
    assert 'aria-current="page"' in bell


def test_a_large_count_is_shortened_on_the_badge_but_said_in_full(member_client, member):
    for n in range(120):
        tell(member, n)
    bell = _bell_of(member_client.get(reverse("home")).content.decode())
    assert 'aria-hidden="true">99+</span>' in bell
    assert "120 unread notifications" in bell


def test_visitors_have_no_bell(client):
    assert 'class="bell"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("how_many", [0, 3, 200])
def test_the_bell_costs_one_query_on_a_page(member_client, member, how_many):
    # A plain page (the library's list), whose own queries owe nothing to notifications: the
    # bell adds its one COUNT, however many there are.
    for n in range(how_many):
        tell(member, n)
    member_client.get(reverse("library:index"))  # the first request of a session writes
    with CaptureQueriesContext(connection) as queries:
        member_client.get(reverse("library:index"))
    assert len(_counts(queries.captured_queries)) == 1


def test_the_bell_costs_the_same_with_few_and_many_notifications(member_client, member):
    member_client.get(reverse("library:index"))
    tell(member, 0)
    with CaptureQueriesContext(connection) as few:
        member_client.get(reverse("library:index"))
    for n in range(1, 300):
        tell(member, n)
    with CaptureQueriesContext(connection) as many:
        member_client.get(reverse("library:index"))
    assert len(few) == len(many)
    assert len(_counts(few.captured_queries)) == 1


def test_the_bell_fragment_gives_the_count_alone(member_client, member):
    tell(member, 1)
    tell(member, 2)
    response = member_client.get(BELL, headers={"HX-Request": "true"})
    fragment = response.content.decode().strip()
    assert response.status_code == 200
    assert fragment.startswith('<span class="bell__count" id="bell-count"')
    assert "2 unread notifications" in fragment
    assert "<html" not in fragment and "<a " not in fragment


def test_the_bell_fragment_costs_one_query_for_the_count(member_client, member):
    tell(member, 1)
    member_client.get(BELL)
    with CaptureQueriesContext(connection) as queries:
        member_client.get(BELL)
    # The user (with the profile), and the count.
    assert len(queries) == 2 and len(_counts(queries.captured_queries)) == 1


def test_the_bell_fragment_is_empty_for_visitors(client):
    response = client.get(BELL)
    assert response.status_code == 204 and response.content == b""


def test_the_bell_fragment_answers_gets_only(member_client):
    assert member_client.post(BELL).status_code == 405
