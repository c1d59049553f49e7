"""Signing up with an address that has an account answers as a new one does, in the same time:
both paths hash the submitted password once."""

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashed(monkeypatch):
    """The passwords the configured hasher hashed, in order."""
    hasher = type(get_hasher())
    seen = []
    encode = hasher.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        seen.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)
    return seen


def _sign_up(client, email):
    data = {
        "name": "Nadia Newcomer",
        "email": email,
        "password1": "a-fresh-long-password",
        "password2": "a-fresh-long-password",
    }
    return client.post(reverse("account_signup"), data)


def test_signing_up_with_an_existing_address_hashes_the_password_as_a_new_one_does(
    client, member, hashed
):
    response = _sign_up(client, "nadia@example.com")
    new_address = list(hashed)
    hashed.clear()
    client.logout()
    existing = _sign_up(client, member.email.upper())
    assert existing.status_code == response.status_code == 302
    assert existing.url == response.url
    assert new_address == ["a-fresh-long-password"]
    assert hashed == new_address
    assert User.objects.filter(email__iexact=member.email).count() == 1


def test_a_signup_that_fails_validation_hashes_nothing_for_either_address(client, member, hashed):
    for email in ("nadia@example.com", member.email):
        response = client.post(
            reverse("account_signup"),
            {"name": "N", "email": email, "password1": "a-fresh-long-password", "password2": "x"},
        )
        assert response.status_code == 200
    assert hashed == []
