import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/accounts/[^\s\"<]+)")


@pytest.fixture
def mailoutbox(transactional_db, eager_tasks, mailoutbox):
    """allauth's emails go through the outbox (members.tasks.send_account_email): sent once
    the request's transaction commits, here by the test's own process."""
    return mailoutbox


def _link_in(message):
    return LINK.search(message.body).group(1)


def _sign_up(client, password, **overrides):
    data = {
        "name": "Nadia Newcomer",
        "email": "nadia@example.com",
        "password1": password,
        "password2": password,
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_signing_up_sends_a_verification_email_with_text_and_html(client, mailoutbox, password):
    response = _sign_up(client, password)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nadia@example.com")
    assert user.name == "Nadia Newcomer"
    (message,) = mailoutbox
    assert message.to == ["nadia@example.com"]
    assert "/accounts/confirm-email/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Confirm my email address" in html


def test_an_unverified_account_cannot_log_in(client, mailoutbox, password):
    _sign_up(client, password)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nadia@example.com", "password": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verifying_then_logging_in_and_out(client, mailoutbox, password):
    _sign_up(client, password)
    confirm_url = _link_in(mailoutbox[0])
    client.logout()
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="nadia@example.com").verified

    response = client.post(
        reverse("account_login"),
        {"login": "nadia@example.com", "password": password},
        follow=True,
    )
    assert "Nadia Newcomer" in response.content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_a_signup_with_bad_input_keeps_what_was_typed(client):
    response = _sign_up(client, "x", email="not-an-email", password2="y")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Nadia Newcomer"' in page
    assert 'value="not-an-email"' in page
    assert "Enter a valid email address." in page
    assert not User.objects.exists()


def test_a_signup_needs_a_name(client, password):
    response = _sign_up(client, password, name="   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_an_email_is_one_account_whatever_its_case(client, member, password):
    response = _sign_up(client, password, email=member.email.upper())
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert response.status_code in (200, 302)


def test_a_forgotten_password_is_reset_by_the_emailed_link(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": member.email})
    (message,) = mailoutbox
    assert message.alternatives, "the reset email has an HTML part"
    reset_url = _link_in(message)
    form_url = client.get(reset_url).url  # allauth swaps the key for a session token
    response = client.post(
        form_url, {"password1": "a-brand-new-secret-42", "password2": "a-brand-new-secret-42"}
    )
    assert response.status_code == 302
    assert client.login(email=member.email, password="a-brand-new-secret-42")


def test_account_pages_send_visitors_to_log_in(client):
    response = client.get(reverse("account_email"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_changing_email_keeps_the_old_one_until_the_new_one_is_verified(
    member_client, member, mailoutbox
):
    old = member.email
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "maya.new@example.com"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == old
    (message,) = mailoutbox
    assert message.to == ["maya.new@example.com"]
    confirm_url = _link_in(message)
    member_client.post(confirm_url)
    member.refresh_from_db()
    assert member.email == "maya.new@example.com"
    assert not EmailAddress.objects.filter(user=member, email=old).exists()


def test_staff_log_in_to_the_admin_through_the_hub_login(client, staff, password):
    # The admin's own login form sends them to the hub's (tests/alliance/test_admin_login.py).
    login = client.get("/admin/", follow=True).redirect_chain[-1][0]
    response = client.post(login, {"login": staff.email, "password": password})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_page_loads_the_user_and_profile_in_one_query(member_client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        member_client.get(reverse("home"))
    user_queries = [q["sql"] for q in queries if 'FROM "members_user"' in q["sql"]]
    assert len(user_queries) == 1
    assert "members_profile" in user_queries[0]
