"""What a query string can carry: a NUL byte (PostgreSQL refuses it in text), a very long
string, digits that are not ASCII. Each page answers normally; none reaches the database with
what it cannot take. And the tags the composer suggests come from posts the viewer reads."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import selectors, services

pytestmark = pytest.mark.django_db

NUL_AND_LONG = ["\x00", "ana\x00", "%00", "x" * 10_000, "\x00" * 10_000]


@pytest.mark.parametrize("q", NUL_AND_LONG)
def test_mention_suggestions_answer_an_empty_list_to_any_query(member_client, q):
    MemberFactory(name="Ana Lima")
    response = member_client.get(reverse("working_groups:mention_suggestions"), {"q": q})
    assert response.status_code == 200
    assert "Ana Lima" not in response.content.decode()


def test_a_raw_nul_in_the_mention_query_string_is_answered(member_client):
    response = member_client.get(reverse("working_groups:mention_suggestions") + "?q=an%00a")
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["q", "tag", "group"])
@pytest.mark.parametrize("value", NUL_AND_LONG)
def test_search_refuses_a_nul_or_an_overlong_field_with_a_message(member_client, field, value):
    response = member_client.get(reverse("working_groups:search"), {field: value})
    assert response.status_code == 200


def test_search_says_why_it_refused_a_nul(member_client):
    response = member_client.get(reverse("working_groups:search") + "?q=plan%00ning")
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("after", ["\x00", "1.2.\x00", "x" * 10_000, "1." + "9" * 400 + ".1"])
def test_the_feed_ignores_a_cursor_it_cannot_read(member_client, group, in_group, after):
    make_post(group=group, author=in_group, body="Still here")
    response = member_client.get(group.get_absolute_url(), {"after": after})
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


@pytest.mark.parametrize("quote", ["\x00", "²", "٣", "9" * 40, "x" * 10_000])
def test_a_post_ignores_a_quote_it_cannot_read(member_client, group, in_group, quote):
    post = make_post(group=group, author=in_group, body="Still here")
    response = member_client.get(post.get_absolute_url(), {"quote": quote})
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


# --- Tag suggestions --------------------------------------------------------------------------


def _tags_in_closed_and_open_groups():
    lead = MemberFactory(name="Lena Lead")
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    open_group = make_group(name="Process", leads=[lead])
    make_post(group=closed, author=lead, body="Layoffs", tags=["restructuring-2027"])
    make_post(group=open_group, author=lead, body="Planning", tags=["roadmaps"])
    hidden = make_post(group=open_group, author=lead, body="Spam", tags=["buy-now"])
    services.post_hide(post=hidden, by=lead)
    return lead, open_group


def test_tag_suggestions_hold_only_tags_of_posts_the_viewer_reads(member):
    lead, _ = _tags_in_closed_and_open_groups()
    assert selectors.popular_tags(viewer=member) == ["roadmaps"]
    assert selectors.popular_tags(viewer=lead) == ["restructuring-2027", "roadmaps"]


def test_the_composer_does_not_offer_a_closed_groups_tags(member_client, member):
    _, open_group = _tags_in_closed_and_open_groups()
    join(open_group, member)
    page = member_client.get(reverse("working_groups:post_create", args=[open_group.slug]))
    assert '<option value="roadmaps">' in page.content.decode()
    assert "restructuring-2027" not in page.content.decode()


def test_the_search_form_does_not_offer_a_closed_groups_tags(member_client):
    _tags_in_closed_and_open_groups()
    page = member_client.get(reverse("working_groups:search")).content.decode()
    assert '<option value="roadmaps">' in page
    assert "restructuring-2027" not in page
    assert "buy-now" not in page
