"""Answering a call from its page (a plain form, or swapped in place by htmx) and from an
email's signed one-click link, which asks before it answers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, join, make_call, make_group, make_series
from working_groups import services
from working_groups.access import group_membership
from working_groups.models import Rsvp
from working_groups.rsvp_links import rsvp_token
from working_groups.selectors.rsvp import rsvp_block
from working_groups.services.rsvp import rsvp_set

pytestmark = pytest.mark.django_db

GOING, MAYBE = Rsvp.Answer.GOING, Rsvp.Answer.MAYBE


def rsvp_url(call):
    return reverse("working_groups:call_rsvp", args=[call.group.slug, call.pk])


def link(call, user, answer=GOING):
    token = rsvp_token(call=call, user_id=user.pk, answer=answer)
    return reverse("working_groups:call_rsvp_link", args=[call.group.slug, call.pk, token])


def answer_of(call, user):
    return Rsvp.objects.filter(call=call, user=user).values_list("answer", flat=True).first()


# --- The block on the page ----------------------------------------------------------------------


def test_a_member_answers_from_the_page_without_javascript(member_client, group, in_group):
    call = make_call(group=group)
    response = member_client.post(rsvp_url(call), {"answer": GOING})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{call.get_absolute_url()}#rsvp")
    assert answer_of(call, in_group) == GOING


def test_htmx_swaps_the_block_with_the_answer_pressed(member_client, group, in_group):
    call = make_call(group=group)
    response = member_client.post(rsvp_url(call), {"answer": MAYBE}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<section")
    assert 'id="rsvp-maybe"' in html and 'aria-pressed="true">Maybe' in html
    assert 'aria-pressed="false">Going' in html
    assert "Saved: Maybe." in html
    assert in_group.display_name in html  # among those who may come


def test_a_full_call_says_so_at_the_field(member_client, group, in_group):
    call = make_call(group=group, capacity=1)
    other = MemberFactory(name="Other Person")
    join(group, other)
    rsvp_set(call=call, user=other, answer=GOING)
    response = member_client.post(rsvp_url(call), {"answer": GOING})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This call is full (1 going)." in html and 'aria-describedby="rsvp-error"' in html
    assert answer_of(call, in_group) is None
    # htmx swaps the refusal in place (it swaps 2xx answers only).
    swapped = member_client.post(rsvp_url(call), {"answer": GOING}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200 and "This call is full (1 going)." in swapped.content.decode()


def test_all_following_answers_the_later_occurrences(member_client, group, in_group):
    _series, calls = make_series(group=group, weeks=3)
    page = member_client.get(rsvp_url(calls[0])).content.decode()
    assert "Apply to all following calls of this series" in page
    member_client.post(rsvp_url(calls[1]), {"answer": GOING, "following": "1"})
    assert [answer_of(call, in_group) for call in calls] == [None, GOING, GOING]


def test_it_refuses_a_reader_who_is_not_in_the_group(member_client, group, member):
    call = make_call(group=group)
    assert member_client.post(rsvp_url(call), {"answer": GOING}).status_code == 403
    page = member_client.get(rsvp_url(call)).content.decode()
    assert "Members of Process answer and see who is coming." in page
    assert answer_of(call, member) is None


def test_a_closed_groups_call_is_not_found_by_others(member_client, member):
    closed = make_group(name="Closed", join_policy="request")
    call = make_call(group=closed)
    assert member_client.post(rsvp_url(call), {"answer": GOING}).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, group):
    call = make_call(group=group)
    response = client.post(rsvp_url(call), {"answer": GOING})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_block_shows_no_buttons_once_the_call_started(member_client, group, in_group):
    call = make_call(group=group, starts_at=timezone.now() - timedelta(minutes=1))
    page = member_client.get(rsvp_url(call)).content.decode()
    assert "answers closed at its start" in page and 'name="answer"' not in page


def test_the_call_page_carries_the_block(member_client, group, in_group):
    call = make_call(group=group)
    rsvp_set(call=call, user=in_group, answer=GOING)
    page = member_client.get(call.get_absolute_url()).content.decode()
    assert 'id="rsvp"' in page and 'aria-pressed="true">Going' in page


def test_the_block_reads_in_one_query_however_many_answered(
    group, in_group, django_assert_num_queries
):
    call = make_call(group=group)
    membership = group_membership(in_group, group)
    # One query: the answers Going and Maybe, and the viewer's own, with each person's profile.
    with django_assert_num_queries(1):
        rsvp_block(call=call, viewer=in_group, membership=membership)
    people = [MemberFactory(name=f"Person {n}") for n in range(8)]
    join(group, *people)
    for n, person in enumerate(people):
        rsvp_set(call=call, user=person, answer=GOING if n % 2 else MAYBE)
    with django_assert_num_queries(1):
        block = rsvp_block(call=call, viewer=in_group, membership=membership)
    assert (block.going_count, block.maybe_count, len(block.going)) == (4, 4, 4)


def test_the_rsvp_page_costs_the_same_with_many_answers(member_client, group, in_group):
    call = make_call(group=group)
    member_client.get(rsvp_url(call))  # warm the session and the caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member_client.get(rsvp_url(call)).status_code == 200
        return len(captured)

    few = queries()
    people = [MemberFactory(name=f"Person {n}") for n in range(6)]
    join(group, *people)
    for person in people:
        rsvp_set(call=call, user=person, answer=GOING)
    assert queries() == few


# --- The one-click link -------------------------------------------------------------------------


def test_opening_the_link_asks_and_changes_nothing(client, group, in_group):
    call = make_call(group=group)
    response = client.get(link(call, in_group))
    assert response.status_code == 200
    assert "Answer “Going” to this call?" in response.content.decode()
    assert answer_of(call, in_group) is None


def test_confirming_the_link_answers_even_signed_out(client, group, in_group):
    call = make_call(group=group)
    response = client.post(link(call, in_group, MAYBE))
    assert response.status_code == 200 and "Saved: Maybe." in response.content.decode()
    assert answer_of(call, in_group) == MAYBE


def test_a_tampered_link_gets_a_clear_page(client, group, in_group):
    call = make_call(group=group)
    url = link(call, in_group)
    for bad in (url[:-3] + "xx/", url.replace(f"/{call.pk}/", f"/{call.pk + 1}/")):
        response = client.post(bad)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_another_members_link_does_nothing_for_the_one_signed_in(member_client, group, member):
    owner = MemberFactory(name="Link Owner")
    join(group, owner, member)
    call = make_call(group=group)
    response = member_client.post(link(call, owner))
    assert response.status_code == 403
    assert "sent to another member" in response.content.decode()
    assert call.title not in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_link_after_the_start_or_to_a_cancelled_call_is_closed(client, group, in_group):
    started = make_call(group=group, starts_at=timezone.now() - timedelta(minutes=1))
    cancelled = make_call(group=group, cancelled_at=timezone.now())
    for call in (started, cancelled):
        response = client.post(link(call, in_group))
        assert response.status_code == 410
    assert not Rsvp.objects.exists()


def test_a_link_of_someone_who_left_the_group_answers_nothing(client, group, in_group):
    call = make_call(group=group)
    services.membership_leave(group=group, user=in_group)
    response = client.post(link(call, in_group))
    assert response.status_code == 403 and "Only members of Process" in response.content.decode()


def test_a_full_call_says_so_on_the_links_page(client, group, in_group):
    call = make_call(group=group, capacity=1)
    other = MemberFactory(name="Other")
    join(group, other)
    rsvp_set(call=call, user=other, answer=GOING)
    response = client.post(link(call, in_group))
    assert "This call is full (1 going)." in response.content.decode()
    assert answer_of(call, in_group) is None
