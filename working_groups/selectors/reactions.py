"""The reaction buttons under a post or a reply, for the feed, the thread and a toggle."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from working_groups.models import REACTION_EMOJI, Reaction, ReactionKind


@dataclass
class ReactionButton:
    kind: str
    label: str
    emoji: str
    count: int
    mine: bool


def reaction_buttons_for(*, counts, mine) -> list[ReactionButton]:
    """One button a kind, in the fixed order: how many reacted so (`counts`, by kind, as
    numbers or their text), and whether the viewer did (`mine`, the kinds they chose)."""
    return [
        ReactionButton(
            kind=kind,
            label=kind.label,
            emoji=REACTION_EMOJI[kind],
            count=int(counts.get(kind.value, 0)),
            mine=kind.value in mine,
        )
        for kind in ReactionKind
    ]


def attach_reactions(*, viewer, posts=(), replies=()) -> None:
    """Give each post and reply `.reaction_buttons`: one query per kind of target."""
    for objects, column in ((posts, "post_id"), (replies, "reply_id")):
        ids = [obj.pk for obj in objects]
        if not ids:
            continue
        counts, mine = defaultdict(dict), defaultdict(set)
        mine_filter = Q(user=viewer) if viewer.is_authenticated else Q(pk__in=[])
        rows = (
            Reaction.objects.filter(**{f"{column}__in": ids})
            .values(column, "kind")
            .annotate(n=Count("id"), by_viewer=Count("id", filter=mine_filter))
            .order_by()
        )
        for row in rows:
            counts[row[column]][row["kind"]] = row["n"]
            if row["by_viewer"]:
                mine[row[column]].add(row["kind"])
        for obj in objects:
            obj.reaction_buttons = reaction_buttons_for(counts=counts[obj.pk], mine=mine[obj.pk])


def reaction_buttons(*, viewer, post=None, reply=None) -> list[ReactionButton]:
    """The reaction buttons of one post or reply (after a toggle)."""
    target = post if post is not None else reply
    if post is not None:
        attach_reactions(viewer=viewer, posts=[post])
    else:
        attach_reactions(viewer=viewer, replies=[reply])
    return target.reaction_buttons
