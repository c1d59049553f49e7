"""A member's profile lists what they wrote and curated: published items only, where their
credit is accepted, in a fixed number of queries (members.contributions' hook)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from library.models import Item
from library.selectors.writing import profile_sections as library_sections
from library.services import writing
from members.contributions import profile_sections
from tests.factories import MemberFactory
from tests.library.conftest import reading_published
from tests.library.test_writing_services import writing_article, writing_link

pytestmark = pytest.mark.django_db


def _profile(client, viewer, member):
    client.force_login(viewer)
    return client.get(reverse("members:profile", args=[member.pk])).content.decode()


def test_the_library_registers_its_blocks_with_the_members_hook():
    assert library_sections in profile_sections


def test_the_profile_lists_published_articles_and_links_with_accepted_credits(client):
    author, coauthor = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    article = reading_published(author=author, coauthors=[coauthor], title="Roadmap standards")
    link = reading_published(kind="link", author=author, title="Being Glue")
    writing_article(author, title="A private draft")
    pending = writing_article(MemberFactory(), title="Not accepted yet")
    writing.credit_invite(item=pending, member=author, invited_by=pending.created_by)
    viewer = MemberFactory()

    page = _profile(client, viewer, author)
    assert "<h2" in page and ">Wrote</h2>" in page and ">Curated</h2>" in page
    assert article.get_absolute_url() in page and link.get_absolute_url() in page
    assert "min read" in page and "Curated link · example.com" in page
    assert "A private draft" not in page and "Not accepted yet" not in page
    coauthor_page = _profile(client, viewer, coauthor)
    assert "Roadmap standards" in coauthor_page and ">Curated</h2>" not in coauthor_page


def test_a_withdrawn_item_leaves_the_profile(client):
    author = MemberFactory()
    item = reading_published(author=author, title="Soon withdrawn")
    Item.objects.filter(pk=item.pk).update(status=Item.Status.WITHDRAWN)
    page = _profile(client, MemberFactory(), author)
    assert "Soon withdrawn" not in page and ">Wrote</h2>" not in page


def test_a_profile_without_publications_has_no_empty_blocks(client):
    member = MemberFactory()
    writing_link(member)
    page = _profile(client, MemberFactory(), member)
    assert ">Wrote</h2>" not in page and ">Curated</h2>" not in page


def _published_many(author, count):
    now = timezone.now()
    for number in range(count):
        make = writing_article if number % 2 else writing_link
        item = make(author, title=f"Published {number}")
        Item.objects.filter(pk=item.pk).update(
            status=Item.Status.PUBLISHED, slug=f"published-{item.pk}", published_at=now
        )


@pytest.mark.parametrize("count", [10, 200])
def test_the_profile_takes_the_same_queries_for_few_and_many_items(
    client, django_assert_num_queries, count
):
    author = MemberFactory()
    _published_many(author, count)
    client.force_login(MemberFactory())
    # The viewer with their profile (the session is in the cache), the profile shown with its
    # user, and the library's published credits with their items; the bell's unread count.
    with django_assert_num_queries(4):
        page = client.get(reverse("members:profile", args=[author.pk])).content.decode()
    assert page.count("Published ") == count
