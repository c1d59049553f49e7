"""Staff can turn on two-factor authentication (an authenticator app and recovery codes), and
are asked to when they sign in without it."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db

ASK = "turn on two-factor authentication"


def _log_in(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _activate_totp(client, password):
    # Adding an authenticator asks for the password again, however recent the sign-in.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_staff_without_an_authenticator_are_asked_to_set_one_up(client, staff, password):
    response = _log_in(client, staff, password)
    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(ASK in text and reverse("mfa_index") in text for text in texts), texts


def test_members_are_not_asked_to_set_up_two_factor(client, member, password):
    response = _log_in(client, member, password)
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert not any(ASK in text for text in texts), texts


def test_staff_add_an_authenticator_app_and_recovery_codes(client, staff, password):
    _log_in(client, staff, password)
    assert client.get(reverse("mfa_index")).status_code == 200
    _activate_totp(client, password)
    kinds = set(Authenticator.objects.filter(user=staff).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_staff_with_two_factor_give_a_code_to_sign_in_and_are_not_asked_again(
    client, staff, password
):
    _log_in(client, staff, password)
    secret = _activate_totp(client, password)
    client.logout()
    response = _log_in(client, staff, password)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert not any(ASK in text for text in texts), texts
