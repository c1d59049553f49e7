"""The digest: at seven in the morning of each member's own time zone, daily or on Mondays, one
email of what they have not seen yet. It is made of their notifications not yet read, emailed
or digested, and of the blocks the other parts of the hub add (new posts in their groups, newly
published library items in their pillars, upcoming calls); when all of it is empty, nothing is
sent. Members gone from the hub for INACTIVE_AFTER get none.

Notifications stand below those parts and never import them, so they register here from their
AppConfig.ready(): a callable `section(*, user, since, until)` returning a block
{"title": str, "url": str (optional: the title's link), "note": str (optional: beside the
title, "7 new posts"), "more": str (optional: a line after the items, "And 2 more in the
group."), "items": [{"title": str, "url": str (absolute or a path), "meta": str}]}, a list of
such blocks, or None. Each callable keeps its own query count fixed
and shows only what the member may read.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.jobs import enqueue
from members.models import TIME_ZONES, EmailPreferences
from members.selectors import digest_readers
from notifications.models import DigestDelivery, Notification
from notifications.targets import visible_keys

digest_sections: list[Callable[..., dict | list[dict] | None]] = []

DIGEST_HOUR = 7
# The beat's period: a member's digest is due in the quarter hour from 07:00 their time.
WINDOW_MINUTES = 15
INACTIVE_AFTER = timedelta(days=120)
# However long since the last digest (turned off a while, or the first of a weekly reader),
# one tells at most the last two weeks: the bell keeps the rest.
LONGEST = timedelta(days=14)
# Notifications listed one by one; the others are counted, with a link to the bell's page.
LISTED = 20


def register_digest_section(section: Callable[..., dict | list[dict] | None]) -> None:
    """Add a block to every digest (once, however often an app is made ready)."""
    if section not in digest_sections:
        digest_sections.append(section)


# --- Who gets one now -------------------------------------------------------------------------


def _period(frequency: str) -> timedelta:
    return timedelta(days=1 if frequency == EmailPreferences.DigestFrequency.DAILY else 7)


def zones_at_digest_time(*, now: datetime) -> dict[str, date]:
    """The time zones where it is now between 07:00 and 07:14, with their local date."""
    due = {}
    for zone in TIME_ZONES:
        local = now.astimezone(ZoneInfo(zone))
        if local.hour == DIGEST_HOUR and local.minute < WINDOW_MINUTES:
            due[zone] = local.date()
    return due


def digests_schedule(*, now: datetime | None = None) -> int:
    """Queue the digests due at `now` (the beat's quarter hour): one per member and local day,
    whoever runs it and however often (the unique row is the claim). Returns how many."""
    now = now or timezone.now()
    zones = zones_at_digest_time(now=now)
    due = {}
    for user_id, zone, frequency in digest_readers(
        seen_since=now - INACTIVE_AFTER, zones=list(zones)
    ):
        local_date = zones[zone]
        weekly = frequency != EmailPreferences.DigestFrequency.DAILY
        if not weekly or local_date.weekday() == 0:
            due[user_id] = (local_date, frequency)
    # Each member's previous digest (where this one starts), in one query.
    previous = {
        user_id: (local_date, created_at)
        for user_id, local_date, created_at in DigestDelivery.objects.filter(user_id__in=due)
        .order_by("user_id", "-created_at")
        .distinct("user_id")
        .values_list("user_id", "local_date", "created_at")
    }
    queued = 0
    for user_id, (local_date, frequency) in due.items():
        last = previous.get(user_id)
        if last is not None and last[0] >= local_date:
            continue
        since = max(last[1] if last else now - _period(frequency), now - LONGEST)
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(
                    user_id=user_id, local_date=local_date, since=since, created_at=now
                )
                enqueue("notifications.tasks.send_digest", delivery.pk)
        except IntegrityError:
            continue  # another run queued it a moment ago
        queued += 1
    return queued


# --- What it says -----------------------------------------------------------------------------


@dataclass
class Digest:
    notifications: list[Notification]
    sections: list[dict]

    @property
    def is_empty(self) -> bool:
        return not self.notifications and not self.sections


def digest_notifications(*, user, since: datetime, until: datetime) -> list[Notification]:
    """The member's notifications of the period that reached them through no channel yet (not
    read, emailed nor digested, nor withdrawn) and whose target they may still open: one query,
    then one a target prefix."""
    rows = list(
        Notification.objects.filter(
            user=user,
            read_at=None,
            withdrawn_at=None,
            emailed_at=None,
            digested_at=None,
            created_at__gte=since,
            created_at__lt=until,
        ).order_by("-created_at", "-id")
    )
    seen = visible_keys(user=user, keys={row.target_key for row in rows})
    return [row for row in rows if row.target_key in seen]


def digest_blocks(*, user, since: datetime, until: datetime) -> list[dict]:
    """Every registered section's blocks for the member, the empty ones left out."""
    blocks = []
    for section in digest_sections:
        found = section(user=user, since=since, until=until)
        for block in found if isinstance(found, list) else [found]:
            if block and block.get("items"):
                blocks.append(block)
    return blocks


def digest_content(*, user, since: datetime, until: datetime) -> Digest:
    return Digest(
        notifications=digest_notifications(user=user, since=since, until=until),
        sections=digest_blocks(user=user, since=since, until=until),
    )


def notifications_digest(*, ids: list[int], now: datetime) -> list[int]:
    """Mark these notifications digested, those still not read, emailed nor digested (rows
    locked: a notification email claimed meanwhile waits, then finds it digested and sends
    nothing). Call inside the transaction that sends the digest. Returns the ones marked."""
    rows = Notification.objects.filter(
        pk__in=ids, read_at=None, emailed_at=None, digested_at=None, withdrawn_at=None
    )
    marked = list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
    Notification.objects.filter(pk__in=marked).update(digested_at=now)
    return marked
