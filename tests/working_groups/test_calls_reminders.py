"""The reminder sweep (working_groups/services/reminders.py, the beat's
working_groups.tasks.send_call_reminders): those Going or Maybe are reminded at each offset
before the call, each (occurrence, offset, member) once however often it runs; only the
nearest due offset (no day-before reminder fifty minutes before); never after the start or
for a cancelled call."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from members.models import EmailKind
from notifications.models import Notification
from tests.factories import MemberFactory, join, make_call
from working_groups import services
from working_groups.models import GroupMembership, Rsvp, WatchLevel
from working_groups.services.reminders import due_offset, reminders_send_due
from working_groups.services.rsvp import rsvp_set
from working_groups.tasks import send_call_reminders

pytestmark = pytest.mark.django_db

GOING, MAYBE, NO = Rsvp.Answer.GOING, Rsvp.Answer.MAYBE, Rsvp.Answer.NO
START = timezone.now().replace(microsecond=0) + timedelta(days=3)


def reminded(call, offset):
    rows = Notification.objects.filter(event_key=f"working_groups.call:{call.pk}:reminder:{offset}")
    return sorted(rows.values_list("user__name", flat=True))


@pytest.fixture
def call(group):
    return make_call(group=group, starts_at=START, title="Process sync")


@pytest.fixture
def answered(group, call):
    """Going, Maybe, Can't go, a muted member Going, and one who did not answer."""
    names = {"gina": GOING, "mark": MAYBE, "nora": NO, "muriel": GOING, "silent": None}
    people = {name: MemberFactory(name=name.title()) for name in names}
    join(group, *people.values())
    muriel = GroupMembership.objects.get(group=group, user=people["muriel"])
    services.watch_level_set(membership=muriel, level=WatchLevel.MUTED)
    for name, answer in names.items():
        if answer:
            rsvp_set(call=call, user=people[name], answer=answer, now=START - timedelta(days=2))
    return people


def test_the_day_before_reminds_going_and_maybe_muted_or_not_once(call, answered):
    now = START - timedelta(hours=23, minutes=58)
    assert reminders_send_due(now=now) == 3
    assert reminders_send_due(now=now) == 0
    assert reminders_send_due(now=now + timedelta(minutes=5)) == 0
    assert reminded(call, 1440) == ["Gina", "Mark", "Muriel"]
    row = Notification.objects.filter(event_key__endswith=":reminder:1440").first()
    assert (row.kind, row.email_kind) == ("call", EmailKind.CALLS)
    assert row.headline.startswith("Process meets tomorrow: “Process sync”")


def test_the_hour_before_reminds_again_and_then_the_start_ends_it(call, answered):
    reminders_send_due(now=START - timedelta(hours=23))
    assert reminders_send_due(now=START - timedelta(minutes=59)) == 3
    assert reminded(call, 60) == ["Gina", "Mark", "Muriel"]
    assert reminders_send_due(now=START + timedelta(minutes=1)) == 0


def test_nothing_before_the_first_moment(call, answered):
    assert reminders_send_due(now=START - timedelta(hours=25)) == 0
    assert not Notification.objects.exists()


def test_a_call_scheduled_late_gets_only_its_nearest_reminder(call, answered):
    assert due_offset(call=call, now=START - timedelta(minutes=50)) == 60
    reminders_send_due(now=START - timedelta(minutes=50))
    assert reminded(call, 1440) == [] and len(reminded(call, 60)) == 3


def test_a_missed_day_before_is_skipped_once_its_moment_has_long_passed(call, answered):
    assert due_offset(call=call, now=START - timedelta(hours=5)) == 1440
    assert due_offset(call=call, now=START - timedelta(minutes=30)) == 60
    assert due_offset(call=call, now=START - timedelta(hours=25)) is None


def test_a_cancelled_call_reminds_nobody(call, answered):
    call.cancelled_at = timezone.now()
    call.save()
    assert reminders_send_due(now=START - timedelta(minutes=30)) == 0


def test_the_leads_offsets_are_followed(group, answered):
    call = make_call(group=group, starts_at=START, reminder_offsets=[30])
    rsvp_set(call=call, user=answered["gina"], answer=GOING, now=START - timedelta(days=1))
    reminders_send_due(now=START - timedelta(minutes=45))
    assert reminded(call, 30) == []
    reminders_send_due(now=START - timedelta(minutes=29))
    assert reminded(call, 30) == ["Gina"]
    quiet = make_call(group=group, starts_at=START, reminder_offsets=[])
    rsvp_set(call=quiet, user=answered["gina"], answer=GOING, now=START - timedelta(days=1))
    reminders_send_due(now=START - timedelta(minutes=1))
    assert not Notification.objects.filter(target_key=f"working_groups.call:{quiet.pk}").exists()


def test_the_beat_task_runs_the_sweep_at_a_given_moment(call, answered):
    when = (START - timedelta(minutes=55)).isoformat()
    assert send_call_reminders.apply(kwargs={"now": when}).get() == 3
    assert send_call_reminders.apply(kwargs={"now": when}).get() == 0


def test_the_beat_runs_the_sweep_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["working-groups-call-reminders"]
    assert entry == {"task": "working_groups.tasks.send_call_reminders", "schedule": 300.0}
