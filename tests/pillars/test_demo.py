"""The manifesto's demo history shows every state a member can meet (`make run`). Loading it
twice adds nothing: tests/alliance/test_seed_demo.py."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from pillars.models import Endorsement, ManifestoComment, ManifestoVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_shows_every_state_of_the_manifesto(seeded, client):
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
