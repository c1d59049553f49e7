"""Full-text search over the posts and replies a viewer may read, a page at a time."""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from working_groups.access import readable_group_ids
from working_groups.models import Post, Reply

SEARCH_PAGE_SIZE = 20
SEARCH_LIMIT = SEARCH_PAGE_SIZE
# Pages are offered for the best 200 matches: past those, other words find more than paging.
SEARCH_MOST = 200
SEARCH_CONFIG = "english"

# Private-use characters mark the matches in PostgreSQL's headline; the text around them is
# escaped before they become <mark>, so a member's text can never smuggle markup in.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, HighlightAll=false"


def _snippet(text: str) -> str:
    """Plain text from the rendered HTML's text (entities decoded, spaces collapsed), escaped
    again, with the matches marked: no Markdown syntax and no markup of the member's."""
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    escaped = str(conditional_escape(text))
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def _plain_text(body_html):
    """The rendered body without its tags: what a reader sees, not the Markdown typed."""
    return Func(body_html, Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")


class _Headline(Func):
    function = "ts_headline"
    output_field = TextField()

    def __init__(self, query):
        super().__init__(Value(SEARCH_CONFIG), _plain_text(F("body_html")), query, Value(_HEADLINE))


@dataclass
class SearchHit:
    kind: str  # "post" or "reply"
    post: Post
    reply: Reply | None
    snippet: str
    rank: float


class _Matches:
    """The matches of one search as the Paginator sees them: counted up to SEARCH_MOST, and
    sliced by ranking only the best `stop` posts and replies (the LIMIT inside the query),
    then giving a snippet to the page's own hits only."""

    def __init__(self, *, posts, replies, query):
        self.posts, self.replies, self.query = posts, replies, query

    def count(self) -> int:
        posts = self.posts.values("pk")[: SEARCH_MOST + 1]
        replies = self.replies.values("pk")[: SEARCH_MOST + 1]
        posts_sql, posts_params = posts.query.sql_with_params()
        replies_sql, replies_params = replies.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM ({posts_sql}) p), "  # noqa: S608 (Django's SQL)
                f"(SELECT count(*) FROM ({replies_sql}) r)",
                (*posts_params, *replies_params),
            )
            found = sum(cursor.fetchone())
        return min(found, SEARCH_MOST)

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchHit]:
        rank = SearchRank(F("search_vector"), self.query)
        best = self.posts.annotate(rank=rank, kind=Value("post")).values_list("kind", "pk", "rank")
        best_replies = self.replies.annotate(rank=rank, kind=Value("reply"))
        best_replies = best_replies.values_list("kind", "pk", "rank")
        ranked = best.order_by("-rank", "-pk")[: window.stop].union(
            best_replies.order_by("-rank", "-pk")[: window.stop], all=True
        )
        rows = sorted(ranked, key=lambda row: (-row[2], row[0], -row[1]))[window]
        ids = {kind: [pk for k, pk, _ in rows if k == kind] for kind in ("post", "reply")}
        # One query for the page's posts and one for its replies, with their snippets; both
        # run even when the page holds one kind only (`IN (unnest(…))` of no ids is still a
        # query, where `pk__in=[]` is none), so a page's query count is fixed.
        headline = _Headline(self.query)
        found = Post.objects.filter(pk__in=_ids(ids["post"])).select_related("group", "author")
        posts = {p.pk: p for p in found.annotate(headline=headline)}
        found = Reply.objects.filter(pk__in=_ids(ids["reply"]))
        found = found.select_related("post__group", "author").annotate(headline=headline)
        replies = {r.pk: r for r in found}
        hits = []
        for kind, pk, score in rows:
            if kind == "post" and pk in posts:
                hits.append(SearchHit("post", posts[pk], None, _snippet(posts[pk].headline), score))
            elif kind == "reply" and pk in replies:
                reply = replies[pk]
                hits.append(SearchHit("reply", reply.post, reply, _snippet(reply.headline), score))
        return hits


def _ids(ids: list[int]) -> RawSQL:
    return RawSQL("SELECT unnest(%s::bigint[])", [ids])


class _Tagged:
    """With a tag and no words: the tag's most recently active posts."""

    def __init__(self, posts):
        self.posts = posts.select_related("group", "author").order_by("-last_activity_at", "-id")

    def count(self) -> int:
        return min(self.posts.values("pk")[: SEARCH_MOST + 1].count(), SEARCH_MOST)

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchHit]:
        return [
            SearchHit("post", post, None, _snippet(_summary(post.body_html)), 0.0)
            for post in self.posts[window]
        ]


def _summary(body_html: str) -> str:
    return Truncator(html.unescape(strip_tags(body_html))).words(40)


def search_page(
    *, viewer, text: str, group_slug: str = "", tag: str = "", number=1, size=SEARCH_PAGE_SIZE
) -> Page | None:
    """One page of the best-matching posts and replies the viewer may read, with plain-text
    snippets; None when there is nothing to search for."""
    text = text.strip()
    if not text and not tag:
        return None
    group_ids = readable_group_ids(viewer=viewer)
    if not group_ids:
        return Paginator([], size).get_page(number)
    posts = Post.objects.filter(group_id__in=group_ids, deleted_at=None, hidden_at=None)
    if group_slug:
        posts = posts.filter(group__slug=group_slug)
    if tag:
        posts = posts.filter(tags__name=tag)
    if not text:
        matches = _Tagged(posts)
    else:
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        # Replies are found from their own index and kept when their post is one the viewer
        # reads: a semi-join on the post's id, not a join that ranks through every post.
        replies = Reply.objects.filter(
            search_vector=query, deleted_at=None, hidden_at=None, post_id__in=posts.values("pk")
        )
        matches = _Matches(posts=posts.filter(search_vector=query), replies=replies, query=query)
    return Paginator(matches, size).get_page(number)


def search(
    *, viewer, text: str, group_slug: str = "", tag: str = "", limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """The best `limit` hits: the first page of `search_page`."""
    page = search_page(viewer=viewer, text=text, group_slug=group_slug, tag=tag, size=limit)
    return list(page.object_list) if page else []
