"""Search: plain-text snippets, real pages, and a fixed number of queries whatever matches."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_post
from working_groups import services
from working_groups.selectors.search import SEARCH_PAGE_SIZE

MARKDOWN = re.compile(r"\*\*|__|\]\(|^#|`|^\s*[-*] ", re.MULTILINE)


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _snippets(page):
    return re.findall(r'<p class="wg-snippet">(.*?)</p>', page, re.DOTALL)


def test_search_snippets_are_plain_text_without_markdown(member_client, in_group, group):
    body = (
        "# Planning **quarterly** roadmap\n\n"
        "- a [roadmap template](https://example.com/t) for `planning`\n"
        "- _owners_ and dates & R&D"
    )
    post = make_post(group=group, author=in_group, body=body)
    services.reply_create(post=post, author=in_group, body="**Roadmap** `done`", notify=False)
    page = _html(member_client.get(reverse("working_groups:search"), {"q": "roadmap"}))
    snippets = _snippets(page)
    assert len(snippets) == 2
    for snippet in snippets:
        text = re.sub(r"</?mark>", "", snippet)
        assert not MARKDOWN.search(text), snippet
        assert "&amp;amp;" not in text
    assert "<mark>roadmap</mark> template" in " ".join(snippets)


def test_tag_only_snippets_are_plain_text(member_client, in_group, group):
    make_post(group=group, author=in_group, body="**Bold** [link](https://x.example)", tags=["ops"])
    page = _html(member_client.get(reverse("working_groups:search"), {"tag": "ops"}))
    (snippet,) = _snippets(page)
    assert "Bold" in snippet and "link" in snippet
    assert not MARKDOWN.search(snippet)


def _many_matches(group, author, n):
    for i in range(n):
        make_post(group=group, author=author, body=f"planning note {i}")


def test_search_has_a_second_page(member_client, in_group, group):
    _many_matches(group, in_group, SEARCH_PAGE_SIZE + 5)
    url = reverse("working_groups:search")
    first = _html(member_client.get(url, {"q": "planning"}))
    assert len(_snippets(first)) == SEARCH_PAGE_SIZE
    assert 'rel="next"' in first and "page=2" in first
    assert "q=planning" in first.split('rel="next"')[1].split(">")[0]
    second = _html(member_client.get(url, {"q": "planning", "page": 2}))
    assert len(_snippets(second)) == 5
    assert 'rel="prev"' in second
    # The two pages show different hits.
    assert not set(_snippets(first)) & set(_snippets(second))


def test_a_page_past_the_end_shows_the_last_page(member_client, in_group, group):
    _many_matches(group, in_group, 3)
    page = _html(member_client.get(reverse("working_groups:search"), {"q": "planning", "page": 9}))
    assert len(_snippets(page)) == 3


def _search_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        _html(client.get(reverse("working_groups:search"), params))
    return queries


def test_search_ranks_only_what_a_page_needs_in_fixed_queries(member_client, in_group, group):
    post = make_post(group=group, author=in_group, body="planning")
    services.reply_create(post=post, author=in_group, body="planning too", notify=False)
    few = len(_search_queries(member_client, q="planning"))
    for i in range(SEARCH_PAGE_SIZE * 2):
        post = make_post(group=group, author=in_group, body=f"planning {i}")
        services.reply_create(post=post, author=in_group, body="planning again", notify=False)
    many = _search_queries(member_client, q="planning", page=2)
    # session, user, profile, readable groups (form, search), groups, tag suggestions; the
    # capped count of matching posts and replies; the page's best post and reply ids (ranked
    # with a LIMIT inside); the page's posts and its replies with their snippets.
    assert len(many) == few <= 11
    ranked = [q["sql"] for q in many.captured_queries if "ts_rank" in q["sql"]]
    assert ranked and all("LIMIT" in sql for sql in ranked)
    # The replies are found from their own index: no join to every post to rank them.
    parts = [part for sql in ranked for part in sql.split("UNION ALL")]
    reply_ranks = [part for part in parts if 'FROM "working_groups_reply"' in part]
    assert reply_ranks
    for sql in reply_ranks:
        assert 'JOIN "working_groups_post"' not in sql
