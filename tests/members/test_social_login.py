import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

from alliance.settings.env import social_providers_from_env

SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.urls import reverse; "
    "print(json.dumps({'apps': [a for a in settings.INSTALLED_APPS if 'providers' in a], "
    "'google': reverse('google_login'), "
    "'linkedin': reverse('openid_connect_login', args=['linkedin'])}))"
)


def test_no_social_login_without_keys():
    with pytest.raises(NoReverseMatch):
        reverse("google_login")


def test_google_and_linkedin_switch_on_with_their_keys():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "GOOGLE_CLIENT_ID": "google-id",
        "GOOGLE_CLIENT_SECRET": "google-secret",
        "LINKEDIN_CLIENT_ID": "linkedin-id",
        "LINKEDIN_CLIENT_SECRET": "linkedin-secret",
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["apps"] == [
        "allauth.socialaccount.providers.google",
        "allauth.socialaccount.providers.openid_connect",
    ]
    assert shown["google"] == "/accounts/google/login/"
    assert shown["linkedin"] == "/accounts/oidc/linkedin/login/"


def test_linkedin_uses_its_openid_connect_server(monkeypatch):
    monkeypatch.setenv("LINKEDIN_CLIENT_ID", "id")
    monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", "secret")
    (app,) = social_providers_from_env()["openid_connect"]["APPS"]
    assert app["provider_id"] == "linkedin"
    assert app["settings"]["server_url"] == "https://www.linkedin.com/oauth"


def test_half_configured_keys_stop_start_up(monkeypatch):
    monkeypatch.setenv("GOOGLE_CLIENT_ID", "id")
    monkeypatch.delenv("GOOGLE_CLIENT_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="GOOGLE_CLIENT_SECRET"):
        social_providers_from_env()
