"""RSVP rules (working_groups/services/rsvp.py): the group's active members answer Going, Maybe
or Can't go until the call starts; a full call refuses Going only; "all following" answers
the later occurrences of a series, skipping the full and the cancelled."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import MemberFactory, join, make_call, make_group, make_series
from working_groups.models import Rsvp
from working_groups.rsvp_links import read_rsvp_token, rsvp_token
from working_groups.services.rsvp import rsvp_set

pytestmark = pytest.mark.django_db

GOING, MAYBE, NO = Rsvp.Answer.GOING, Rsvp.Answer.MAYBE, Rsvp.Answer.NO


def answers(call):
    return dict(Rsvp.objects.filter(call=call).values_list("user__name", "answer"))


def test_a_member_answers_and_changes_their_answer(group, in_group):
    call = make_call(group=group)
    rsvp_set(call=call, user=in_group, answer=GOING)
    rsvp_set(call=call, user=in_group, answer=MAYBE)
    assert Rsvp.objects.get(call=call, user=in_group).answer == MAYBE
    assert Rsvp.objects.count() == 1


def test_it_refuses_someone_who_is_not_an_active_member(group, member):
    call = make_call(group=group)
    with pytest.raises(PermissionDenied):
        rsvp_set(call=call, user=member, answer=GOING)
    closed = make_group(name="Closed", join_policy="request")
    join(closed, member)  # a request, not yet approved
    with pytest.raises(PermissionDenied):
        rsvp_set(call=make_call(group=closed), user=member, answer=GOING)
    assert not Rsvp.objects.exists()


def test_it_refuses_an_answer_once_the_call_has_started(group, in_group):
    call = make_call(group=group, starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="answers closed at its start"):
        rsvp_set(call=call, user=in_group, answer=GOING)


def test_it_refuses_an_answer_to_a_cancelled_call(group, in_group):
    call = make_call(group=group, cancelled_at=timezone.now())
    with pytest.raises(ValidationError, match="cancelled"):
        rsvp_set(call=call, user=in_group, answer=MAYBE)


def test_it_refuses_an_unknown_answer(group, in_group):
    with pytest.raises(ValidationError):
        rsvp_set(call=make_call(group=group), user=in_group, answer="perhaps")


def test_a_full_call_refuses_going_but_takes_maybe_and_cant_go(group, in_group):
    call = make_call(group=group, capacity=2)
    others = [MemberFactory(name=f"Other {n}") for n in range(2)]
    join(group, *others)
    for person in others:
        rsvp_set(call=call, user=person, answer=GOING)
    with pytest.raises(ValidationError, match=r"This call is full \(2 going\)"):
        rsvp_set(call=call, user=in_group, answer=GOING)
    rsvp_set(call=call, user=in_group, answer=MAYBE)
    rsvp_set(call=call, user=in_group, answer=NO)
    # One who is going keeps their seat when they answer Going again.
    rsvp_set(call=call, user=others[0], answer=GOING)
    assert answers(call)[in_group.name] == NO


def test_a_seat_freed_is_taken(group, in_group):
    call = make_call(group=group, capacity=1)
    other = MemberFactory(name="Other")
    join(group, other)
    rsvp_set(call=call, user=other, answer=GOING)
    rsvp_set(call=call, user=other, answer=NO)
    rsvp_set(call=call, user=in_group, answer=GOING)
    assert answers(call)[in_group.name] == GOING


def test_all_following_answers_this_and_later_occurrences_only(group, in_group):
    _series, calls = make_series(group=group, weeks=4)
    rsvp_set(call=calls[1], user=in_group, answer=GOING, following=True)
    assert [answers(call).get(in_group.name) for call in calls] == [None, GOING, GOING, GOING]


def test_all_following_skips_the_cancelled_and_says_which_were_full(group, in_group):
    _series, calls = make_series(group=group, weeks=4, capacity=1)
    calls[2].cancelled_at = timezone.now()
    calls[2].save()
    other = MemberFactory(name="Other")
    join(group, other)
    rsvp_set(call=calls[3], user=other, answer=GOING)
    result = rsvp_set(call=calls[0], user=in_group, answer=GOING, following=True)
    assert [call.pk for call in result.saved] == [calls[0].pk, calls[1].pk]
    assert [call.pk for call in result.full] == [calls[3].pk]
    assert [answers(call).get(in_group.name) for call in calls] == [GOING, GOING, None, None]


def test_all_following_refuses_when_every_occurrence_is_full(group, in_group):
    _series, calls = make_series(group=group, weeks=2, capacity=1)
    other = MemberFactory(name="Other")
    join(group, other)
    for call in calls:
        rsvp_set(call=call, user=other, answer=GOING)
    with pytest.raises(ValidationError, match="full"):
        rsvp_set(call=calls[0], user=in_group, answer=GOING, following=True)
    assert not Rsvp.objects.filter(user=in_group).exists()


def test_following_on_a_single_call_answers_that_call(group, in_group):
    call = make_call(group=group)
    other = make_call(group=group, starts_at=call.starts_at + timedelta(days=7))
    rsvp_set(call=call, user=in_group, answer=MAYBE, following=True)
    assert answers(call) == {in_group.name: MAYBE} and answers(other) == {}


def test_an_rsvp_token_reads_back_only_for_its_call_and_untampered(group, in_group):
    call = make_call(group=group)
    token = rsvp_token(call=call, user_id=in_group.pk, answer=GOING)
    assert read_rsvp_token(token=token, call_id=call.pk) == (in_group.pk, GOING)
    assert read_rsvp_token(token=token, call_id=call.pk + 1) is None
    assert read_rsvp_token(token=token[:-2] + "xx", call_id=call.pk) is None
    assert read_rsvp_token(token="nonsense", call_id=call.pk) is None
