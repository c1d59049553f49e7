"""Rate limits, counted in the cache (Redis) over fixed windows; every app counts with these.

A fixed window lets a burst of up to twice the limit straddle a window edge; for stopping a
runaway script, a stuck "submit" key or a form used to flood someone's inbox that is good
enough, and it costs one round trip. A limit is a brake, not a lock: when the cache cannot be
reached the action is allowed (and the outage logged), so Redis going down never stops a
member posting or a respondent getting their link.
"""

import logging
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)


def allow(*, bucket: str, limit: int, window: int) -> bool:
    """Count one hit in `bucket` ("wg-post:12"); False when the current window of `window`
    seconds now holds more than `limit` hits. True when the cache is unreachable."""
    key = f"rate:{bucket}:{int(time.time() // window)}"
    try:
        # add() starts the counter with its expiry only if absent; incr() is atomic in Redis.
        cache.add(key, 0, timeout=window * 2)
        return cache.incr(key) <= limit
    except Exception:
        # Whatever the cache raises (redis' ConnectionError or TimeoutError, OSError, a
        # ValueError if the key vanished under eviction): open, and say so.
        logger.warning("rate limit not counted: the cache is unreachable", exc_info=True)
        return True


def client_ip(request) -> str:
    """The client's address, as allauth reads it for its own limits: from REMOTE_ADDR, or
    through the proxies the settings trust (ALLAUTH_TRUSTED_PROXY_COUNT / _CLIENT_IP_HEADER)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        # No address to read (a misconfigured proxy): such clients share one bucket.
        return "unknown"
