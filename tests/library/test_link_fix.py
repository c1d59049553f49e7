"""A flagged curated link is mended, not only withdrawn: its curator or staff point it at its
new address, and the weekly check starts again from there."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from library.models import Item
from library.services.links import link_fix
from tests.factories import MemberFactory, StaffFactory
from tests.library.conftest import reading_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(db):
    return MemberFactory(name="Kenji Watanabe")


@pytest.fixture
def dead_link(curator):
    item = reading_published(kind="link", author=curator, url="https://old.example/essay")
    Item.objects.filter(pk=item.pk).update(
        link_health=Item.LinkHealth.DEAD, link_problem="The page answered 404 Not Found."
    )
    return Item.objects.prefetch_related("credits").get(pk=item.pk)


def test_the_curator_points_a_dead_link_at_its_new_address(dead_link, curator):
    item = link_fix(item=dead_link, user=curator, url="https://www.new.example/essay")
    assert (item.url, item.domain) == ("https://www.new.example/essay", "new.example")
    assert item.link_health == Item.LinkHealth.UNCHECKED
    assert item.link_problem == "" and item.link_checked_at is None


def test_someone_else_may_not_fix_it_and_a_bad_address_is_refused(dead_link):
    with pytest.raises(PermissionDenied):
        link_fix(item=dead_link, user=MemberFactory(), url="https://new.example/")
    with pytest.raises(ValidationError) as refused:
        link_fix(item=dead_link, user=StaffFactory(), url="javascript:alert(1)")
    assert "url" in refused.value.message_dict


def test_the_review_queue_offers_to_fix_a_flagged_link(client, dead_link):
    client.force_login(StaffFactory())
    page = client.get(reverse("library:review_queue")).content.decode()
    assert f'href="{reverse("library:link_fix", args=[dead_link.pk])}"' in page


def test_the_fix_page_keeps_a_bad_address_at_its_field(client, dead_link, curator):
    client.force_login(curator)
    url = reverse("library:link_fix", args=[dead_link.pk])
    page = client.get(url).content.decode()
    assert "The page answered 404 Not Found." in page
    response = client.post(url, {"url": "not an address\x00"})
    assert response.status_code == 400
    assert "not an address" in response.content.decode()
    response = client.post(url, {"url": "https://new.example/essay"})
    assert response.status_code == 302
    assert Item.objects.get(pk=dead_link.pk).url == "https://new.example/essay"


def test_an_articles_credited_author_sees_how_to_withdraw_it(client, curator):
    article = reading_published(author=curator)
    client.force_login(curator)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{reverse("library:withdraw", args=[article.pk])}"' in page
    client.force_login(MemberFactory())
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("library:withdraw", args=[article.pk]) not in page
