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


# allauth's stock copy, removed from every account page: what a test finding one of them means
# is that a page fell back to allauth's template.
STOCK_ACCOUNT_COPY = re.compile(
    r"Remember Me|Confirm Email Address|Sign Out|Sign In|Change Password|Set Password|Bad Token"
    r"|Email Address|Change Email|Add Email|Make Primary|Re-send Verification|Cancel Change"
    r"|Confirm Access|Please reauthenticate|Two-Factor Authentication|Authenticator App"
    r"|Recovery Codes|Trust this Browser|Don't Trust|Alternative options"
    r"|<button[^>]*>\s*(Confirm|Activate|Deactivate|Generate)\s*</button>"
)


def _page(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs or None), follow=True)
    assert response.status_code == 200, name
    page = response.content.decode()
    assert not STOCK_ACCOUNT_COPY.search(page), (
        name,
        [m[0] for m in STOCK_ACCOUNT_COPY.finditer(page)],
    )
    return page


def test_the_sign_in_form_offers_to_keep_you_signed_in(client):
    page = _page(client, "account_login")
    assert re.search(
        r'<input type="checkbox" name="remember" id="id_remember">\s*'
        r'<label for="id_remember">Keep me signed in on this device</label>',
        page,
    )


def test_confirming_an_email_address_says_what_the_button_does(client, applicant):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address, _ = EmailAddress.objects.get_or_create(user=applicant, email=applicant.email)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    address.refresh_from_db()
    page = _page(client, "account_confirm_email", key=EmailConfirmationHMAC(address).key)
    assert re.search(r"<button[^>]*>\s*Confirm my email address\s*</button>", page)
    _page(client, "account_confirm_email", key="expired")


@pytest.mark.parametrize(
    "name", ["account_logout", "account_change_password", "account_email", "mfa_index"]
)
def test_the_account_pages_of_a_member_keep_no_stock_copy(member_client, name):
    _page(member_client, name)


def test_setting_a_first_password_keeps_no_stock_copy(client, member):
    member.set_unusable_password()
    member.save(update_fields=["password"])
    client.force_login(member)
    _page(client, "account_set_password")


def test_resetting_a_password_from_the_emailed_link_keeps_no_stock_copy(client, member):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    uid, key = user_pk_to_url_str(member), default_token_generator.make_token(member)
    page = _page(client, "account_reset_password_from_key", uidb36=uid, key=key)
    assert 'name="password1"' in page
    _page(client, "account_reset_password_from_key", uidb36=uid, key="used-already")
    _page(client, "account_reset_password_from_key_done")


def test_two_factor_pages_keep_no_stock_copy(client, staff, password):
    from tests.members.test_two_factor import _activate_totp, _log_in

    _log_in(client, staff, password)
    _page(client, "account_reauthenticate")
    _page(client, "mfa_activate_totp")
    _activate_totp(client, password)
    for name in [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
    ]:
        _page(client, name)
    client.logout()
    _log_in(client, staff, password)
    _page(client, "mfa_authenticate")


def test_a_wrong_password_is_announced_as_it_appears(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "not-the-password"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    alert = re.search(r'<div role="alert">(.*?)</div>', page, re.S)
    assert alert and "not correct" in alert.group(1)
