"""What keeps search's page from growing with the data (bench/pages.py at twenty times it).

Its GIN indexes hold every post, reply and library item as soon as it is written: with GIN's
default `fastupdate`, new entries wait in a pending list that every search reads whole until a
vacuum merges it (12 to 24 ms a search at twenty times the demo data, and PostgreSQL scanned
the tables instead; working_groups 0010, library 0002). Its form's tag suggestions look up each
tag's first readable post rather than reading every tagged post.
"""

import pytest
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from tests.factories import make_post
from working_groups import selectors, services

SEARCH_INDEXES = ["wg_post_search", "wg_reply_search", "library_item_search"]


def _options(index: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [index])
        (options,) = cursor.fetchone()
    return options or []


@pytest.mark.django_db
@pytest.mark.parametrize("index", SEARCH_INDEXES)
def test_search_indexes_take_each_row_in_at_once(index):
    assert "fastupdate=off" in _options(index)


def test_a_post_and_a_reply_are_found_the_moment_they_are_written(member_client, in_group, group):
    post = make_post(group=group, author=in_group, body="Our quarterly roadmap template")
    services.reply_create(post=post, author=in_group, body="A roadmap review", notify=False)
    page = member_client.get(reverse("working_groups:search"), {"q": "roadmap"})
    assert page.status_code == 200
    assert page.content.decode().count('<p class="wg-snippet">') == 2


# --- The search form's tags: one subquery a tag, not a read of every tagged post ---------------


def test_tag_suggestions_are_the_used_tags_by_name_in_one_query(
    in_group, group, django_assert_num_queries
):
    make_post(group=group, author=in_group, body="Planning", tags=["zeta", "alpha"])
    make_post(group=group, author=in_group, body="Again", tags=["alpha"])
    deleted = make_post(group=group, author=in_group, body="Gone", tags=["gone"])
    services.post_delete(post=deleted, user=in_group)
    Tag.objects.create(name="unused", slug="unused")
    # One query: the tags by name, each with its first readable post (a subquery).
    with django_assert_num_queries(1):
        assert selectors.popular_tags(viewer=in_group, group_ids=[group.pk]) == ["alpha", "zeta"]
    assert selectors.popular_tags(viewer=in_group, group_ids=[group.pk], limit=1) == ["alpha"]
    assert selectors.popular_tags(viewer=in_group, group_ids=[]) == []
