"""The demo (`make run`) shows every state a member can meet in the manifesto and the library:
one seeded database for both, as seeding takes half a minute. Loading it twice adds nothing:
tests/alliance/test_seed_demo.py."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from library.models import Credit, Item, Review
from pillars.models import Endorsement, ManifestoComment, ManifestoVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_shows_every_state_of_the_manifesto_and_the_library(seeded, client):
    v1, v2 = ManifestoVersion.objects.filter(status="published").order_by("number")
    assert (v1.number, v2.number, v2.is_major) == (1, 2, True)
    assert v2.sections.filter(key="growing-the-practice").exists()
    assert v2.sections.get(key="insight").text != v1.sections.get(key="insight").text
    assert ManifestoVersion.objects.filter(status="draft").count() == 1
    comments = ManifestoComment.objects.all()
    assert comments.count() == 20
    assert comments.filter(resolved_in=v2).count() == 1
    assert comments.filter(hidden_at__isnull=False).count() == 1
    assert comments.filter(deleted_at__isnull=False).count() == 1
    assert comments.filter(edited_at__isnull=False, revisions__isnull=False).count() == 1
    assert comments.filter(resolved_at__isnull=False, resolved_in=None).count() == 1
    assert Endorsement.objects.filter(version=v1).count() == 12
    assert Endorsement.objects.filter(version=v2).count() == 12
    assert Endorsement.objects.exclude(on_behalf_of="").count() >= 4
    # A v1 thread on Insight, whose text v2 rewrote, reads as outdated on v2.
    page = client.get(reverse("pillars:section", args=[2, "insight"])).content.decode()
    assert "Written on v1; the text has changed since" in page
    assert "Resolved by" in page

    articles, links = Item.objects.filter(kind="article"), Item.objects.filter(kind="link")
    assert (articles.count(), links.count()) == (8, 12)
    states = set(Item.objects.values_list("status", flat=True))
    assert states == {
        "draft",
        "in_review",
        "changes_requested",
        "published",
        "declined",
        "withdrawn",
    }
    asked = Review.objects.get(decision="changes_requested")
    assert asked.note and asked.item.status == "changes_requested"
    assert Credit.objects.filter(accepted_at=None, declined_at=None).count() == 1
    featured = Item.objects.filter(featured_order__isnull=False)
    assert len({pillar for item in featured for pillar in item.pillars}) >= 3
    founders = links.filter(url__startswith="https://productledalliance.com/")
    assert founders.count() == 2 and all(item.is_published for item in founders)
    withdrawn = Item.objects.get(status="withdrawn")
    assert client.get(withdrawn.get_absolute_url()).status_code == 410
    library = client.get("/library/").content.decode()
    assert "Glue work needs an owner, not a hero" in library
    assert "Career paths for product managers" not in library  # a draft
