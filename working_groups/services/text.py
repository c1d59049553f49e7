"""What members write in the groups: a body's limits, its rendering through alliance.text's
pipeline (told which members may be @mentioned), and the mentions it records."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from alliance import text
from members.models import User
from working_groups.models import Mention

MAX_BODY = 20_000


def clean_body(body: str) -> str:
    """A post's or reply's text as stored: trimmed, not empty, not too long."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something before you send it."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"Keep it under {MAX_BODY:,} characters."})
    return body


def _mentionable_members(first_words: set[str]) -> list[text.Mentionable]:
    """Members whose name starts with one of the words: the people a text may mention."""
    by_first = Q()
    for first in first_words:
        by_first |= Q(name__istartswith=first)
    return [
        text.Mentionable(name=user.name, url=reverse("members:profile", args=[user.pk]), who=user)
        for user in User.objects.filter(
            by_first, deleted_at=None, profile__member_since__isnull=False
        )
    ]


def render_body(body: str) -> text.Rendered:
    """What a member wrote, the one way every post and reply takes: cleaned (`.source`),
    rendered (`.html`), and the members it mentions found (`.mentioned`: users)."""
    return text.render(clean_body(body), mentionable=_mentionable_members)


def record_mentions(*, users, author, post=None, reply=None) -> list[Mention]:
    """Record who a post or reply mentions (not the author, nobody twice); the new ones are
    returned, for the caller to tell (working_groups.notifying)."""
    target = {"post": post} if post is not None else {"reply": reply}
    already = set(Mention.objects.filter(**target).values_list("user_id", flat=True))
    # No ignore_conflicts: the caller's transaction makes a conflict (the same edit saved
    # twice at once) fail loudly rather than tell the second save's mentions as new.
    return Mention.objects.bulk_create(
        [
            Mention(user=user, mentioned_by=author, **target)
            for user in users
            if user.pk != author.pk and user.pk not in already
        ]
    )
