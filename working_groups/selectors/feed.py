"""A group's feed, page by page, and a post's thread."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from taggit.models import TaggedItem

from members.models import Profile, User
from working_groups.access import UNKNOWN, can_moderate
from working_groups.models import Post, Reply, WorkingGroup
from working_groups.selectors.reactions import attach_reactions, reaction_buttons_for

FEED_PAGE_SIZE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _attach_tags(posts) -> None:
    """Give each post `.tag_names`, in one query (lighter than taggit's prefetch)."""
    names = defaultdict(list)
    rows = (
        TaggedItem.objects.filter(
            content_type__app_label="working_groups",
            content_type__model="post",
            object_id__in=[post.pk for post in posts],
        )
        .order_by("tag__name")
        .values_list("object_id", "tag__name")
    )
    for post_id, name in rows:
        names[post_id].append(name)
    for post in posts:
        post.tag_names = names[post.pk]


# --- The feed ---------------------------------------------------------------------------------


def encode_cursor(post: Post) -> str:
    micros = (post.last_activity_at - _EPOCH) // timedelta(microseconds=1)
    return f"{int(post.is_pinned)}.{micros}.{post.pk}"


def decode_cursor(cursor: str) -> tuple[bool, datetime, int] | None:
    try:
        pinned, micros, post_id = (int(part) for part in cursor.split(".", 2))
        return bool(pinned), _EPOCH + timedelta(microseconds=micros), post_id
    except (ValueError, OverflowError):
        return None


@dataclass
class FeedPage:
    posts: list[Post] = field(default_factory=list)
    next_cursor: str = ""


# The feed's query, written out. Built by the ORM it took 2.8 ms a page, of which PostgreSQL's
# share was 1 ms: building, compiling and loading it cost more than running it. Written out
# it takes 1.5 ms (bench/working_groups_feed.py, measured in-process). Posts and authors still
# come back as model instances, so everything that shows a post works on them. One small
# subquery a row gives its tags, its reaction counts and the viewer's own reactions.
_FEED_POST_FIELDS = (
    "id",
    "group_id",
    "author_id",
    "title",
    "body_markdown",
    "body_html",
    "created_at",
    "edited_at",
    "last_activity_at",
    "reply_count",
    "is_pinned",
    "is_locked",
    "hidden_at",
    "hidden_by_id",
    "deleted_at",
)
_FEED_AUTHOR_FIELDS = ("id", "email", "name", "deleted_at")
# What a card needs of the author's profile: whether their name links to it.
_FEED_PROFILE_FIELDS = ("user_id", "member_since", "show_in_directory")
_FEED_COLUMNS = ", ".join(
    [
        *(f"post.{name}" for name in _FEED_POST_FIELDS),
        *(f"author.{n}" for n in _FEED_AUTHOR_FIELDS),
        *(f"profile.{n}" for n in _FEED_PROFILE_FIELDS),
    ]
)
_FEED_SQL = """
SELECT {columns},
       ARRAY(SELECT tag.name FROM taggit_taggeditem item JOIN taggit_tag tag ON tag.id = item.tag_id
              WHERE item.content_type_id = %(post_type)s AND item.object_id = post.id
              ORDER BY tag.name),
       ARRAY(SELECT reaction.kind || ':' || count(*) FROM working_groups_reaction reaction
              WHERE reaction.post_id = post.id GROUP BY reaction.kind),
       ARRAY(SELECT reaction.kind FROM working_groups_reaction reaction
              WHERE reaction.post_id = post.id AND reaction.user_id = %(viewer)s)
  FROM working_groups_post post JOIN members_user author ON author.id = post.author_id
       LEFT JOIN members_profile profile ON profile.user_id = author.id
 WHERE post.group_id = %(group)s AND (post.deleted_at IS NULL OR post.reply_count > 0){conditions}
 ORDER BY post.is_pinned DESC, post.last_activity_at DESC, post.id DESC
 LIMIT %(limit)s
"""
# The redundant "<= at" lets PostgreSQL start the index scan at the cursor instead of
# filtering its way down to it.
_OLDER = "post.last_activity_at <= %(at)s AND (post.last_activity_at, post.id) < (%(at)s, %(id)s)"
_FEED_AFTER = {
    True: f" AND (post.is_pinned AND {_OLDER} OR NOT post.is_pinned)",
    False: f" AND NOT post.is_pinned AND {_OLDER}",
}


def _feed_rows(*, group, viewer, membership, after, limit) -> list[Post]:
    moderator = can_moderate(viewer, group, membership)
    conditions = "" if moderator else " AND post.hidden_at IS NULL"
    params = {
        "post_type": ContentType.objects.get_for_model(Post).pk,
        # No one's reactions for a visitor: "= NULL" matches no row.
        "viewer": viewer.pk,
        "group": group.pk,
        "limit": limit,
    }
    if after is not None:
        pinned, params["at"], params["id"] = after
        conditions += _FEED_AFTER[pinned]
    with connection.cursor() as cursor:
        cursor.execute(_FEED_SQL.format(columns=_FEED_COLUMNS, conditions=conditions), params)
        rows = cursor.fetchall()
    posts, split = [], len(_FEED_POST_FIELDS)
    profile_at = split + len(_FEED_AUTHOR_FIELDS)
    for row in rows:
        post = Post.from_db(connection.alias, _FEED_POST_FIELDS, row[:split])
        post.author = User.from_db(connection.alias, _FEED_AUTHOR_FIELDS, row[split:profile_at])
        profile_row = row[profile_at:-3]
        profile = None
        if profile_row[0] is not None:
            profile = Profile.from_db(connection.alias, _FEED_PROFILE_FIELDS, profile_row)
        User.profile.related.set_cached_value(post.author, profile)
        tags, counts, mine = row[-3:]
        post.tag_names = tags
        post.reaction_buttons = reaction_buttons_for(
            counts=dict(label.split(":") for label in counts), mine=mine
        )
        posts.append(post)
    return posts


def group_feed(
    *,
    group: WorkingGroup,
    viewer,
    membership=UNKNOWN,
    cursor: str = "",
    size: int = FEED_PAGE_SIZE,
) -> FeedPage:
    """One page of the feed: pinned posts first, then the rest by latest activity.

    Keyset pagination over (pinned, last activity, id), the order of the `wg_post_feed`
    index: the next page starts after the last post shown, so a page costs the same at any
    depth and never skips or repeats a post when new activity arrives between pages.
    The feed is the hub's busiest page: one query, with everything its cards show (and one for
    the viewer's membership, when it is not handed in: moderators also see hidden posts).
    """
    after = decode_cursor(cursor) if cursor else None
    rows = _feed_rows(
        group=group, viewer=viewer, membership=membership, after=after, limit=size + 1
    )
    more = len(rows) > size
    rows = rows[:size]
    return FeedPage(posts=rows, next_cursor=encode_cursor(rows[-1]) if more else "")


# --- The thread -------------------------------------------------------------------------------


def post_thread(*, post: Post, viewer, membership=UNKNOWN) -> list[Reply]:
    """A post's replies in order, with their reactions; hidden ones only for moderators.

    Deleted replies stay in the list as a placeholder so quotes keep their place.
    """
    replies = Reply.objects.filter(post=post).select_related("author__profile", "quoted__author")
    if not can_moderate(viewer, post.group, membership):
        replies = replies.filter(hidden_at=None)
    replies = list(replies.order_by("created_at", "id"))
    _attach_tags([post])
    attach_reactions(viewer=viewer, posts=[post], replies=replies)
    return replies


def post_thread_reply(*, reply: Reply, viewer) -> Reply:
    """A reply just written, ready to be added to its thread in place."""
    attach_reactions(viewer=viewer, replies=[reply])
    return reply
