"""The headers every page carries, the production settings' deploy check, and pages with no
inline script for the Content-Security-Policy to refuse."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from tests.conftest import ROOT
from tests.factories import make_wave

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def test_every_page_has_a_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_every_page_turns_off_features_the_hub_does_not_use(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_a_signed_in_page_is_never_stored(member_client):
    response = member_client.get(reverse("home"))
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_page_for_a_visitor_may_be_cached(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def test_a_view_that_sets_its_own_cache_control_keeps_it(staff_client):
    response = staff_client.get(reverse("healthz"))
    assert "max-age=0" in response["Cache-Control"]  # never_cache's own


PAGE_TEMPLATES = [
    path
    for path in (ROOT / "templates").rglob("*.html")
    if "emails" not in path.parts  # emails are not pages: mail clients need inline styles
]


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_page_template_has_inline_script_or_style(path):
    text = path.read_text()
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)", text), "inline script"
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert "javascript:" not in text


def test_the_close_and_delete_forms_ask_through_the_sites_script(staff_client, db):
    wave = make_wave()
    page = staff_client.get(reverse("surveys:staff_overview", args=[wave.slug])).content.decode()
    assert 'data-confirm="Close the wave to answers and email the results' in page
    script = (ROOT / "static" / "js" / "site.js").read_text()
    assert "data-confirm" in script


def _production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_HSTS_SECONDS", "ALLOW_HTTP", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="alliance.settings.production",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="hub.example",
        SITE_URL="https://hub.example",
        DEFAULT_FROM_EMAIL="x@hub.example",
        EMAIL_HOST="localhost",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    )
    env.update(overrides)
    return env


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_production_settings_pass_the_deploy_check_with_no_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    # Only W021 (HSTS preload) is silenced, on purpose: see production.py.
    assert "System check identified no issues (1 silenced)." in result.stdout


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
)


def test_production_over_https_uses_host_only_cookies_and_hsts():
    result = _run(["-c", PRINT_SETTINGS], _production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "31536000", "True"]


def test_production_over_http_keeps_plain_cookie_names_and_no_hsts():
    env = _production_env(SITE_URL="http://hub.example", ALLOW_HTTP="1")
    result = _run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sessionid", "csrftoken", "0", "False"]
