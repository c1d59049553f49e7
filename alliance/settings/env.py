"""Strict readers for settings that come from the environment.

Every reader raises ImproperlyConfigured naming the variable, so a bad deploy stops at
start-up with a message that says what to fix instead of failing on the first request.
"""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def _raw(name, default):
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return None
    return value.strip()


def env_str(name, default=_MISSING):
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name, default=_MISSING):
    value = _raw(name, default)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {value!r}.")


def env_int(name, default=_MISSING):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=_MISSING):
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name, default=_MISSING, *, schemes):
    value = _raw(name, default)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        allowed = ", ".join(f"{scheme}://" for scheme in sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL starting with {allowed}; got {value!r}.")
    return value.rstrip("/") if parts.path in ("", "/") else value


def database_from_env(name="DATABASE_URL"):
    url = env_url(name, schemes={"postgres", "postgresql"})
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} could not be read: {error}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://host/alliance.")
    return config


def redis_url_for_db(url, db):
    """The same Redis server as `url`, database number `db`, in redis-py's URL form."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = str(db)
        # urlunsplit would drop the empty authority and write "unix:/path", which redis-py refuses.
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def celery_url_for_db(url, db):
    """Celery/kombu spell a Unix-socket Redis `redis+socket://` and its database `virtual_host`."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"redis+socket://{parts.path}?virtual_host={db}"
    return redis_url_for_db(url, db)


def social_providers_from_env():
    """Google and LinkedIn (OpenID Connect) logins, each switched on by its pair of keys."""
    providers = {}
    google_id, google_secret = env_str("GOOGLE_CLIENT_ID", ""), env_str("GOOGLE_CLIENT_SECRET", "")
    if bool(google_id) != bool(google_secret):
        raise ImproperlyConfigured(
            "Set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither."
        )
    if google_id:
        providers["google"] = {
            "APPS": [{"client_id": google_id, "secret": google_secret}],
            "SCOPE": ["profile", "email"],
        }
    linkedin_id = env_str("LINKEDIN_CLIENT_ID", "")
    linkedin_secret = env_str("LINKEDIN_CLIENT_SECRET", "")
    if bool(linkedin_id) != bool(linkedin_secret):
        raise ImproperlyConfigured(
            "Set both LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET, or neither."
        )
    if linkedin_id:
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": linkedin_id,
                    "secret": linkedin_secret,
                    "settings": {"server_url": "https://www.linkedin.com/oauth"},
                }
            ]
        }
    return providers
