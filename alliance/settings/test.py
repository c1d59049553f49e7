"""The test run: base settings on the same real PostgreSQL and Redis, kept apart from dev data."""

import re

from django.core.exceptions import ImproperlyConfigured

from alliance.settings.base import *  # noqa: F403
from alliance.settings.base import CACHES as SITE_CACHES
from alliance.settings.base import REDIS_URL
from alliance.settings.env import celery_url_for_db, env_str, redis_url_for_db


def _xdist_worker_index():
    """0 for pytest-xdist's worker gw0 and for a run on one process, 1 for gw1, ...

    Read from the environment, which the Celery worker processes a test starts inherit, so they
    land on the same Redis databases as the test that started them.
    """
    worker = env_str("PYTEST_XDIST_WORKER", "gw0")
    found = re.fullmatch(r"gw(\d+)", worker)
    if not found:
        raise ImproperlyConfigured(f"PYTEST_XDIST_WORKER={worker!r} is not pytest-xdist's gwN.")
    return int(found[1])


# Redis databases of their own, so a test that flushes the cache or purges the broker touches no
# developer's data, nor the other test process's when pytest-xdist runs two (`pytest -n 2`):
# gw0 (or a run on one process) has 10-12, gw1 has 13-15. Redis has 16 databases, 0-2 are dev's.
_index = _xdist_worker_index()
if _index > 1:
    raise ImproperlyConfigured(
        "The tests run on at most two processes (pytest -n 2): Redis's databases 10-15 give "
        "each its broker, results and cache."
    )
REDIS_DB_BROKER, REDIS_DB_RESULTS, REDIS_DB_CACHE = (10 + 3 * _index + i for i in range(3))
CACHES = {
    "default": {
        **SITE_CACHES["default"],  # the site's backend and options
        "LOCATION": redis_url_for_db(REDIS_URL, REDIS_DB_CACHE),
        "KEY_PREFIX": "alliance-test",
    }
}
CELERY_BROKER_URL = celery_url_for_db(REDIS_URL, REDIS_DB_BROKER)
CELERY_RESULT_BACKEND = celery_url_for_db(REDIS_URL, REDIS_DB_RESULTS)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests read mail from Django's outbox; a real worker process writes .eml files instead.
EMAIL_BACKEND = env_str(
    "ALLIANCE_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
LOGGING = {"version": 1, "disable_existing_loggers": False}
