"""Per-member rate limits on writing, counted in the cache (Redis) over fixed one-minute windows.

A fixed window lets a burst of up to twice the limit straddle a window edge; for stopping a
runaway script or a stuck "submit" key that is good enough, and it costs one round trip.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60
LIMITS = {
    "post": "WORKING_GROUPS_POSTS_PER_MINUTE",
    "reply": "WORKING_GROUPS_REPLIES_PER_MINUTE",
}


def allow(*, user_id: int, action: str) -> bool:
    """Count one `action` by the user; False when it goes over the limit of its setting."""
    limit = getattr(settings, LIMITS[action])
    window = int(time.time() // WINDOW_SECONDS)
    key = f"wg-rate:{action}:{user_id}:{window}"
    # add() starts the counter with its expiry only if absent; incr() is atomic in Redis.
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    return cache.incr(key) <= limit
