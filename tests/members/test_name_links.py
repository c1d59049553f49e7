"""A member's name is a link only where it leads somewhere: never to the 404 of a profile that
left the directory (manifesto comments, library credits, a group's leads)."""

import pytest
from django.urls import reverse

from members.models import Profile
from pillars import services as pillars_services
from tests.factories import MemberFactory, make_group
from tests.library.conftest import reading_published
from tests.pillars.conftest import founders_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1(db):
    return founders_version()


def _quiet(name):
    person = MemberFactory(name=name)
    Profile.objects.filter(user=person).update(show_in_directory=False)
    return person


def test_a_comment_by_a_member_who_left_the_directory_names_them_without_a_link(member_client, v1):
    quiet = _quiet("Quiet Quinn")
    pillars_services.comment_create(
        version=v1, section_key="insight", author=quiet, body="Say more.", notify=False
    )
    page = member_client.get("/manifesto/v1/insight/").content.decode()
    assert "Quiet Quinn" in page
    assert f'href="{reverse("members:profile", args=[quiet.pk])}"' not in page


def test_a_library_credit_of_a_member_who_left_the_directory_is_no_link(client):
    quiet = _quiet("Quiet Quinn")
    reading_published(author=quiet, title="Glue work, named")
    page = client.get(reverse("library:index")).content.decode()
    assert "Quiet Quinn" in page
    assert f"?author={quiet.pk}" not in page


def test_a_lead_who_left_the_directory_is_named_without_a_link(member_client):
    quiet = _quiet("Quiet Quinn")
    group = make_group(name="Process", leads=[quiet])
    page = member_client.get(group.get_absolute_url()).content.decode()
    assert "Quiet Quinn" in page
    assert f'href="{reverse("members:profile", args=[quiet.pk])}"' not in page
