"""The notes block of a call's page: the notes published (or who may write them), and the
open action items carried in from the group's earlier calls, with a close button for those
who may close each."""

from django import template

from working_groups.access import UNKNOWN
from working_groups.selectors.call_notes import carried_over
from working_groups.services.call_notes import can_close_action, can_write_notes, notes_may_start

register = template.Library()


@register.inclusion_tag("working_groups/calls/_notes_block.html", takes_context=True)
def call_notes_block(context, call):
    """One query for the carried items, one for the viewer's membership unless in context."""
    viewer = context["request"].user
    membership = context.get("membership", UNKNOWN)
    carried = carried_over(call=call)
    for item in carried:
        item.viewer_closes = can_close_action(viewer, item, membership)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "call": call,
        "carried": carried,
        "started": notes_may_start(call),
        "writes": can_write_notes(viewer, call, membership) and not call.is_cancelled,
    }
