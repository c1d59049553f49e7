"""The baselines the benchmarks compare the site's pages with.

`plain`: the cheapest response the site's stack gives, through every middleware with no
database and no template: the most requests a second the survey's pages could reach.

`bare_feed`: the same 20 posts as the feed in one query, nothing else checked.

It renders the feed's own post card inside the site's own page, so the difference between the
two pages is what the real feed spends on access checks, pinned posts, the composer and the
ORM's separate queries for tags and reactions, and the group's sidebar.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from working_groups.models import Post
from working_groups.selectors import reaction_buttons_for

SQL = """
SELECT p.id, p.title, p.body_markdown, p.body_html, p.created_at, p.edited_at, p.reply_count,
       p.author_id, u.name, u.email,
       (SELECT array_agg(t.name ORDER BY t.name) FROM taggit_taggeditem ti
          JOIN taggit_tag t ON t.id = ti.tag_id
         WHERE ti.object_id = p.id AND ti.content_type_id = %(ct)s),
       (SELECT array_agg(r.kind || ':' || r.n) FROM (
          SELECT kind, count(*) AS n FROM working_groups_reaction
           WHERE post_id = p.id GROUP BY kind) r),
       (SELECT array_agg(kind) FROM working_groups_reaction
         WHERE post_id = p.id AND user_id = %(viewer)s)
  FROM working_groups_post p
  JOIN members_user u ON u.id = p.author_id
 WHERE p.group_id = (SELECT id FROM working_groups_workinggroup WHERE slug = %(slug)s)
   AND p.deleted_at IS NULL AND p.hidden_at IS NULL
 ORDER BY p.is_pinned DESC, p.last_activity_at DESC, p.id DESC
 LIMIT 20
"""
_content_type = {}


@dataclass
class Author:
    pk: int
    name: str

    @property
    def display_name(self):
        return self.name

    @property
    def initials(self):
        return "".join(word[0] for word in self.name.split()[:2]).upper()


@dataclass
class BarePost:
    pk: int
    title: str
    body_markdown: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    reply_count: int
    author_id: int
    author: Author
    tag_names: list
    reaction_buttons: list
    is_pinned: bool = False
    is_locked: bool = False
    is_hidden: bool = False

    def get_absolute_url(self):
        return reverse("working_groups:post", args=[self.pk])


def plain(request):
    return HttpResponse("ok", content_type="text/plain")


def bare_feed(request, slug):
    if "ct" not in _content_type:
        _content_type["ct"] = ContentType.objects.get_for_model(Post).pk
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"ct": _content_type["ct"], "viewer": request.user.pk, "slug": slug})
        rows = cursor.fetchall()
    posts = []
    for row in rows:
        counts = dict(item.split(":") for item in row[11] or [])
        buttons = reaction_buttons_for(counts=counts, mine=set(row[12] or []))
        posts.append(
            BarePost(
                pk=row[0], title=row[1], body_markdown=row[2], body_html=row[3],
                created_at=row[4], edited_at=row[5], reply_count=row[6], author_id=row[7],
                author=Author(row[7], row[8]), tag_names=row[10] or [], reaction_buttons=buttons,
            )
        )  # fmt: skip
    return render(request, "bench/bare_feed.html", {"posts": posts, "can_post": True})
