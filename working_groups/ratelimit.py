"""Per-member rate limits on writing, over one-minute windows (counted by alliance.ratelimit)."""

from django.conf import settings

from alliance import ratelimit

WINDOW_SECONDS = 60
LIMITS = {
    "post": "WORKING_GROUPS_POSTS_PER_MINUTE",
    "reply": "WORKING_GROUPS_REPLIES_PER_MINUTE",
}


def allow(*, user_id: int, action: str) -> bool:
    """Count one `action` by the user; False when it goes over the limit of its setting."""
    limit = getattr(settings, LIMITS[action])
    return ratelimit.allow(bucket=f"wg-{action}:{user_id}", limit=limit, window=WINDOW_SECONDS)
