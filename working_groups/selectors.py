from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from alliance.access import can_moderate, remember_membership
from members.models import User
from working_groups.models import (
    REACTION_EMOJI,
    GroupMembership,
    Post,
    Reaction,
    ReactionKind,
    Reply,
    Report,
    WorkingGroup,
)

FEED_PAGE_SIZE = 20
SEARCH_LIMIT = 30
SEARCH_CONFIG = "english"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --- Groups -----------------------------------------------------------------------------------


def group_index(*, viewer) -> list[WorkingGroup]:
    """Every group, with the counts kept on it and the viewer's membership as `.mine`."""
    groups = list(WorkingGroup.objects.order_by("name"))
    mine = {}
    if viewer.is_authenticated:
        mine = {
            m.group_id: m
            for m in GroupMembership.objects.filter(user=viewer).only("group", "state", "role")
        }
    for group in groups:
        group.mine = mine.get(group.pk)
    return groups


def group_people(*, group, viewer) -> list[User]:
    """The group's leads, in one query that also finds the viewer's own membership.

    The viewer's membership is handed to the access helpers so they need not look again.
    """
    who = Q(role=GroupMembership.Role.LEAD, state=GroupMembership.State.ACTIVE)
    if viewer.is_authenticated:
        who |= Q(user=viewer)
    memberships = list(
        GroupMembership.objects.filter(who, group=group)
        .select_related("user")
        .order_by("user__name")
    )
    mine = next((m for m in memberships if m.user_id == viewer.pk), None)
    remember_membership(viewer, group, mine)
    return [m.user for m in memberships if m.is_lead]


# --- Reactions, shared by the feed and the thread ---------------------------------------------


@dataclass
class ReactionButton:
    kind: str
    label: str
    emoji: str
    count: int
    mine: bool


def _attach_reactions(*, viewer, posts=(), replies=()) -> None:
    """Give each post and reply `.reaction_buttons`: one query per kind of target."""
    counts = defaultdict(int)
    mine = set()
    for objects, column in ((posts, "post_id"), (replies, "reply_id")):
        ids = [obj.pk for obj in objects]
        if not ids:
            continue
        mine_filter = Q(user=viewer) if viewer.is_authenticated else Q(pk__in=[])
        rows = (
            Reaction.objects.filter(**{f"{column}__in": ids})
            .values(column, "kind")
            .annotate(n=Count("id"), by_viewer=Count("id", filter=mine_filter))
            .order_by()
        )
        for row in rows:
            counts[(column, row[column], row["kind"])] = row["n"]
            if row["by_viewer"]:
                mine.add((column, row[column], row["kind"]))
        for obj in objects:
            obj.reaction_buttons = [
                ReactionButton(
                    kind=kind,
                    label=kind.label,
                    emoji=REACTION_EMOJI[kind],
                    count=counts[(column, obj.pk, kind.value)],
                    mine=(column, obj.pk, kind.value) in mine,
                )
                for kind in ReactionKind
            ]


def _buttons_from_lists(labels, mine) -> list[ReactionButton]:
    counts = dict(label.split(":") for label in labels)
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


def reaction_buttons(*, viewer, post=None, reply=None) -> list[ReactionButton]:
    """The reaction buttons of one post or reply (after a toggle)."""
    target = post if post is not None else reply
    if post is not None:
        _attach_reactions(viewer=viewer, posts=[post])
    else:
        _attach_reactions(viewer=viewer, replies=[reply])
    return target.reaction_buttons


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
_FEED_COLUMNS = ", ".join(
    [*(f"post.{name}" for name in _FEED_POST_FIELDS), *(f"author.{n}" for n in _FEED_AUTHOR_FIELDS)]
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
 WHERE post.group_id = %(group)s AND post.deleted_at IS NULL{conditions}
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


def _feed_rows(*, group, viewer, after, limit) -> list[Post]:
    conditions = "" if can_moderate(viewer, group) else " AND post.hidden_at IS NULL"
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
    for row in rows:
        post = Post.from_db(connection.alias, _FEED_POST_FIELDS, row[:split])
        post.author = User.from_db(connection.alias, _FEED_AUTHOR_FIELDS, row[split:-3])
        tags, counts, mine = row[-3:]
        post.tag_names = tags
        post.reaction_buttons = _buttons_from_lists(counts, mine)
        posts.append(post)
    return posts


def group_feed(
    *, group: WorkingGroup, viewer, cursor: str = "", size: int = FEED_PAGE_SIZE
) -> FeedPage:
    """One page of the feed: pinned posts first, then the rest by latest activity.

    Keyset pagination over (pinned, last activity, id), the order of the `wg_post_feed`
    index: the next page starts after the last post shown, so a page costs the same at any
    depth and never skips or repeats a post when new activity arrives between pages.
    The feed is the hub's busiest page: one query, with everything its cards show.
    """
    after = decode_cursor(cursor) if cursor else None
    rows = _feed_rows(group=group, viewer=viewer, after=after, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    return FeedPage(posts=rows, next_cursor=encode_cursor(rows[-1]) if more else "")


def post_thread(*, post: Post, viewer) -> list[Reply]:
    """A post's replies in order, with their reactions; hidden ones only for moderators.

    Deleted replies stay in the list as a placeholder so quotes keep their place.
    """
    replies = Reply.objects.filter(post=post).select_related("author", "quoted__author")
    if not can_moderate(viewer, post.group):
        replies = replies.filter(hidden_at=None)
    replies = list(replies.order_by("created_at", "id"))
    _attach_tags([post])
    _attach_reactions(viewer=viewer, posts=[post], replies=replies)
    return replies


def post_thread_reply(*, reply: Reply, viewer) -> Reply:
    """A reply just written, ready to be added to its thread in place."""
    _attach_reactions(viewer=viewer, replies=[reply])
    return reply


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


# --- Moderation -------------------------------------------------------------------------------


@dataclass
class ModerationQueue:
    reports: list[Report]
    requests: list[GroupMembership]
    hidden_posts: list[Post]
    hidden_replies: list[Reply]


def moderation_queue(*, group: WorkingGroup) -> ModerationQueue:
    """What a group's leads have to look at: open reports, join requests, hidden items."""
    reports = list(
        Report.objects.filter(group=group, resolved_at=None)
        .select_related("reporter", "post__author", "reply__author", "reply__post")
        .order_by("created_at", "id")[:100]
    )
    requests = list(
        GroupMembership.objects.filter(group=group, state=GroupMembership.State.REQUESTED)
        .select_related("user__profile")
        .order_by("requested_at")
    )
    hidden_posts = list(
        Post.objects.filter(group=group, deleted_at=None)
        .exclude(hidden_at=None)
        .select_related("author", "hidden_by")
        .order_by("-hidden_at")[:50]
    )
    hidden_replies = list(
        Reply.objects.filter(post__group=group, deleted_at=None)
        .exclude(hidden_at=None)
        .select_related("author", "hidden_by", "post")
        .order_by("-hidden_at")[:50]
    )
    return ModerationQueue(reports, requests, hidden_posts, hidden_replies)


# --- Search -----------------------------------------------------------------------------------

# Private-use characters mark the matches in PostgreSQL's headline; the text around them is
# escaped before they become <mark>, so a member's text can never smuggle markup in.
_START, _STOP = "\ue000", "\ue001"


def _snippet(text: str) -> str:
    escaped = str(conditional_escape(text))
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def readable_group_ids(*, viewer) -> list[int]:
    """Groups whose feed the viewer reads: open ones and their own (all of them for staff)."""
    if viewer.is_staff:
        return list(WorkingGroup.objects.values_list("id", flat=True))
    # A union of two indexed lookups; an OR across the memberships join reads them all.
    open_groups = WorkingGroup.objects.filter(join_policy=WorkingGroup.JoinPolicy.OPEN).values_list(
        "id", flat=True
    )
    own_groups = GroupMembership.objects.filter(
        user=viewer, state=GroupMembership.State.ACTIVE
    ).values_list("group_id", flat=True)
    return sorted(set(open_groups.union(own_groups)))


@dataclass
class SearchHit:
    kind: str  # "post" or "reply"
    post: Post
    reply: Reply | None
    snippet: str
    rank: float


def search(
    *, viewer, text: str, group_slug: str = "", tag: str = "", limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """The best-matching posts and replies the viewer may read, with highlighted snippets."""
    text = text.strip()
    if not text and not tag:
        return []
    group_ids = readable_group_ids(viewer=viewer)
    if not text:
        return _tagged(group_ids=group_ids, group_slug=group_slug, tag=tag, limit=limit)
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    headline = {
        "start_sel": _START,
        "stop_sel": _STOP,
        "max_words": 30,
        "min_words": 12,
        "config": SEARCH_CONFIG,
    }
    posts = Post.objects.filter(
        search_vector=query, group_id__in=group_ids, deleted_at=None, hidden_at=None
    )
    replies = Reply.objects.filter(
        search_vector=query,
        post__group_id__in=group_ids,
        deleted_at=None,
        hidden_at=None,
        post__deleted_at=None,
        post__hidden_at=None,
    )
    if group_slug:
        posts = posts.filter(group__slug=group_slug)
        replies = replies.filter(post__group__slug=group_slug)
    if tag:
        posts = posts.filter(tags__name=tag)
        replies = replies.filter(post__tags__name=tag)
    # The best `limit` are picked from the index's matches first; only those are then joined
    # to their groups and authors and given a snippet, however many rows match a common word.
    rank = SearchRank(F("search_vector"), query)
    best_posts = posts.annotate(rank=rank).order_by("-rank", "-id").values("pk")[:limit]
    best_replies = replies.annotate(rank=rank).order_by("-rank", "-id").values("pk")[:limit]
    posts = (
        Post.objects.filter(pk__in=best_posts)
        .annotate(rank=rank, headline=SearchHeadline("body_markdown", query, **headline))
        .select_related("group", "author")
        .order_by("-rank", "-id")
    )
    replies = (
        Reply.objects.filter(pk__in=best_replies)
        .annotate(rank=rank, headline=SearchHeadline("body_markdown", query, **headline))
        .select_related("post__group", "author")
        .order_by("-rank", "-id")
    )
    hits = [SearchHit("post", p, None, _snippet(p.headline), p.rank) for p in posts]
    hits += [SearchHit("reply", r.post, r, _snippet(r.headline), r.rank) for r in replies]
    hits.sort(key=lambda hit: -hit.rank)
    return hits[:limit]


def _tagged(*, group_ids, group_slug, tag, limit) -> list[SearchHit]:
    """With a tag and no words: the tag's most recently active posts."""
    posts = Post.objects.filter(
        tags__name=tag, group_id__in=group_ids, deleted_at=None, hidden_at=None
    )
    if group_slug:
        posts = posts.filter(group__slug=group_slug)
    posts = posts.select_related("group", "author").order_by("-last_activity_at", "-id")[:limit]
    return [
        SearchHit("post", post, None, _snippet(post.body_markdown[:280]), 0.0) for post in posts
    ]


# --- Weekly digest ----------------------------------------------------------------------------


@dataclass
class DigestGroup:
    group: WorkingGroup
    posts: list[Post]
    new_posts: int


def digest_for(*, user, week_start, per_group: int = 5) -> list[DigestGroup]:
    """The week's busiest conversations in each group the member belongs to."""
    start = datetime.combine(week_start, datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=7)
    groups = WorkingGroup.objects.filter(
        memberships__user=user, memberships__state=GroupMembership.State.ACTIVE
    ).order_by("name")
    found = []
    for group in groups:
        week = Post.objects.filter(
            group=group,
            deleted_at=None,
            hidden_at=None,
            last_activity_at__gte=start,
            last_activity_at__lt=end,
        )
        posts = list(week.select_related("author").order_by("-reply_count", "-id")[:per_group])
        if posts:
            found.append(DigestGroup(group, posts, week.filter(created_at__gte=start).count()))
    return found
