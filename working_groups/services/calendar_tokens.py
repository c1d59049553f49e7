"""A member's personal calendar feed: its secret address is made here, shown once, and only
its SHA-256 is kept, so a leaked database gives no working feed address. Rotating replaces
the secret (the old address answers 404 at once); revoking forgets it."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from alliance.access import is_member
from working_groups.models import CalendarToken

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """The form a feed secret is stored and looked up in."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token_rotate(*, user) -> str:
    """Give the member a new feed secret (replacing any earlier one) and return it, once."""
    if not is_member(user):
        raise PermissionDenied("Calendar feeds are for members of the alliance.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        # One row per member: the update-or-create under the unique user keeps two clicks at
        # once from leaving two live secrets.
        CalendarToken.objects.update_or_create(
            user=user, defaults={"token_hash": token_hash(token), "created_at": timezone.now()}
        )
    return token


def calendar_token_revoke(*, user) -> bool:
    """Forget the member's feed secret; True if there was one."""
    with transaction.atomic():
        deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return deleted > 0
