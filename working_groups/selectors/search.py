"""Full-text search over the posts and replies a viewer may read."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from working_groups.access import readable_group_ids
from working_groups.models import Post, Reply

SEARCH_LIMIT = 30
SEARCH_CONFIG = "english"

# Private-use characters mark the matches in PostgreSQL's headline; the text around them is
# escaped before they become <mark>, so a member's text can never smuggle markup in.
_START, _STOP = "\ue000", "\ue001"


def _snippet(text: str) -> str:
    escaped = str(conditional_escape(text))
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


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
