"""Django's Redis cache, soft when Redis is away: a call that cannot reach Redis (refused,
timed out within the second the settings allow, reset) is logged and answered as a miss.

Everything the hub keeps in the cache can do without it for a while: sessions are written
through to PostgreSQL (cached_db) and read from it on a miss; rate limits fail open. So a Redis
outage slows nothing down for long and fails no page (tests/faults/test_cache_away.py).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

from alliance.redis_away import redis_failed, redis_is_away

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError, OSError)


def _soft(name, default):
    def method(self, *args, **kwargs):
        answer = default(*args, **kwargs) if callable(default) else default
        if redis_is_away():  # a call failed a moment ago: no waiting on it again (redis_away)
            return answer
        try:
            return getattr(super(SoftRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            redis_failed()
            logger.warning("cache %s skipped, Redis unreachable: %s", name, error)
            return answer

    method.__name__ = name
    return method


class SoftRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are dropped while Redis is away."""

    get = _soft("get", lambda key, default=None, **kwargs: default)
    get_many = _soft("get_many", {})
    has_key = _soft("has_key", False)
    # As if stored: a lock taken with add() (allauth's rate limits) opens rather than making
    # every caller wait for it and then refusing them.
    add = _soft("add", True)
    set = _soft("set", None)
    set_many = _soft("set_many", [])
    touch = _soft("touch", False)
    delete = _soft("delete", False)
    delete_many = _soft("delete_many", None)
    # A counter that cannot be read counts nothing: a rate limit lets the action through.
    incr = _soft("incr", 0)
    clear = _soft("clear", None)
