"""RSVP: a member of the group answers Going, Maybe or Can't go to a call, until it starts,
for one occurrence or for it and all later ones of its series (from the call's page, or from
an email's signed one-click link: working_groups.rsvp_links)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from members.models import User
from working_groups.access import UNKNOWN, InHand, can_post_in
from working_groups.models import Call, Rsvp

GOING = Rsvp.Answer.GOING


@dataclass
class RsvpResult:
    """What an answer did: the calls it was saved for, and those of a series skipped because
    they were full (a Going answer only)."""

    answer: str
    saved: list[Call] = field(default_factory=list)
    full: list[Call] = field(default_factory=list)


def rsvp_refusal(*, call: Call, now: datetime) -> str:
    """Why no one may answer for this call now ("" when they may)."""
    if call.is_cancelled:
        return "This call was cancelled: there is nothing to answer."
    if call.starts_at <= now:
        return "This call has started: answers closed at its start."
    return ""


def _full_message(going: int) -> str:
    return f"This call is full ({going} going)."


def rsvp_set(
    *,
    call: Call,
    user: User,
    answer: str,
    following: bool = False,
    membership: InHand = UNKNOWN,
    now: datetime | None = None,
) -> RsvpResult:
    """Save the member's answer for the call (and, with `following`, for every later
    occurrence of its series not cancelled, skipping those a Going answer would overfill)."""
    now = now or timezone.now()
    if answer not in Rsvp.Answer.values:
        raise ValidationError({"answer": "Choose Going, Maybe or Can't go."})
    if not can_post_in(user, call.group, membership):
        raise PermissionDenied("Only the group's members answer its calls.")
    refusal = rsvp_refusal(call=call, now=now)
    if refusal:
        raise ValidationError({"answer": refusal})
    result = RsvpResult(answer=answer)
    with transaction.atomic():
        calls = Call.objects.filter(pk=call.pk)
        if following and call.series_id is not None:
            calls = Call.objects.filter(
                series_id=call.series_id, starts_at__gte=call.starts_at, cancelled_at=None
            )
        # The rows locked, in order: two members taking the last seat at once are served one
        # after the other, and the second finds the call full.
        locked = list(calls.select_for_update().order_by("starts_at", "id"))
        going = _going_besides(calls=locked, user=user)
        for occurrence in locked:
            capacity = occurrence.capacity
            if answer == GOING and capacity is not None and going[occurrence.pk] >= capacity:
                if occurrence.pk == call.pk and not following:
                    raise ValidationError({"answer": _full_message(going[occurrence.pk])})
                result.full.append(occurrence)
                continue
            result.saved.append(occurrence)
        if not result.saved and result.full:
            raise ValidationError({"answer": _full_message(going[result.full[0].pk])})
        _save(calls=result.saved, user=user, answer=answer, now=now)
    return result


def _going_besides(*, calls: list[Call], user: User) -> dict[int, int]:
    """How many others said Going to each call: one query."""
    counts = dict(
        Call.objects.filter(pk__in=[c.pk for c in calls])
        .annotate(n=Count("rsvps", filter=Q(rsvps__answer=GOING) & ~Q(rsvps__user=user)))
        .values_list("pk", "n")
    )
    return {c.pk: counts.get(c.pk, 0) for c in calls}


def _save(*, calls: list[Call], user: User, answer: str, now: datetime) -> None:
    # One statement for any number of occurrences; an earlier answer is replaced.
    Rsvp.objects.bulk_create(
        [Rsvp(call=c, user=user, answer=answer, updated_at=now) for c in calls],
        update_conflicts=True,
        unique_fields=["call", "user"],
        update_fields=["answer", "updated_at"],
    )
