"""The health of curated links: the weekly check (library.tasks.check_links) asks each link's
site whether the page is still there, and records what it found on the item.

The check is a request the hub makes to an address a member typed, so it is careful:
- every host, the first and each redirect's, is resolved once and refused if any of its
  addresses is private, loopback, link-local, reserved or otherwise not on the public internet
  (unless settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE, for tests); the connection then goes to
  an address that was checked, so a second DNS answer cannot point it somewhere else;
- HEAD, with a short timeout and at most MAX_REDIRECTS redirects; when a site refuses HEAD
  (405, 403, 501), GET, reading the status line and headers only, never the page;
- only http and https, and the whole check within a deadline.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from library.access import can_withdraw
from library.models import Item
from library.services.writing_fields import clean_url, domain_of

TIMEOUT = 5.0  # seconds for each connection and each answer
DEADLINE = 40.0  # seconds for one link, redirects and fallbacks included
MAX_REDIRECTS = 5
HEAD_REFUSED = {403, 405, 501}
REDIRECTS = {301, 302, 303, 307, 308}
# A week between checks of one link, less a day so the weekly run always finds it due.
CHECK_INTERVAL = timedelta(days=6)
CHECKED_STATUSES = (Item.Status.PUBLISHED, Item.Status.IN_REVIEW, Item.Status.SCHEDULED)
USER_AGENT = "ProductOpsAllianceLinkCheck/1.0"

Health = Item.LinkHealth


@dataclass
class LinkCheck:
    """What a check found: the health, the address it ended at and, if dead, why in words."""

    health: str
    final_url: str = ""
    problem: str = ""


class _Refused(Exception):
    """The check stops here; the message says why, in words a curator understands."""


# --- The request, hop by hop ------------------------------------------------------------------


def check_url(
    url: str, *, allow_private: bool | None = None, timeout: float = TIMEOUT
) -> LinkCheck:
    """Follow `url` as a reader's browser would, within the limits above (no database)."""
    if allow_private is None:
        allow_private = settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE
    deadline = time.monotonic() + DEADLINE
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = _ask(current, allow_private, timeout, deadline)
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                continue
            if status >= 400:
                return LinkCheck(Health.DEAD, current, _status_problem(status))
            if status >= 300:
                return LinkCheck(
                    Health.DEAD, current, f"The site answered {status} without a page."
                )
            if _site(current) != _site(url):
                return LinkCheck(Health.MOVED, current)
            return LinkCheck(Health.OK, current)
        return LinkCheck(Health.DEAD, current, f"More than {MAX_REDIRECTS} redirects.")
    except _Refused as refused:
        return LinkCheck(Health.DEAD, current, str(refused))


def _ask(url: str, allow_private: bool, timeout: float, deadline: float) -> tuple[int, str]:
    """One hop: HEAD, or GET when HEAD is refused. The status and the Location header."""
    status, location = _request("HEAD", url, allow_private, timeout, deadline)
    if status in HEAD_REFUSED:
        status, location = _request("GET", url, allow_private, timeout, deadline)
    return status, location


def _request(method, url, allow_private, timeout, deadline) -> tuple[int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise _Refused("The address cannot be read.") from None
    if parts.scheme not in ("http", "https") or not host:
        raise _Refused("The address is not a web page (http or https).")
    addresses = _vetted_addresses(host, port, allow_private)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Refused("The site took too long to answer.")
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedConnection
    connection = connection_class(host, port, addresses=addresses, timeout=min(timeout, remaining))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        # Only the status line and the headers are read: the body, if any, is left unread.
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    except TimeoutError:
        raise _Refused(f"The site did not answer within {timeout:g} seconds.") from None
    except ssl.SSLError as error:
        raise _Refused(f"The site's secure connection failed ({error.reason}).") from None
    except ConnectionRefusedError:
        raise _Refused("The site refused the connection.") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise _Refused(f"The site could not be reached ({type(error).__name__}).") from None
    finally:
        connection.close()


def _status_problem(status: int) -> str:
    words = {
        404: "the page is not there any more",
        410: "the page was removed",
        401: "the page asks for a login",
        403: "the site refuses to show the page",
        429: "the site refused too many requests",
    }
    reason = words.get(status, "a server error" if status >= 500 else "an error")
    return f"The site answered {status}: {reason}."


# --- Where the request may go ----------------------------------------------------------------


def is_public_address(address: str) -> bool:
    """On the public internet: not private, loopback, link-local, reserved, multicast or
    unspecified (an IPv4 address written as IPv6 is judged as the IPv4 one)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _vetted_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """The host's addresses, all of them public (unless allowed otherwise), or refused."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise _Refused(f"The host name {host} does not resolve.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise _Refused(f"The host name {host} does not resolve.")
    # Any private address refuses the host: which one a connection would use is not ours to
    # choose, and a name that mixes them is not an ordinary public site.
    if not allow_private and not all(is_public_address(a) for a in addresses):
        raise _Refused(
            f"The address leads to {host}, on a private or reserved network, "
            "which the check never visits."
        )
    return addresses


class _PinnedConnection(http.client.HTTPConnection):
    """Connects to the vetted addresses, in turn, rather than resolving the host again."""

    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def _open_socket(self):
        last_error = None
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except TimeoutError:
                raise
            except OSError as error:
                last_error = error
        raise last_error or OSError("no address to connect to")

    def connect(self):
        self.sock = self._open_socket()


class _PinnedHTTPSConnection(_PinnedConnection, http.client.HTTPSConnection):
    def connect(self):
        # The certificate is checked against the host name, not the address connected to.
        self.sock = self._context.wrap_socket(self._open_socket(), server_hostname=self.host)


def _site(url: str) -> str:
    """The host a reader would say the page is on: "www.example.com" is "example.com"."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


# --- Recording the result ---------------------------------------------------------------------


def links_due_for_check(*, now=None) -> list[int]:
    """The curated links to check: published, scheduled or in review, and not checked in
    the last CHECK_INTERVAL."""
    items = Item.objects.filter(
        link_check_unclaimed(now=now), kind=Item.Kind.LINK, status__in=CHECKED_STATUSES
    )
    return list(items.order_by("link_checked_at", "id").values_list("id", flat=True))


def link_check_unclaimed(*, now=None) -> Q:
    """The condition under which a run may claim an item's check (claimed by setting
    link_checked_at, so a second run, or a second beat, finds it already done)."""
    now = now or timezone.now()
    return Q(link_checked_at=None) | Q(link_checked_at__lt=now - CHECK_INTERVAL)


def link_check(*, item_id: int) -> Item | None:
    """Check a curated link and record its health; None when it is gone or not a link."""
    item = Item.objects.filter(pk=item_id, kind=Item.Kind.LINK).first()
    if item is None or not item.url:
        return None
    # The request happens outside any transaction: it may take seconds.
    result = check_url(item.url)
    with transaction.atomic():
        Item.objects.filter(pk=item.pk).update(
            link_health=result.health,
            link_final_url=result.final_url[:2000],
            link_problem=result.problem[:300],
            link_checked_at=timezone.now(),
        )
    item.refresh_from_db()
    return item


def link_fix(*, item: Item, user, url: str) -> Item:
    """Point a published curated link at its new address (its curator or staff): the check
    starts again from it. The item's credits must be prefetched."""
    # Whoever may take the link down may also mend it: staff and its accepted curator.
    if not item.is_link or not can_withdraw(user, item):
        raise PermissionDenied("Staff and the link's curator fix it.")
    url = clean_url(url)
    with transaction.atomic():
        fixed = Item.objects.filter(pk=item.pk, status=Item.Status.PUBLISHED).update(
            url=url,
            domain=domain_of(url),
            edited_at=timezone.now(),
            link_health=Item.LinkHealth.UNCHECKED,
            link_checked_at=None,
            link_final_url="",
            link_problem="",
        )
    if not fixed:
        raise ValidationError("Only a published link is fixed here; edit a draft instead.")
    item.refresh_from_db()
    return item
