"""The calls pages: the list, a call, scheduling, editing and cancelling; who sees the join
link; the member-times panel; the pages' query counts, the same with few and many calls."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, join, make_call, make_group, make_series
from working_groups.models import Call, Rsvp

pytestmark = pytest.mark.django_db
JOIN = "https://meet.example.com/process-sync"


def url(name, group, *args):
    return reverse(f"working_groups:{name}", args=[group.slug, *args])


def form_data(**fields):
    tomorrow = (timezone.now() + timedelta(days=2)).date()
    return {
        "title": "Intake rituals", "agenda": "1. Intake", "date": tomorrow.isoformat(),
        "time": "10:00", "time_zone": "America/New_York", "duration_minutes": "60",
        "reminders": ["1440", "60"], "join_url": "https://meet.example.com/x", "capacity": "",
        "repeat": "", "until": "", "count": "", **fields,
    }  # fmt: skip


# --- The list and the call's page -------------------------------------------------------------


def test_a_member_sees_the_calls_and_their_join_links(client, group, in_group):
    call = make_call(group=group)
    past = make_call(group=group, title="Last month", starts_at=timezone.now() - timedelta(days=30))
    cancelled = make_call(group=group, title="Dropped", cancelled_at=timezone.now())
    client.force_login(in_group)
    page = client.get(url("calls", group)).content.decode()
    assert call.title in page and past.title in page and JOIN in page
    assert "<s><a" in page and "Cancelled" in page and cancelled.title in page
    detail = client.get(call.get_absolute_url()).content.decode()
    assert JOIN in detail and "your time" in detail


@pytest.mark.parametrize("who", ["member", "staff"])
def test_a_reader_who_has_not_joined_never_sees_the_join_link(client, group, who, request):
    call = make_call(group=group)
    make_group(name="Tools", leads=[request.getfixturevalue("member")])  # a lead elsewhere
    client.force_login(request.getfixturevalue(who))
    for page in (url("calls", group), call.get_absolute_url(), group.get_absolute_url()):
        response = client.get(page)
        assert response.status_code == 200
        assert JOIN not in response.content.decode()
    assert "for the group's members" in client.get(call.get_absolute_url()).content.decode()
    assert call.title not in client.get(reverse("home")).content.decode()


def test_visitors_are_asked_to_log_in(client, group):
    call = make_call(group=group)
    for page in (url("calls", group), call.get_absolute_url()):
        response = client.get(page)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_closed_groups_calls_are_hidden_from_non_members(client, member):
    closed = make_group(name="Insights", join_policy="request")
    call = make_call(group=closed)
    client.force_login(member)
    assert client.get(call.get_absolute_url()).status_code == 404
    assert client.get(url("calls", closed)).status_code == 403
    assert client.get(url("call", make_group(name="Tools"), call.pk)).status_code == 404


def test_past_calls_link_their_notes(client, group, in_group):
    from tests.factories import make_post

    post = make_post(group=group, author=in_group, body="Decisions: ship it")
    make_call(group=group, starts_at=timezone.now() - timedelta(days=7), notes_post=post)
    client.force_login(in_group)
    page = client.get(url("calls", group)).content.decode()
    assert reverse("working_groups:post", args=[post.pk]) in page


def test_the_group_page_shows_the_next_call(client, group, in_group):
    call = make_call(group=group, title="Roadmap clinic")
    client.force_login(in_group)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Roadmap clinic" in page and call.get_absolute_url() in page
    assert url("calls", group) in page


def test_the_home_page_lists_my_next_calls(client, group, in_group):
    make_call(group=group, title="Roadmap clinic")
    make_call(group=make_group(name="Tools"), title="Not my group")
    client.force_login(in_group)
    page = client.get(reverse("home")).content.decode()
    assert "Your next calls" in page and "Roadmap clinic" in page and "Not my group" not in page


# --- Scheduling, editing, cancelling ----------------------------------------------------------


def test_a_lead_schedules_a_weekly_series_from_the_form(client, group, lead):
    client.force_login(lead)
    form = client.get(url("call_new", group)).content.decode()
    assert 'value="Europe/London" selected' in form  # the lead's profile zone
    response = client.post(url("call_new", group), form_data(repeat="weekly", count="3"))
    assert Call.objects.count() == 3
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Every week on" in detail and "New York time, 3 calls" in detail


def test_errors_stay_at_their_field_and_nothing_typed_is_lost(client, group, lead):
    client.force_login(lead)
    response = client.post(
        url("call_new", group), form_data(repeat="weekly", date="2020-01-07", title="Keep me")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Call.objects.exists()
    assert 'value="Keep me"' in page
    assert "That time has passed" in page and "Say when the series ends" in page


def test_check_times_shows_the_members_local_times_and_schedules_nothing(client, group, lead):
    join(group, MemberFactory(time_zone="Asia/Tokyo"), MemberFactory(time_zone="Asia/Tokyo"))
    join(group, MemberFactory(time_zone="Europe/Berlin"))
    client.force_login(lead)
    page = client.post(url("call_new", group), form_data(check="1")).content.decode()
    assert not Call.objects.exists()
    assert "<strong>2</strong> in Asia/Tokyo: 00:00 next day, <em>late</em>" in page
    assert "in Europe/Berlin: 16:00" in page and "in Europe/London: 15:00" in page


def test_a_member_who_does_not_lead_may_not_schedule(client, group, in_group):
    client.force_login(in_group)
    assert client.get(url("call_new", group)).status_code == 403
    assert client.post(url("call_new", group), form_data()).status_code == 403
    assert not Call.objects.exists()


def test_a_lead_edits_this_and_the_following_calls(client, group, lead):
    client.force_login(lead)
    client.post(url("call_new", group), form_data(repeat="weekly", count="3"))
    second = Call.objects.order_by("starts_at")[1]
    form = client.get(url("call_edit", group, second.pk)).content.decode()
    assert "This and the following calls" in form
    day = timezone.localtime(second.starts_at, timezone.get_fixed_timezone(-300)).date()
    client.post(
        url("call_edit", group, second.pk),
        form_data(date=day.isoformat(), title="Renamed", scope="following"),
    )
    assert list(Call.objects.order_by("starts_at").values_list("title", "sequence")) == [
        ("Intake rituals", 0), ("Renamed", 1), ("Renamed", 1),
    ]  # fmt: skip


def test_a_lead_cancels_one_call_and_a_member_may_not(client, group, lead, member):
    call = make_call(group=group)
    join(group, member)
    client.force_login(member)
    assert client.post(url("call_cancel", group, call.pk), {"scope": "this"}).status_code == 403
    assert client.get(url("call_edit", group, call.pk)).status_code == 403
    client.force_login(lead)
    assert (
        "Cancel “Monthly sync”?" in client.get(url("call_cancel", group, call.pk)).content.decode()
    )
    response = client.post(url("call_cancel", group, call.pk), {"scope": "this"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.is_cancelled and call.sequence == 1


# --- Query counts -----------------------------------------------------------------------------


def _rsvps(calls, people):
    Rsvp.objects.bulk_create(
        Rsvp(call=c, user=p, answer=Rsvp.Answer.GOING) for c in calls for p in people
    )


@pytest.mark.parametrize("many", [False, True])
def test_the_list_and_a_call_take_the_same_queries_with_few_or_many(
    client, group, in_group, many, django_assert_num_queries
):
    people = [in_group, *(MemberFactory() for _ in range(3 if many else 0))]
    calls = make_series(group=group, weeks=8 if many else 1)[1]
    for _ in range(6 if many else 0):
        calls.append(make_call(group=group, starts_at=timezone.now() - timedelta(days=40)))
    _rsvps(calls, people)
    client.force_login(in_group)
    # The user (with profile), the group, the viewer's membership, the upcoming calls and the
    # past ones (each with its series and going count), and the notification bell's count.
    with django_assert_num_queries(6):
        assert client.get(url("calls", group)).status_code == 200
    # The user, the call (with group and series), the membership, marking what the member was
    # told of the call read (one UPDATE), its going count, the bell; then what the included
    # blocks read: the answers with who gave them, the open action items carried into the
    # agenda (a block that reads more raises DETAIL_QUERIES).
    client.get(calls[0].get_absolute_url())  # warm what is warmed once
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(calls[0].get_absolute_url()).status_code == 200


DETAIL_QUERIES = 8


def test_call_when_shows_the_viewers_zone_first_and_the_calls_second(group):
    from datetime import UTC, datetime

    from working_groups.templatetags.calls import call_when

    year = timezone.now().year
    call = Call(
        group=group, time_zone="America/New_York",
        starts_at=datetime(year, 6, 2, 14, tzinfo=UTC),
    )  # fmt: skip
    with timezone.override("Europe/Berlin"):
        assert ">Tue 2 Jun, 16:00 your time · 10:00 New York<" in call_when(call)
    with timezone.override("America/New_York"):
        assert ">Tue 2 Jun, 10:00 New York time<" in call_when(call)
    with timezone.override("Asia/Tokyo"):
        assert ">Tue 2 Jun, 23:00 your time · 10:00 New York<" in call_when(call)
    call.starts_at = datetime(year, 6, 2, 23, tzinfo=UTC)  # 19:00 in New York
    with timezone.override("Asia/Tokyo"):
        assert ">Wed 3 Jun, 08:00 your time · Tue 2 Jun, 19:00 New York<" in call_when(call)
