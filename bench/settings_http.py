"""bench.settings for a gunicorn of bench/pages_http.py: a cache key prefix a database, so the
two servers (base data and twenty times it) never read each other's cached figures."""

import os

from bench.settings import *  # noqa: F403
from bench.settings import CACHES

CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")
