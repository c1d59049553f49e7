"""Demo calls for `make run`: a weekly series per group (demo/data/calls.toml), scheduled by a
lead at a wall-clock time in their own zone some weeks ago, so that the past calls and the
ones to come sit on both sides of a daylight-saving change; members' answers from their own
zones; one cancelled occurrence, one call at capacity; notes published after past calls with
their action items, one still open and carried into the next call.

Everything goes through the services. A call is scheduled before it starts and answered
before it starts, so the loader replays that history: the scheduling service runs with its
clock set to the day the lead scheduled the series, and each answer is given the day before
its call (rsvp_set takes the moment). What that history told members (the invitations, the
cancellation) is recorded inside the loader's transaction and read there, dated back, so
nothing of it is emailed when the seed commits. Groups that already have calls are left alone.
"""

import random
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from demo.load import read
from members.models import User
from notifications.models import Kind, Notification
from notifications.services import notifications_read_all
from working_groups import notifying_calls, services
from working_groups.models import Call, GroupMembership, Rsvp, WorkingGroup
from working_groups.services.call_notes import (
    ActionRow,
    action_item_close,
    call_note_taker_set,
    call_notes_publish,
    call_notes_save,
)
from working_groups.services.rsvp import rsvp_set

SERIES = read("calls")["series"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


@contextmanager
def _clock_at(moment: datetime):
    """The services' clock set back to a moment of the demo's history (see the docstring)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _first_start(spec, zone: ZoneInfo) -> datetime:
    """The series' first wall-clock start: the spec's weekday and time, `weeks_back` weeks ago."""
    hour, minute = (int(part) for part in spec["time"].split(":"))
    day = (timezone.now() - timedelta(weeks=spec["weeks_back"])).astimezone(zone).date()
    day += timedelta(days=(WEEKDAYS.index(spec["weekday"]) - day.weekday()) % 7)
    return datetime(day.year, day.month, day.day, hour, minute)


def _ensure_joined(group, person):
    services.membership_join(group=group, user=person)
    membership = GroupMembership.objects.get(group=group, user=person)
    if not membership.is_active:
        lead = group.memberships.filter(role=GroupMembership.Role.LEAD).first()
        services.membership_approve(membership=membership, decided_by=lead.user)


def _schedule(spec, group, lead) -> list[Call]:
    first = _first_start(spec, ZoneInfo(lead.profile.time_zone))
    scheduled_on = (
        first.replace(tzinfo=ZoneInfo(lead.profile.time_zone)) - timedelta(days=10)
    ).astimezone(ZoneInfo("UTC"))
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with _clock_at(scheduled_on):
        calls = services.call_schedule(
            group=group, by=lead, title=spec["title"], agenda=spec["agenda"].strip(),
            local_start=first, time_zone=lead.profile.time_zone,
            duration_minutes=spec["duration"], join_url=spec["join_url"],
            capacity=spec["capacity"] or None, reminder_offsets=[24 * 60, 60],
            repeat="weekly", count=spec["count"],
        )  # fmt: skip
        # Told now, inside this transaction, so the settling below reads it (see the docstring).
        notifying_calls.calls_scheduled(calls=calls, actor=lead)
    # A field's default clock is bound when the model loads, not patched with the services':
    # the invitation is dated to when the lead scheduled the series.
    Notification.objects.filter(pk__gt=before, kind=Kind.CALL).update(created_at=scheduled_on)
    return calls


def _answer(call, people, spec, rng, *, now):
    wanted = [("going", spec["going"]), ("maybe", spec["maybe"]), ("no", spec["no"])]
    chosen = rng.sample(people, k=min(len(people), sum(n for _, n in wanted)))
    for answer, n in wanted:
        for person in chosen[:n]:
            rsvp_set(call=call, user=person, answer=answer, now=now)
        chosen = chosen[n:]


def _fill(call, people, now):
    for person in people:
        taken = Rsvp.objects.filter(call=call, answer=Rsvp.Answer.GOING).count()
        if taken >= call.capacity:
            return
        rsvp_set(call=call, user=person, answer="going", now=now)


def _notes(call, note, by_email, group):
    writer = by_email[note["writer"]]
    if note.get("note_taker"):
        taker = by_email[note["note_taker"]]
        _ensure_joined(group, taker)
        lead = group.memberships.filter(role=GroupMembership.Role.LEAD).first().user
        call_note_taker_set(call=call, by=lead, note_taker=taker)
        writer = taker
    rows = []
    for action in note.get("actions", []):
        _ensure_joined(group, by_email[action["owner"]])
        rows.append(ActionRow(action["text"], by_email[action["owner"]].pk))
    going = Rsvp.objects.filter(call=call, answer=Rsvp.Answer.GOING).values_list("user_id")
    attended = {pk for (pk,) in going} | {writer.pk}
    text = f"## Agenda\n\n{call.agenda_markdown}\n\n## Decisions\n\n{note['decisions'].strip()}"
    call_notes_save(call=call, by=writer, notes=text, action_items=rows, attendee_ids=attended)
    published = min(call.ends_at + timedelta(hours=3), timezone.now())
    call_notes_publish(call=call, by=writer, notify=False, published_at=published)
    for item, action in zip(call.action_items.order_by("id"), note.get("actions", []), strict=True):
        if action["closed"]:
            action_item_close(item=item, by=item.owner)


def _load_series(spec, by_email) -> int:
    group = WorkingGroup.objects.get(slug=spec["group"])
    if group.calls.exists():
        return 0
    lead = by_email[spec["lead"]]
    calls = _schedule(spec, group, lead)
    rng = random.Random(f"calls-{group.slug}")  # the same answers on every seed: not a secret
    people = [
        m.user for m in group.memberships.filter(state=GroupMembership.State.ACTIVE)
        .select_related("user").order_by("user__email")
    ]  # fmt: skip
    now = timezone.now()
    past = [call for call in calls if call.starts_at <= now]
    upcoming = [call for call in calls if call.starts_at > now]
    for call in past + upcoming[:4]:
        _answer(call, people, spec, rng, now=min(call.starts_at - timedelta(days=1), now))
    if spec["full"] and upcoming and upcoming[0].capacity:
        _fill(upcoming[0], people, now)
    for note in sorted(spec.get("notes", []), key=lambda n: -n["ago"]):
        _notes(past[-note["ago"]], note, by_email, group)
    if spec["cancel"]:
        cancelled = services.call_cancel(call=upcoming[spec["cancel"] - 1], by=lead)
        for call in cancelled:
            notifying_calls.call_cancelled(call=call, actor=lead)
    return len(calls)


def _settle(since: int) -> None:
    """The invitations and the cancellation notice told: read by now (see the docstring)."""
    told = Notification.objects.filter(pk__gt=since, kind=Kind.CALL)
    for user_id in set(told.values_list("user_id", flat=True)):
        notifications_read_all(user=User(pk=user_id), kind=Kind.CALL)


def load_demo_calls() -> int:
    """Schedule the demo groups' calls if missing; returns calls created."""
    by_email = {user.email: user for user in User.objects.select_related("profile")}
    since = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        created = sum(_load_series(spec, by_email) for spec in SERIES if spec["lead"] in by_email)
        _settle(since)
    return created


def demo_summary() -> str:
    calls = Call.objects.count()
    notes = Call.objects.exclude(notes_post=None).count()
    return f"{calls} calls, {notes} with notes"
