"""The admin has no login form of its own: staff sign in through the hub's, where allauth's
rate limits and two-factor authentication apply."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_login_sends_a_visitor_to_the_hub_login_keeping_next(client):
    next_page = "/admin/members/user/"
    response = client.get(reverse("admin:login"), {"next": next_page})
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?{urlencode({'next': next_page})}"


def test_an_admin_page_leads_a_visitor_to_the_hub_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_the_admin_login_accepts_no_password(client, staff, password):
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": password})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_login_refuses_a_signed_in_member(member_client):
    assert member_client.get(reverse("admin:login")).status_code == 403


def test_signed_in_staff_go_from_the_admin_login_to_the_admin(staff_client):
    response = staff_client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
