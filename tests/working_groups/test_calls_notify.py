"""Who is told of a group's calls (working_groups/notifying_calls.py): invitations to the
group's active members who did not mute it, one for a whole series; change notices and
reminders to those Going or Maybe only, muted or not; each once. And the email: the calls
kind, the reason, the one-click answers."""

import re

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind
from notifications import tasks
from notifications.models import Notification
from notifications.targets import visible_keys
from tests.factories import MemberFactory, join, make_call, make_series
from working_groups import notifying_calls, services
from working_groups.models import GroupMembership, Rsvp, WatchLevel
from working_groups.services.rsvp import rsvp_set

pytestmark = pytest.mark.django_db


def told(event_key):
    """{name: email kind} of those told of an event, each once."""
    rows = Notification.objects.select_related("user").filter(event_key=event_key)
    names = [row.user.name for row in rows]
    assert len(names) == len(set(names)), "someone was told twice"
    return {row.user.name: row.email_kind for row in rows}


@pytest.fixture
def people(group, lead):
    """A member at each standing in the group: plain, muted, emails off, and a request."""
    names = ("Ada Active", "Mo Muted", "Quinn Quiet")
    people = {name.split()[0].lower(): MemberFactory(name=name) for name in names}
    join(group, *people.values())
    mo = GroupMembership.objects.get(group=group, user=people["mo"])
    services.watch_level_set(membership=mo, level=WatchLevel.MUTED)
    quinn = GroupMembership.objects.get(group=group, user=people["quinn"])
    services.group_emails_set(membership=quinn, emails=False)
    group.join_policy = "request"
    group.save()
    people["rita"] = MemberFactory(name="Rita Request")
    join(group, people["rita"])  # a request: not a member yet
    group.join_policy = "open"
    group.save()
    people["outsider"] = MemberFactory(name="Olga Outsider")
    return people


def test_a_new_call_invites_the_active_members_who_did_not_mute_the_group(group, lead, people):
    call = make_call(group=group, title="Process sync")
    assert notifying_calls.calls_scheduled(calls=[call], actor=lead) == 2
    event = f"working_groups.call:{call.pk}:invited"
    assert told(event) == {"Ada Active": EmailKind.CALLS, "Quinn Quiet": ""}
    row = Notification.objects.get(event_key=event, user=people["ada"])
    assert (row.kind, row.target_key) == ("call", f"working_groups.call:{call.pk}")
    assert row.scope_key == f"working_groups.group:{group.pk}"
    assert row.why == "You are a member of Process"
    assert row.change_url == f"{group.get_absolute_url()}#notifications"
    assert row.headline.startswith("Lena Lead scheduled a call in Process: “Process sync” on ")


def test_a_series_is_one_invitation_to_its_first_occurrence(group, lead, people):
    _series, calls = make_series(group=group, weeks=4)
    notifying_calls.calls_scheduled(calls=list(reversed(calls)), actor=lead)
    assert Notification.objects.filter(user=people["ada"]).count() == 1
    row = Notification.objects.get(user=people["ada"])
    assert row.event_key == f"working_groups.call:{calls[0].pk}:invited"
    assert row.excerpt.startswith("Every week, from ")


def test_an_invitation_is_told_once_however_often_it_is_sent(group, lead, people):
    call = make_call(group=group)
    notifying_calls.calls_scheduled(calls=[call], actor=lead)
    assert notifying_calls.calls_scheduled(calls=[call], actor=lead) == 0


def test_a_change_tells_those_going_or_maybe_muted_or_not_once_a_sequence(group, lead, people):
    call = make_call(group=group)
    rsvp_set(call=call, user=people["ada"], answer=Rsvp.Answer.MAYBE)
    rsvp_set(call=call, user=people["mo"], answer=Rsvp.Answer.GOING)
    rsvp_set(call=call, user=people["quinn"], answer=Rsvp.Answer.NO)
    call.sequence = 1
    assert notifying_calls.call_changed(call=call, actor=lead) == 2
    assert notifying_calls.call_changed(call=call, actor=lead) == 0
    event = f"working_groups.call:{call.pk}:changed:1"
    assert told(event) == {"Ada Active": EmailKind.CALLS, "Mo Muted": EmailKind.CALLS}
    call.sequence, call.cancelled_at = 2, timezone.now()
    assert notifying_calls.call_cancelled(call=call, actor=lead) == 2
    row = Notification.objects.get(
        event_key=f"working_groups.call:{call.pk}:changed:2", user=people["mo"]
    )
    assert "cancelled a call in Process" in row.headline


def test_a_member_who_left_is_no_longer_told_nor_shown_the_call(group, lead, people):
    call = make_call(group=group)
    ada = people["ada"]
    rsvp_set(call=call, user=ada, answer=Rsvp.Answer.GOING)
    key = f"working_groups.call:{call.pk}"
    assert visible_keys(user=ada, keys=[key]) == {key}
    services.membership_leave(group=group, user=ada)
    assert visible_keys(user=ada, keys=[key]) == set()
    assert notifying_calls.call_reminder(call=call, offset=60) == 0


def test_the_invitation_email_carries_one_click_answers(client, group, lead, people, mailoutbox):
    call = make_call(group=group, title="Process sync")
    notifying_calls.calls_scheduled(calls=[call], actor=lead)
    assert tasks.email_event.apply(args=[f"working_groups.call:{call.pk}:invited"]).get() == 1
    (message,) = mailoutbox
    assert message.to == [people["ada"].email]
    links = re.findall(r"(?:Going|Maybe|Can't go): (\S+)", message.body)
    assert len(links) == 3
    html = message.alternatives[0][0]
    assert "Can&#x27;t go</a>" in html or "Can't go</a>" in html
    # The link answers for Ada once confirmed, signed out.
    path = links[0].split("testserver")[-1] if "testserver" in links[0] else links[0]
    path = path[path.index("/groups/") :]
    assert client.get(path).status_code == 200
    assert not Rsvp.objects.exists()
    client.post(path)
    assert Rsvp.objects.get(call=call).user == people["ada"]


def test_reminders_and_changes_are_emailed_though_an_earlier_one_is_unread(
    group, lead, people, mailoutbox
):
    # One email a thread until it is read holds back chatter, not a call's reminders.
    call = make_call(group=group)
    ada = people["ada"]
    rsvp_set(call=call, user=ada, answer=Rsvp.Answer.GOING)
    notifying_calls.calls_scheduled(calls=[call], actor=lead)
    notifying_calls.call_reminder(call=call, offset=1440)
    notifying_calls.call_reminder(call=call, offset=60)
    for event in ("invited", "reminder:1440", "reminder:60"):
        tasks.email_event.apply(args=[f"working_groups.call:{call.pk}:{event}"]).get()
    assert [m.to for m in mailoutbox] == [[ada.email]] * 3
    assert "Process meets tomorrow" in mailoutbox[1].subject
    assert "Process meets in 1 hour" in mailoutbox[2].subject


def test_the_calls_email_kind_turned_off_keeps_the_bell_only(group, lead, people, mailoutbox):
    ada = people["ada"]
    member_services.email_preferences_update(
        user=ada, enabled=set(EmailKind.values) - {EmailKind.CALLS}
    )
    call = make_call(group=group)
    notifying_calls.calls_scheduled(calls=[call], actor=lead)
    tasks.email_event.apply(args=[f"working_groups.call:{call.pk}:invited"]).get()
    assert mailoutbox == []
    assert Notification.objects.filter(user=ada).exists()


def test_a_cancelled_calls_email_offers_no_answers(group, lead, people, mailoutbox):
    call = make_call(group=group)
    rsvp_set(call=call, user=people["ada"], answer=Rsvp.Answer.GOING)
    call.sequence, call.cancelled_at = 1, timezone.now()
    call.save()
    notifying_calls.call_cancelled(call=call, actor=lead)
    tasks.email_event.apply(args=[f"working_groups.call:{call.pk}:changed:1"]).get()
    (message,) = mailoutbox
    assert "cancelled a call" in message.subject
    assert "/rsvp/" not in message.body
