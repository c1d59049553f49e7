import pytest
from django.core.management import call_command

from library.models import Credit, Item, Review
from members.models import User
from pillars.models import Endorsement, ManifestoComment, ManifestoVersion
from working_groups.models import Mention, Post, Reaction, Reply, WorkingGroup


@pytest.fixture(autouse=True)
def _development(settings):
    # seed_demo runs as `make run` runs it; outside development see test_seed_demo_safety.py.
    settings.DEBUG = True


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(email="staff@alliance.test", is_staff=True).count() == 1
    assert "Demo staff login: staff@alliance.test" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_staff_account_can_log_in(client):
    call_command("seed_demo")
    assert client.login(email="staff@alliance.test", password="alliance-demo-staff")


@pytest.mark.django_db
def test_demo_groups_manifesto_and_library_load_twice_without_duplicates():
    models = (WorkingGroup, Post, Reply, Reaction, Mention)
    manifesto = (ManifestoVersion, ManifestoComment, Endorsement, Item, Credit, Review)
    call_command("seed_demo")
    counts = [m.objects.count() for m in models + manifesto]
    call_command("seed_demo")
    assert [m.objects.count() for m in models + manifesto] == counts
    counts = counts[: len(models)]
    groups, posts, replies, reactions, mentions = counts
    assert groups == 5
    assert posts >= 200
    assert replies > posts
    assert reactions > posts
    assert mentions > 20
    assert Post.objects.filter(tags__isnull=False).distinct().count() > posts // 2
