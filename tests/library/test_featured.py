"""What staff feature in the library shows under its pillars: on the manifesto's sections and
on the home page's pillar cards, by staff's order, until the end date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from library.selectors.featured import featured_by_pillar
from library.services import reviewing
from tests.factories import MemberFactory, StaffFactory
from tests.library.conftest import reading_published
from tests.pillars.conftest import founders_version

pytestmark = pytest.mark.django_db


def _featured(title, *, order, pillars=("insight",), until=None, **fields):
    item = reading_published(title=title, pillars=pillars, **fields)
    return reviewing.item_feature(item=item, reviewer=StaffFactory(), order=order, until=until)


def test_featured_items_show_by_order_under_each_of_their_pillars():
    second = _featured("Metric definitions as code", order=2, pillars=("insight", "tools"))
    first = _featured("A research repository people search", order=1)
    reading_published(title="Not featured", pillars=("insight",))
    by_pillar = featured_by_pillar()
    assert [item.title for item in by_pillar["insight"]] == [first.title, second.title]
    assert [item.title for item in by_pillar["tools"]] == [second.title]
    assert by_pillar["people"] == []


def test_a_crowded_pillar_shows_its_first_three_and_an_item_on_two_still_shows_on_the_other():
    crowded = [_featured(f"Insight {number}", order=number + 1) for number in range(5)]
    both = _featured("People and insight", order=9, pillars=("insight", "people"))
    by_pillar = featured_by_pillar()
    assert [item.title for item in by_pillar["insight"]] == [item.title for item in crowded[:3]]
    assert [item.title for item in by_pillar["people"]] == [both.title]


def test_an_item_whose_featuring_ended_is_no_longer_shown():
    _featured("Ended", order=1, until=timezone.now() + timedelta(minutes=1))
    from library.models import Item

    Item.objects.update(featured_until=timezone.now() - timedelta(minutes=1))
    assert featured_by_pillar()["insight"] == []


def test_the_manifesto_and_the_home_page_show_the_featured_items_of_each_pillar(client):
    founders_version()
    author = MemberFactory(name="Priya Raghavan")
    item = _featured("A research repository people search", order=1, author=author)
    manifesto = client.get(reverse("pillars:manifesto")).content.decode()
    insight = manifesto[manifesto.index('id="insight"') : manifesto.index('id="tools"')]
    assert "From the library" in insight
    assert f'href="{item.get_absolute_url()}"' in insight
    assert "by Priya Raghavan" in insight
    people = manifesto[manifesto.index('id="people"') : manifesto.index('id="process"')]
    assert "From the library" not in people
    home = client.get(reverse("home")).content.decode()
    assert f'From the library: <a href="{item.get_absolute_url()}">' in home


@pytest.mark.parametrize("count", [1, 8])
def test_the_manifesto_page_costs_the_same_queries_however_many_are_featured(
    client, django_assert_num_queries, count
):
    founders_version()
    for number in range(count):
        _featured(f"Featured {number}", order=number + 1, pillars=("insight", "people"))
    # The latest version; its sections; the latest results snapshot; the comment counts; the
    # endorsement figures and named endorsers; the featured items and their credits.
    with django_assert_num_queries(8):
        assert client.get(reverse("pillars:manifesto")).status_code == 200
