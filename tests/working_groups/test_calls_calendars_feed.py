"""The personal calendar feed: a secret address made on "Your calendar feed", shown once and
kept only as its SHA-256; it lists the calls of the member's groups they said Going or Maybe
to, from 30 days ago on, with join links; a rotated or revoked address gives nothing."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MemberFactory, make_call, make_group
from working_groups import services
from working_groups.models import CalendarToken, Rsvp
from working_groups.services.calendar_tokens import calendar_token_revoke, calendar_token_rotate

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.com/process-sync"
SETTINGS = "/groups/calendar/"


def feed(token):
    return reverse("calendar_feed", args=[token])


def answer(call, user, answer):
    return Rsvp.objects.create(call=call, user=user, answer=answer)


def uids(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def test_making_a_feed_shows_its_address_once_and_keeps_only_its_hash(member_client, member):
    assert reverse("working_groups:calendar") == SETTINGS
    page = member_client.get(SETTINGS)
    assert page.status_code == 200
    assert b"Make my feed address" in page.content
    response = member_client.post(reverse("working_groups:calendar_rotate"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    token = re.search(r"webcal://testserver/calendar/([\w-]+)\.ics", text).group(1)
    assert f"http://testserver/calendar/{token}.ics" in text
    stored = CalendarToken.objects.get(user=member)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    again = member_client.get(SETTINGS).content.decode()
    assert token not in again
    assert "rotate to see a new address" in again


def test_rotating_gives_a_new_address_and_the_old_one_nothing(client, member):
    old = calendar_token_rotate(user=member)
    assert client.get(feed(old)).status_code == 200
    new = calendar_token_rotate(user=member)
    assert new != old
    assert client.get(feed(old)).status_code == 404
    assert client.get(feed(new)).status_code == 200
    assert CalendarToken.objects.filter(user=member).count() == 1


def test_revoking_turns_the_feed_off(member_client, member, client):
    token = calendar_token_rotate(user=member)
    response = member_client.post(reverse("working_groups:calendar_revoke"))
    assert response.status_code == 302 and response.url == SETTINGS
    assert not CalendarToken.objects.filter(user=member).exists()
    client.logout()
    assert client.get(feed(token)).status_code == 404
    assert calendar_token_revoke(user=member) is False


def test_an_unknown_address_finds_nothing(client):
    assert client.get(feed("not-a-real-token")).status_code == 404


def test_an_applicant_may_not_make_a_feed(applicant_client):
    assert applicant_client.get(SETTINGS).status_code == 403
    assert applicant_client.post(reverse("working_groups:calendar_rotate")).status_code == 403
    assert not CalendarToken.objects.exists()


def test_the_buttons_take_only_a_post(member_client):
    assert member_client.get(reverse("working_groups:calendar_rotate")).status_code == 405
    assert member_client.get(reverse("working_groups:calendar_revoke")).status_code == 405


def test_the_feed_holds_the_going_and_maybe_calls_of_the_members_groups(
    client, in_group, group, member, lead
):
    now = timezone.now().replace(second=0, microsecond=0)
    going = make_call(group=group, starts_at=now + timedelta(days=3), join_url=JOIN)
    maybe = make_call(group=group, starts_at=now + timedelta(days=10))
    last_week = make_call(group=group, starts_at=now - timedelta(days=7))
    cancelled = make_call(group=group, starts_at=now + timedelta(days=17))
    not_going = make_call(group=group, starts_at=now + timedelta(days=4))
    unanswered = make_call(group=group, starts_at=now + timedelta(days=5))
    long_ago = make_call(group=group, starts_at=now - timedelta(days=31))
    for call in (going, last_week, cancelled, long_ago):
        answer(call, member, Rsvp.Answer.GOING)
    answer(maybe, member, Rsvp.Answer.MAYBE)
    answer(not_going, member, Rsvp.Answer.NO)
    answer(unanswered, lead, Rsvp.Answer.GOING)
    services.call_cancel(call=cancelled, by=lead)
    # A group they left: its calls leave the feed with them.
    left = make_group(name="Tooling")
    services.membership_join(group=left, user=member)
    left_call = make_call(group=left, starts_at=now + timedelta(days=2))
    answer(left_call, member, Rsvp.Answer.GOING)
    services.membership_leave(group=left, user=member)

    token = calendar_token_rotate(user=member)
    response = client.get(feed(token))
    assert uids(response) == [last_week.uid, going.uid, maybe.uid, cancelled.uid]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [
        last_week.starts_at, going.starts_at, maybe.starts_at, cancelled.starts_at,
    ]  # fmt: skip
    assert str(events[1]["LOCATION"]) == JOIN
    assert str(events[3]["STATUS"]) == "CANCELLED"
    assert Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_closed_group_the_member_was_removed_from_drops_out(client, member):
    lead = MemberFactory(name="Lena Lead")
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    membership = services.membership_join(group=closed, user=member)
    services.membership_approve(membership=membership, decided_by=lead)
    call = make_call(group=closed, starts_at=timezone.now() + timedelta(days=2))
    answer(call, member, Rsvp.Answer.GOING)
    token = calendar_token_rotate(user=member)
    assert uids(client.get(feed(token))) == [call.uid]
    services.membership_leave(group=closed, user=member)
    assert uids(client.get(feed(token))) == []


@pytest.mark.parametrize("calls", [1, 12])
def test_the_feed_takes_the_same_queries_for_few_and_many_calls(
    client, in_group, group, member, django_assert_num_queries, calls
):
    zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"]
    for number in range(calls):
        call = make_call(
            group=group,
            starts_at=timezone.now() + timedelta(days=number + 1),
            time_zone=zones[number % len(zones)],
        )
        answer(call, member, Rsvp.Answer.GOING)
    token = calendar_token_rotate(user=member)
    # The secret's owner (with their profile), the groups they read, the calls.
    with django_assert_num_queries(3):
        response = client.get(feed(token))
    assert len(uids(response)) == calls


def test_a_calendar_app_may_ask_with_head_and_may_not_post(client, member):
    token = calendar_token_rotate(user=member)
    assert client.head(feed(token)).status_code == 200
    assert client.post(feed(token)).status_code == 405


def test_the_account_settings_lead_members_to_their_feed(client, member, applicant):
    link = f'href="{SETTINGS}"'
    client.force_login(member)
    assert link in client.get(reverse("members:email_preferences")).content.decode()
    client.force_login(applicant)
    assert link not in client.get(reverse("members:email_preferences")).content.decode()
