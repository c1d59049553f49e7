"""The calls' files and small pages make a fixed number of queries, however many occurrences,
answers or members there are (the lists, the call page, the notes page, the RSVP block and the
personal feed have theirs beside their other tests)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, join, make_call, make_series
from working_groups.models import Rsvp
from working_groups.rsvp_links import rsvp_token

pytestmark = pytest.mark.django_db


def _answered(call, how_many):
    people = [MemberFactory() for _ in range(how_many)]
    if people:
        join(call.group, *people)
    Rsvp.objects.bulk_create([Rsvp(call=call, user=person, answer="going") for person in people])


@pytest.mark.parametrize("answers", [0, 15])
def test_a_calls_file_takes_the_same_queries_however_many_answered(
    member_client, in_group, group, answers, django_assert_num_queries
):
    call = make_call(group=group)
    _answered(call, answers)
    url = reverse("working_groups:call_ics", args=[group.slug, call.pk])
    # The session's user (with profile), the call with its group and series, the viewer's
    # membership.
    with django_assert_num_queries(3):
        assert member_client.get(url).status_code == 200


@pytest.mark.parametrize("weeks", [2, 12])
def test_a_series_file_takes_the_same_queries_however_many_occurrences(
    member_client, in_group, group, weeks, django_assert_num_queries
):
    series, _ = make_series(group=group, weeks=weeks)
    url = reverse("working_groups:series_ics", args=[group.slug, series.pk])
    # The user, the series with its group, the membership, the occurrences.
    with django_assert_num_queries(4):
        assert member_client.get(url).status_code == 200


def test_the_calendar_feed_page_takes_a_fixed_number_of_queries(
    member_client, in_group, django_assert_num_queries
):
    url = reverse("working_groups:calendar")
    # The user, whether the member has a feed, the bell's count.
    with django_assert_num_queries(3):
        assert member_client.get(url).status_code == 200


@pytest.mark.parametrize("answers", [0, 15])
def test_a_one_click_rsvp_link_asks_in_a_fixed_number_of_queries(
    client, group, answers, django_assert_num_queries
):
    member = MemberFactory()
    join(group, member)
    call = make_call(group=group, starts_at=timezone.now() + timedelta(days=2))
    _answered(call, answers)
    token = rsvp_token(call=call, user_id=member.pk, answer="going")
    url = reverse("working_groups:call_rsvp_link", args=[group.slug, call.pk, token])
    # The call with its group: the confirm page asks for nothing else (the link's signature
    # is the credential; the answer is checked when the button is pressed).
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("weeks", [12, 30])
def test_a_groups_calls_list_shows_the_next_ten_and_all_on_asking_in_fixed_queries(
    member_client, in_group, group, weeks, django_assert_num_queries
):
    make_series(group=group, weeks=weeks)
    url = reverse("working_groups:calls", args=[group.slug])
    # The user, the group, the membership, the upcoming calls, the past calls, the bell.
    with django_assert_num_queries(6):
        page = member_client.get(url)
    assert len(page.context["calls"].upcoming) == 10
    assert 'href="?all=1"' in page.content.decode()
    with django_assert_num_queries(6):
        every = member_client.get(url, {"all": "1"})
    assert len(every.context["calls"].upcoming) == weeks
    assert 'href="?all=1"' not in every.content.decode()
