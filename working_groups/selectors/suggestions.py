"""What the composer and the search form suggest: tags in use, and members to mention."""

from taggit.models import Tag

from members.models import User


def popular_tags(limit: int = 100) -> list[str]:
    """Existing tag names, for the tag field's suggestions."""
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:limit])


def mention_suggestions(*, search: str, limit: int = 8) -> list[User]:
    """Members whose name matches what was typed after @."""
    search = search.strip().lstrip("@")
    if len(search) < 2:
        return []
    # Members who keep out of the directory are not offered either (they can still be
    # mentioned by someone who knows their name).
    return list(
        User.objects.filter(
            name__icontains=search,
            deleted_at=None,
            profile__member_since__isnull=False,
            profile__show_in_directory=True,
        ).order_by("name")[:limit]
    )
