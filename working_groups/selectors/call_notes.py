"""Reads for a call's notes: the notes page (members to choose owners and attendance from, the
saved items, who said Going) and the action items carried into a call from the group's
earlier calls. Each with a fixed number of queries."""

from dataclasses import dataclass, field

from members.models import User
from working_groups.models import ActionItem, Attendance, Call, GroupMembership, Rsvp


def carried_over(*, call: Call) -> list[ActionItem]:
    """Open action items of the group's earlier calls, oldest first, with their owner and call:
    one query."""
    return list(
        ActionItem.objects.filter(
            call__group_id=call.group_id, call__starts_at__lt=call.starts_at, closed_at=None
        )
        .exclude(call_id=call.pk)
        .select_related("owner", "call")
        .order_by("call__starts_at", "created_at", "id")
    )


@dataclass
class NotesPage:
    members: list[User]
    items: list[ActionItem]
    attended_ids: set[int]
    going_ids: set[int]
    carried: list[ActionItem] = field(default_factory=list)


def call_notes_page(*, call: Call) -> NotesPage:
    """What the notes page needs beyond the call: five queries, however many rows."""
    members = list(
        User.objects.filter(
            group_memberships__group_id=call.group_id,
            group_memberships__state=GroupMembership.State.ACTIVE,
        ).order_by("name", "pk")
    )
    items = list(ActionItem.objects.filter(call=call).select_related("owner"))
    attended = set(Attendance.objects.filter(call=call).values_list("user_id", flat=True))
    going = set(
        Rsvp.objects.filter(call=call, answer=Rsvp.Answer.GOING).values_list("user_id", flat=True)
    )
    return NotesPage(members, items, attended, going, carried_over(call=call))


def notes_template(*, call: Call, carried: list[ActionItem]) -> str:
    """The notes a writer starts from: the agenda carried in, the open items of earlier calls,
    then a place for the decisions."""
    parts = ["## Agenda", call.agenda_markdown.strip() or "_No agenda was set._"]
    if carried:
        lines = [
            f"- {item.text}" + (f" — {item.owner.name}" if item.owner else "") for item in carried
        ]
        parts += ["### Carried over", "\n".join(lines)]
    parts += ["## Decisions", "- "]
    return "\n\n".join(parts)
