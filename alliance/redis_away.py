"""Redis away, remembered for a moment by each process.

Every Redis call gives up within a second (settings: the cache's and the broker's timeouts),
but a request makes several (its session, a rate limit, a task to publish) and a frozen Redis
would make it wait out each one. So after one call fails, the process leaves Redis alone for
PAUSE seconds: the cache answers as a miss at once and jobs wait for the relay. Then one call
tries again. A request thus waits for Redis at most once, about a second.
"""

import time

PAUSE = 5.0

_away_until = 0.0


def redis_is_away() -> bool:
    return time.monotonic() < _away_until


def redis_failed() -> None:
    global _away_until
    _away_until = time.monotonic() + PAUSE


def redis_back() -> None:
    """Forget an absence (tests; a process told Redis is back)."""
    global _away_until
    _away_until = 0.0
