"""The digest's block "Your upcoming calls" (working_groups/selectors/calls_digest.py): the
member's Going and Maybe calls of the next seven days, and the calls newly scheduled in the
groups they follow that nothing told them of yet, one line a series; times in their zone;
two queries however many."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from members.models import User
from notifications.digest import digest_sections
from tests.factories import MemberFactory, join, make_call, make_group, make_series
from working_groups import notifying_calls, services
from working_groups.models import GroupMembership, Rsvp, WatchLevel
from working_groups.selectors.calls_digest import calls_digest_section
from working_groups.services.rsvp import rsvp_set

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
SINCE = NOW - timedelta(days=1)


@pytest.fixture
def tokyo(group):
    person = MemberFactory(name="Taro Tokyo", time_zone="Asia/Tokyo")
    join(group, person)
    return User.objects.select_related("profile").get(pk=person.pk)


def section(user):
    # Until now: the calls the test made a moment ago are new.
    return calls_digest_section(user=user, since=SINCE, until=timezone.now())


def test_it_is_registered_with_the_digest():
    assert calls_digest_section in digest_sections


def test_it_lists_the_members_going_and_maybe_calls_of_the_week_in_their_zone(group, tokyo):
    soon = make_call(
        group=group,
        title="Soon",
        starts_at=NOW + timedelta(days=2),
        created_at=SINCE - timedelta(days=3),
    )
    maybe = make_call(
        group=group,
        title="Maybe",
        starts_at=NOW + timedelta(days=3),
        created_at=SINCE - timedelta(days=3),
    )
    later = make_call(
        group=group,
        title="Later",
        starts_at=NOW + timedelta(days=9),
        created_at=SINCE - timedelta(days=3),
    )
    no = make_call(
        group=group,
        title="No",
        starts_at=NOW + timedelta(days=1),
        created_at=SINCE - timedelta(days=3),
    )
    for call, answer in ((soon, "going"), (maybe, "maybe"), (later, "going"), (no, "no")):
        rsvp_set(call=call, user=tokyo, answer=answer)
    block = section(tokyo)
    assert block["title"] == "Your upcoming calls"
    assert [item["title"] for item in block["items"]] == ["Soon (Process)", "Maybe (Process)"]
    local = soon.starts_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert block["items"][0]["meta"] == f"Going · {local:%a %-d %b, %H:%M} your time"
    assert block["items"][1]["meta"].startswith("Maybe · ")


def test_it_tells_of_new_calls_once_a_series_and_not_what_a_notification_told(group, tokyo, lead):
    _series, _calls = make_series(
        group=group, title="Weekly", starts_at=NOW + timedelta(days=1), weeks=3
    )
    told = make_call(group=group, title="Told", starts_at=NOW + timedelta(days=2))
    notifying_calls.calls_scheduled(calls=[told], actor=lead)
    block = section(tokyo)
    assert [item["title"] for item in block["items"]] == ["Weekly (Process)"]
    assert block["items"][0]["meta"].startswith("New · Every week, from ")


def test_a_muted_group_or_a_cancelled_call_is_left_out(group, tokyo):
    other = make_group(name="Tools")
    join(other, tokyo)
    muted = GroupMembership.objects.get(group=other, user=tokyo)
    services.watch_level_set(membership=muted, level=WatchLevel.MUTED)
    make_call(group=other, title="Muted group", starts_at=NOW + timedelta(days=1))
    make_call(group=group, title="Cancelled", starts_at=NOW + timedelta(days=1), cancelled_at=NOW)
    assert section(tokyo) is None


def test_it_reads_in_two_queries_however_many_calls(group, tokyo, django_assert_num_queries):
    # One query for the member's Going and Maybe calls, one for the new calls.
    with django_assert_num_queries(2):
        section(tokyo)
    for n in range(5):
        call = make_call(group=group, title=f"Call {n}", starts_at=NOW + timedelta(days=1, hours=n))
        if n % 2:
            rsvp_set(call=call, user=tokyo, answer=Rsvp.Answer.GOING)
    with django_assert_num_queries(2):
        block = section(tokyo)
    assert len(block["items"]) == 5
