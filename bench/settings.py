"""Settings of the benchmark: the site's own, on a database of its own, plus the bare page."""

from alliance.settings.base import *  # noqa: F403
from alliance.settings.base import BASE_DIR, TEMPLATES

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]
# No collectstatic for a benchmark: plain static storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every client of the bench comes from 127.0.0.1: the per-client limit on survey links would
# stop it after ten submissions.
SURVEY_LINKS_PER_CLIENT_PER_HOUR = 10**9
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
