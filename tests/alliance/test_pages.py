import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_definition_and_the_five_pillars(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "continually evolving, optimizing, scaling, and supporting" in page
    for pillar in ["People", "Process", "Insight", "Tools", "Stakeholders"]:
        assert f"<h3>{pillar}</h3>" in page


def test_the_navigation_links_every_part(client):
    page = client.get(reverse("home")).content.decode()
    for name in ["pillars:manifesto", "working_groups:index", "surveys:index", "members:directory"]:
        assert f'href="{reverse(name)}"' in page


def test_an_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_the_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_logged_in_member_sees_their_name_in_the_header(member_client, member):
    page = member_client.get(reverse("home")).content.decode()
    assert member.name in page
    assert "Log out" in page


def test_static_files_are_served_through_whitenoise(settings):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_the_home_page_points_an_applicant_to_their_application(applicant_client):
    page = applicant_client.get(reverse("home")).content.decode()
    assert "You are not a member yet" in page
    assert reverse("members:apply") in page


def test_the_home_page_points_a_member_to_the_directory(member_client):
    page = member_client.get(reverse("home")).content.decode()
    assert "Find your peers" in page
    assert "You are not a member yet" not in page
