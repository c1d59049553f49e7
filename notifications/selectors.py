"""What the notification centre shows: the bell's count, a member's list grouped by day, and
staff's reach of what was announced. Each keeps its query count fixed, however many rows."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme

from notifications.models import Kind, Notification
from notifications.targets import visible_keys

PAGE_SIZE = 50
REACH_PAGE_SIZE = 25
REACH_DAYS = 90
REACH_MIN_NOTIFIED = 5


def unread_filter() -> Q:
    """Unread: neither read nor withdrawn (the partial index notifications_unread)."""
    return Q(read_at=None, withdrawn_at=None)


def unread_count(*, user) -> int:
    """The bell's number: one COUNT on the partial index. Withdrawal, not a visibility check
    (a query per app), keeps it honest: a target that leaves sight withdraws its rows."""
    return Notification.objects.filter(unread_filter(), user=user).count()


@dataclass
class Day:
    label: str
    date: date
    notifications: list = field(default_factory=list)


@dataclass
class NotificationPage:
    days: list[Day]
    number: int
    has_previous: bool
    has_next: bool
    # Rows of this page left out because the member may no longer open their target.
    hidden: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.days


def day_label(day: date, *, today: date) -> str:
    """ "Today", "Yesterday", "Mon 23 Nov" (with the year when it is not this one)."""
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return date_format(day, "D j M" if day.year == today.year else "D j M Y")


def notification_page(
    *, user, kind: str = "", unread_only: bool = False, number: int = 1
) -> NotificationPage:
    """One page of the member's notifications, newest first, grouped by their own day.

    Queries: the page's rows (one more than a page, to know there is a next one), then one per
    target prefix present on the page (`visible_keys`), whatever the number of rows."""
    rows = Notification.objects.filter(user=user, withdrawn_at=None)
    if kind:
        rows = rows.filter(kind=kind)
    if unread_only:
        rows = rows.filter(read_at=None)
    start = (number - 1) * PAGE_SIZE
    fetched = list(rows.order_by("-created_at", "-id")[start : start + PAGE_SIZE + 1])
    has_next = len(fetched) > PAGE_SIZE
    fetched = fetched[:PAGE_SIZE]
    seen = visible_keys(user=user, keys={row.target_key for row in fetched})
    shown = [row for row in fetched if row.target_key in seen]
    return NotificationPage(
        days=group_by_day(shown),
        number=number,
        has_previous=number > 1,
        has_next=has_next,
        hidden=len(fetched) - len(shown),
    )


def group_by_day(notifications) -> list[Day]:
    """Consecutive notifications of one local day (the active time zone: the member's)."""
    today = timezone.localdate()
    days: list[Day] = []
    for notification in notifications:
        local = timezone.localdate(notification.created_at)
        if not days or days[-1].date != local:
            days.append(Day(label=day_label(local, today=today), date=local))
        days[-1].notifications.append(notification)
    return days


def local_path(url: str) -> str:
    """The url if it is a path on this site, else "": a stored address is only followed, or
    linked, when it cannot lead a member elsewhere. The site's own full address counts."""
    site = settings.SITE_URL.rstrip("/")
    if site and url.startswith(site + "/"):
        url = url.removeprefix(site)
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return ""


def kind_label(kind: str) -> str:
    return dict(Kind.choices).get(kind, "")


@dataclass
class ReachPage:
    events: list[dict]
    number: int
    has_previous: bool
    has_next: bool
    days: int = REACH_DAYS
    min_notified: int = REACH_MIN_NOTIFIED


def reach_page(*, number: int = 1) -> ReachPage:
    """Staff's view of the ledger: each recent event told to several members, how many were
    told and how many it reached through each channel. One aggregate query for the rows."""
    since = timezone.now() - timedelta(days=REACH_DAYS)
    start = (number - 1) * REACH_PAGE_SIZE
    events = list(
        Notification.objects.filter(created_at__gte=since)
        .values("event_key")
        .annotate(
            notified=Count("id"),
            # One event has one kind, target and title: Max picks the one value.
            event_kind=Max("kind"),
            title=Max("target_title"),
            event_url=Max("url"),
            first_at=Min("created_at"),
            read=Count("id", filter=Q(read_at__isnull=False)),
            emailed=Count("id", filter=Q(emailed_at__isnull=False)),
            digested=Count("id", filter=Q(digested_at__isnull=False)),
            withdrawn=Count("id", filter=Q(withdrawn_at__isnull=False)),
        )
        .filter(notified__gte=REACH_MIN_NOTIFIED)
        .order_by("-first_at", "event_key")[start : start + REACH_PAGE_SIZE + 1]
    )
    for event in events:
        event["kind_label"] = kind_label(event["event_kind"])
        event["link"] = local_path(event["event_url"])
        event["read_share"] = round(100 * event["read"] / event["notified"])
    return ReachPage(
        events=events[:REACH_PAGE_SIZE],
        number=number,
        has_previous=number > 1,
        has_next=len(events) > REACH_PAGE_SIZE,
    )
