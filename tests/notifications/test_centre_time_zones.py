"""Every time on the site in the reader's zone: a member's profile's, a visitor's browser's
(the "tz" cookie static/js/time_zone.js sets), else UTC, and the footer says which."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, join, make_group, make_post

pytestmark = pytest.mark.django_db

# 23:30 UTC on 1 March is 08:30 on 2 March in Tokyo and 18:30 on 1 March in New York.
WHEN = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def _footer(page: str) -> str:
    start = page.index('data-testid="time-zone"')
    return page[start : page.index("</p>", start)]


@pytest.fixture
def post(db):
    group = make_group(name="Process")
    author = MemberFactory(name="Ana Author")
    join(group, author)
    return make_post(group=group, author=author, body="Our quarterly ritual.", created_at=WHEN)


def _reader(client, post, zone):
    reader = MemberFactory(time_zone=zone)
    join(post.group, reader)
    client.force_login(reader)
    return client.get(reverse("working_groups:post", args=[post.pk])).content.decode()


def test_a_member_in_tokyo_sees_a_posts_time_in_tokyo(client, post):
    page = _reader(client, post, "Asia/Tokyo")
    assert "Mar 2, 2026, 08:30" in page
    assert "Times are shown in Asia/Tokyo, your profile's time zone." in _footer(page)
    assert f'<a href="{reverse("members:profile_edit")}">Change it</a>' in _footer(page)


def test_a_member_in_new_york_sees_the_same_post_on_the_day_before(client, post):
    page = _reader(client, post, "America/New_York")
    assert "Mar 1, 2026, 18:30" in page


def test_the_profile_wins_over_the_browsers_cookie(client, post):
    client.cookies["tz"] = "America/New_York"
    page = _reader(client, post, "Asia/Tokyo")
    assert "Mar 2, 2026, 08:30" in page


def test_a_visitor_sees_times_in_the_browsers_zone(client):
    client.cookies["tz"] = "Asia/Tokyo"
    page = client.get(reverse("home")).content.decode()
    assert "Times are shown in Asia/Tokyo, your browser's time zone." in _footer(page)


def test_a_visitor_without_the_cookie_is_told_times_are_in_utc(client):
    page = client.get(reverse("home")).content.decode()
    assert _footer(page).endswith("Times are shown in UTC.")
    assert "time_zone.js" in page


@pytest.mark.parametrize(
    "cookie",
    [
        "Mars/Olympus_Mons",
        "../../etc/passwd",
        "/etc/localtime",
        "localtime",
        "",
        "UTC\x00",
        "x" * 500,
    ],
)
def test_a_bogus_cookie_gives_utc_never_an_error(client, cookie):
    client.cookies["tz"] = cookie
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _footer(response.content.decode()).endswith("Times are shown in UTC.")


def test_staff_without_a_profile_use_the_browsers_zone_and_are_offered_to_set_it(
    staff_client,
):
    staff_client.cookies["tz"] = "Europe/Paris"
    footer = _footer(staff_client.get(reverse("home")).content.decode())
    assert "Times are shown in Europe/Paris, your browser's time zone." in footer
    assert "Set yours in your profile" in footer


def test_the_zone_does_not_outlive_the_request(client, post):
    _reader(client, post, "Asia/Tokyo")
    assert timezone.get_current_timezone_name() == "UTC"
