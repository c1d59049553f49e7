"""The test run: base settings on the same real PostgreSQL and Redis, kept apart from dev data."""

from alliance.settings.base import *  # noqa: F403
from alliance.settings.base import CACHES as SITE_CACHES
from alliance.settings.base import REDIS_URL
from alliance.settings.env import celery_url_for_db, env_str, redis_url_for_db

# Redis databases of their own, so a test that flushes the cache touches no developer's data.
REDIS_DB_BROKER, REDIS_DB_RESULTS, REDIS_DB_CACHE = 10, 11, 12
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
