"""The RSVP block of a call's page: the viewer's answer, who is going and who may come, the
count against the capacity. One query, however many answered."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from working_groups.access import InHand, sees_join_link
from working_groups.models import Call, Rsvp
from working_groups.services.rsvp import rsvp_refusal

ANSWERS = Rsvp.Answer.choices


@dataclass
class RsvpBlock:
    call: Call
    # The viewer's own answer ("" if none) and whether they may answer (an active member).
    answer: str
    can_answer: bool
    # Why nobody may answer now (cancelled, started), or "".
    closed: str
    # The names are the group's members' to see; others see the counts.
    sees_names: bool
    going: list = field(default_factory=list)
    maybe: list = field(default_factory=list)
    going_count: int = 0
    maybe_count: int = 0
    error: str = ""
    saved: str = ""
    answers: list = field(default_factory=lambda: ANSWERS)

    @property
    def capacity(self):
        return self.call.capacity

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity

    @property
    def is_series(self) -> bool:
        return self.call.series_id is not None


def rsvp_block(
    *, call: Call, viewer, membership: InHand, now: datetime | None = None, error: str = ""
) -> RsvpBlock:
    """What the call's RSVP block shows this viewer (`call` with its group loaded)."""
    now = now or timezone.now()
    member = sees_join_link(viewer, call.group, membership)
    mine = Q(user_id=viewer.pk) if viewer.is_authenticated else Q(pk__in=[])
    rows = (
        Rsvp.objects.filter(call=call)
        .filter(Q(answer__in=[Rsvp.Answer.GOING, Rsvp.Answer.MAYBE]) | mine)
        .select_related("user__profile")
        .order_by("updated_at", "id")
    )
    block = RsvpBlock(
        call=call,
        answer="",
        can_answer=member,
        closed=rsvp_refusal(call=call, now=now),
        sees_names=member,
        error=error,
    )
    for rsvp in rows:
        if rsvp.user_id == viewer.pk:
            block.answer = rsvp.answer
        if rsvp.answer == Rsvp.Answer.GOING:
            block.going.append(rsvp.user)
        elif rsvp.answer == Rsvp.Answer.MAYBE:
            block.maybe.append(rsvp.user)
    block.going_count, block.maybe_count = len(block.going), len(block.maybe)
    if not member:
        block.going, block.maybe = [], []
    return block
