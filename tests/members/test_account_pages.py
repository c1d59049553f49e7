"""The sign-in and sign-up pages speak in the hub's voice, in sentence case; "Forgot your
password?" is a link big enough to hit; other ways to sign in are buttons, not a bare list."""

import re

import pytest
from django.template import Context, Template
from django.template.base import Origin
from django.urls import reverse

pytestmark = pytest.mark.django_db

STOCK_TITLE_CASE = re.compile(r"Sign In|Sign Up|Signup|Password Reset|Verify Your Email")


def test_the_sign_in_page_is_in_sentence_case(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "<h1>Sign in</h1>" in page
    assert re.search(r"<button[^>]*>\s*Sign in\s*</button>", page)
    assert not STOCK_TITLE_CASE.search(page)
    # The reset link is its own target (styled to 24 px at least): not a bare inline link.
    reset = reverse("account_reset_password")
    assert f'<a class="auth-link" href="{reset}">Forgot your password?</a>' in page


@pytest.mark.parametrize(
    "name", ["account_signup", "account_reset_password", "account_reset_password_done"]
)
def test_the_entrance_pages_keep_no_stock_title_case(client, name):
    page = client.get(reverse(name)).content.decode()
    assert not STOCK_TITLE_CASE.search(page), name


def test_other_ways_to_sign_in_are_buttons():
    html = Template(
        "{% load allauth %}{% element provider_list %}"
        '{% element provider name="Google" provider_id="google" href="/accounts/google/login/" %}'
        "{% endelement %}{% endelement %}",
        origin=Origin("test", template_name="test.html"),  # allauth's elements want a name
    ).render(Context())
    assert "<ul>" not in html and "<li>" not in html
    assert re.search(
        r'<a class="button[^"]*" href="/accounts/google/login/">Continue with Google</a>', html
    )
