"""The unsubscribe page, the LinkedIn address and the display name: what a link shows, and
what a form accepts."""

import pytest
from django.urls import reverse

from members import emails
from members.forms import NAME_REFUSED, ProfileForm, SignupForm
from members.models import EmailKind, Profile
from tests.factories import profile_fields

pytestmark = pytest.mark.django_db


def _unsubscribe_url(member):
    headers = emails.unsubscribe_headers(user_id=member.pk, kind=EmailKind.DIGEST)
    return headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")


def test_the_unsubscribe_page_shows_no_address(client, member):
    url = _unsubscribe_url(member)
    for page in (client.get(url), client.post(url, {"List-Unsubscribe": "One-Click"})):
        text = page.content.decode()
        assert member.email not in text
        assert member.email.split("@")[0] not in text
        assert "this account" in text


def _profile(member, **overrides):
    data = {"name": "Rosa Diaz", **profile_fields(), **overrides}
    data = {key: value for key, value in data.items() if value not in ("", False)}
    return ProfileForm(data, user=member, instance=Profile.objects.get(user=member))


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@www.linkedin.com/in/x",
        "https://evil.example%5C@www.linkedin.com/in/x",
        "https://user@www.linkedin.com/in/x",
        "https://user:pw@linkedin.com/in/x",
        "http://www.linkedin.com/in/x",
        "https://www.linkedin.com.evil.example/in/x",
        "https://evillinkedin.com/in/x",
        "https://www.linkedin.com\\in\\x",
        "javascript://www.linkedin.com/%0aalert(1)",
    ],
)
def test_only_a_real_linkedin_address_is_accepted(member, url):
    form = _profile(member, linkedin_url=url)
    assert not form.is_valid()
    assert "linkedin_url" in form.errors  # as not a LinkedIn address, or not a URL at all


@pytest.mark.parametrize(
    "url",
    ["https://www.linkedin.com/in/noor", "https://linkedin.com/in/noor", "www.linkedin.com/in/n"],
)
def test_a_linkedin_profile_address_is_accepted(member, url):
    form = _profile(member, linkedin_url=url)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "name", ["Rosa\nDiaz", "Rosa\rDiaz", "Rosa\x00Diaz", "Rosa\tDiaz", "Ro\x85sa"]
)
def test_a_name_with_a_control_character_is_refused(member, name):
    profile = _profile(member, name=name)
    signup = SignupForm({"name": name})
    for form in (profile, signup):
        assert not form.is_valid()
        assert form.errors["name"] in (
            [NAME_REFUSED],
            ["Null characters are not allowed."],  # Django's own check, first for NUL
        )


def test_the_signup_page_says_why_a_name_is_refused(client, password):
    response = client.post(
        reverse("account_signup"),
        {"name": "Nadia\nNew", "email": "n@example.com", "password1": password,
         "password2": password},
    )  # fmt: skip
    assert response.status_code == 200
    assert "no line breaks, tabs or control characters" in response.content.decode()


def test_a_name_with_accents_and_punctuation_is_accepted(member):
    assert _profile(member, name="Zoë O'Brien-Åström, Jr.").is_valid()
