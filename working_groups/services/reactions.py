"""Reactions: a member of the group toggles one of the fixed kinds on a post or a reply."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from members.models import User
from working_groups import notifying
from working_groups.access import UNKNOWN, InHand, can_post_in
from working_groups.models import Post, Reaction, ReactionKind, Reply


def reaction_toggle(
    *,
    user: User,
    kind: str,
    post: Post | None = None,
    reply: Reply | None = None,
    membership: InHand = UNKNOWN,
    notify: bool = True,
) -> bool:
    """Add the member's reaction of this kind (its author is told, in the app), or take it back
    (nobody is told); True when it is now on.

    `membership`: the member's membership of the group, when the caller has it in hand;
    `notify=False` (demo data, imports) tells nobody, as for posts and replies.
    """
    if kind not in ReactionKind.values:
        raise ValidationError("Unknown reaction.")
    group = post.group if post is not None else reply.post.group
    if not can_post_in(user, group, membership):
        raise PermissionDenied("Join this group to react in it.")
    target = {"post": post} if post is not None else {"reply": reply}
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(user=user, kind=kind, **target).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                reaction = Reaction.objects.create(user=user, kind=kind, **target)
        except IntegrityError:
            return True  # a double click raced this one, and told the author; it is on
        if notify:
            notifying.reaction_added(
                reaction=reaction, post=post if post is not None else reply.post, reply=reply
            )
    return True
