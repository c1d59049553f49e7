"""The reminder sweep through two real Celery workers at once: each reminder is emailed once,
to those Going or Maybe, however many sweeps run side by side."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import EmailKind
from notifications.models import Notification
from tests.factories import MemberFactory, join, make_call, make_group
from working_groups.models import Rsvp
from working_groups.services.rsvp import rsvp_set
from working_groups.tasks import send_call_reminders

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_two_workers_sweeping_at_once_email_each_reminder_once(celery_worker_factory):
    first = celery_worker_factory(concurrency=2)
    celery_worker_factory(concurrency=2)  # a second worker process, on the same queue
    group = make_group(name="Process")
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=50)
    call = make_call(group=group, starts_at=start, title="Process sync")
    answers = {"Gina Going": Rsvp.Answer.GOING, "Mark Maybe": Rsvp.Answer.MAYBE}
    answers |= {"Nora No": Rsvp.Answer.NO, "Greg Going": Rsvp.Answer.GOING}
    people = {name: MemberFactory(name=name) for name in answers}
    join(group, *people.values())
    for name, answer in answers.items():
        rsvp_set(call=call, user=people[name], answer=answer)

    now = timezone.now().isoformat()
    for _ in range(4):
        send_call_reminders.apply_async(kwargs={"now": now})

    messages = first.wait_for_emails(3, settle=3)
    assert sorted(m["To"] for m in messages) == sorted(
        people[name].email for name in ("Gina Going", "Mark Maybe", "Greg Going")
    )
    rows = Notification.objects.filter(event_key=f"working_groups.call:{call.pk}:reminder:60")
    assert rows.count() == 3
    assert all(row.emailed_at and row.email_kind == EmailKind.CALLS for row in rows)
