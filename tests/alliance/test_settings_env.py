import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from alliance.settings import env

# Every variable the production settings require, each with a well-formed value.
COMPLETE_PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "hub.example.org",
    "SITE_URL": "https://hub.example.org",
    "DATABASE_URL": "postgres://db.example.org/alliance",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "DEFAULT_FROM_EMAIL": "hub@example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def test_it_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("SOME_SETTING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SETTING"):
        env.env_str("SOME_SETTING")


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_it_refuses_a_boolean_it_cannot_read(monkeypatch, value):
    monkeypatch.setenv("DEBUG_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG_FLAG must be true or false"):
        env.env_bool("DEBUG_FLAG")


def test_it_refuses_a_number_that_is_not_one(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int("EMAIL_PORT")


@pytest.mark.parametrize("url", ["mysql://localhost/alliance", "localhost:5432", "postgres://host"])
def test_it_refuses_a_database_url_that_is_not_postgres_with_a_name(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database_from_env("DATABASE_URL")


def test_it_reads_a_unix_socket_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@%2Ftmp%2Fpg/alliance")
    config = env.database_from_env("DATABASE_URL")
    assert config["HOST"] == "/tmp/pg"
    assert config["NAME"] == "alliance"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_redis_urls_keep_the_server_and_change_the_database():
    assert env.redis_url_for_db("redis://cache:6379/0", 2) == "redis://cache:6379/2"
    assert env.redis_url_for_db("unix:///run/r.sock", 2) == "unix:///run/r.sock?db=2"
    assert (
        env.celery_url_for_db("unix:///run/r.sock", 1)
        == "redis+socket:///run/r.sock?virtual_host=1"
    )
    assert env.celery_url_for_db("redis://cache:6379/0", 1) == "redis://cache:6379/1"


def _import_production_settings(**overrides):
    complete = COMPLETE_PRODUCTION_ENV
    environment = {key: value for key, value in os.environ.items() if key not in complete}
    environment.pop("DEBUG", None)
    environment.update({k: v for k, v in {**complete, **overrides}.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-c", "import alliance.settings.production"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_start_when_everything_is_given():
    result = _import_production_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", None, "Set the environment variable SECRET_KEY"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
        ("ALLOWED_HOSTS", None, "Set the environment variable ALLOWED_HOSTS"),
        ("DATABASE_URL", None, "Set the environment variable DATABASE_URL"),
        ("DATABASE_URL", "sqlite:///db.sqlite3", "DATABASE_URL must be a URL starting with"),
        ("REDIS_URL", "memcached://x", "REDIS_URL must be a URL starting with"),
        ("EMAIL_HOST", None, "Set the environment variable EMAIL_HOST"),
        ("SITE_URL", "http://hub.example.org", "SITE_URL must start with https://"),
        ("DEBUG", "1", "DEBUG must be off in production"),
        ("EMAIL_PORT", "abc", "EMAIL_PORT must be a whole number"),
    ],
)
def test_production_start_up_stops_on_a_missing_or_bad_value(variable, value, message):
    result = _import_production_settings(**{variable: value})
    assert result.returncode != 0
    assert message in result.stderr
