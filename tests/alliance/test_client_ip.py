"""Behind a proxy every request comes from the proxy's address: allauth must read the client's
from the header the proxy sets, or every member shares one bucket of failed logins."""

import json
import os
import subprocess
import sys

import pytest

from tests.alliance.test_settings_env import COMPLETE_PRODUCTION_ENV

SCRIPT = """
import json
import django
django.setup()
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

factory = RequestFactory()
seen = [
    get_adapter().get_client_ip(factory.get("/", REMOTE_ADDR="10.0.0.9", **headers))
    for headers in (
        {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "HTTP_X_REAL_IP": "203.0.113.5"},
        {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "HTTP_X_REAL_IP": "198.51.100.7"},
    )
]
print(json.dumps(seen))
"""


def _client_ips_under_production_settings(**overrides):
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
            **COMPLETE_PRODUCTION_ENV,
            **overrides,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True
    )
    return result


@pytest.mark.parametrize(
    "variable",
    [{"ALLAUTH_TRUSTED_PROXY_COUNT": "1"}, {"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}],
)
def test_the_client_address_comes_from_the_configured_proxy_header(variable):
    result = _client_ips_under_production_settings(**variable)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["203.0.113.5", "198.51.100.7"]


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored():
    result = _client_ips_under_production_settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["10.0.0.9", "10.0.0.9"]


def test_a_negative_proxy_count_stops_start_up():
    result = _client_ips_under_production_settings(ALLAUTH_TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "ALLAUTH_TRUSTED_PROXY_COUNT" in result.stderr
