"""{% rsvp_for call as rsvp %}: the RSVP block of a call for the viewer, for the pages that
include calls/_rsvp.html without building it (the call's page); one query (selectors.rsvp)."""

from django import template

from working_groups.access import UNKNOWN
from working_groups.selectors.rsvp import rsvp_block

register = template.Library()


@register.simple_tag(takes_context=True)
def rsvp_for(context, call):
    viewer = context["request"].user
    membership = context.get("membership", UNKNOWN)
    if membership is not None and membership is not UNKNOWN and membership.user_id != viewer.pk:
        membership = UNKNOWN  # not the viewer's: look theirs up
    return rsvp_block(call=call, viewer=viewer, membership=membership)
