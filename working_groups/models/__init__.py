"""The working groups' models: the groups and their feeds (groups.py), and their calls
(calls.py)."""

from working_groups.models.calls import (
    ActionItem,
    Attendance,
    CalendarToken,
    Call,
    CallSeries,
    Rsvp,
)
from working_groups.models.groups import (
    REACTION_EMOJI,
    RESERVED_SLUGS,
    GroupMembership,
    Mention,
    Post,
    PostRevision,
    PostWatch,
    Reaction,
    ReactionKind,
    Reply,
    Report,
    WatchLevel,
    WorkingGroup,
)

__all__ = [
    "REACTION_EMOJI",
    "RESERVED_SLUGS",
    "ActionItem",
    "Attendance",
    "CalendarToken",
    "Call",
    "CallSeries",
    "GroupMembership",
    "Mention",
    "Post",
    "PostRevision",
    "PostWatch",
    "Reaction",
    "ReactionKind",
    "Reply",
    "Report",
    "Rsvp",
    "WatchLevel",
    "WorkingGroup",
]
