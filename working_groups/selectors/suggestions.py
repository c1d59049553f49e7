"""What the composer and the search form suggest: tags in use, and members to mention."""

from django.db.models import OuterRef, Subquery
from taggit.models import Tag, TaggedItem

from members.models import User
from working_groups.access import readable_group_ids
from working_groups.models import Post

# A name is at most this long (members.models.User.name): a longer search matches nobody.
_LONGEST_NAME = User._meta.get_field("name").max_length


def popular_tags(*, viewer, group_ids=None, limit: int = 100) -> list[str]:
    """The names of the tags on posts the viewer may read, for the tag field's suggestions: a
    closed group's tags are its own business. `group_ids`: the viewer's readable groups, when
    the page has them already (readable_group_ids); else looked up here."""
    if group_ids is None:
        group_ids = readable_group_ids(viewer=viewer)
    readable = Post.objects.filter(group_id__in=group_ids, deleted_at=None, hidden_at=None)
    # Tag by tag, the first readable post that carries it (a subquery with a LIMIT, which
    # PostgreSQL runs once a tag and stops at its first row): a DISTINCT over the tagged posts,
    # or an EXISTS it turns into a join, read every tagged post (29 to 50 ms at twenty times
    # the demo data, growing with the posts; bench/pages.py's search page).
    first_readable = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type__app_label="working_groups",
        content_type__model="post",
        object_id__in=readable.values("id"),
    ).values("pk")[:1]
    return list(
        Tag.objects.annotate(first_readable=Subquery(first_readable))
        .filter(first_readable__isnull=False)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


def mention_suggestions(*, search: str, limit: int = 8) -> list[User]:
    """Members whose name matches what was typed after @."""
    search = search.strip().lstrip("@")
    # PostgreSQL refuses text with a NUL in it, and no name holds one: whatever was typed,
    # the answer is a list, empty when nobody can match.
    if not 2 <= len(search) <= _LONGEST_NAME or "\x00" in search:
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
