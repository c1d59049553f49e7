"""The health of curated links, checked against a local HTTP server started by the test (in a
thread, on 127.0.0.1), with settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE on so the check may
visit it; and, with the setting off, refused before any request is made."""

import contextlib
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from library import tasks
from library.models import Item
from library.services import links, reviewing, writing
from tests.factories import MemberFactory, StaffFactory
from tests.library.conftest import reading_published

Health = Item.LinkHealth


class _Handler(BaseHTTPRequestHandler):
    """Answers by path: /ok 200, /missing 404, /gone 410, /error 500, /to-localhost a 301 to
    the same server under the name localhost, /same-site a 302 to /ok, /loop a redirect to
    itself, /no-head 405 to HEAD and 200 to GET, /slow 200 after a pause."""

    def _answer(self):
        server = self.server
        server.requests.append((self.command, self.path))
        port = server.server_address[1]
        redirects = {
            "/to-localhost": f"http://localhost:{port}/ok",
            "/same-site": "/ok",
            "/loop": "/loop",
            "/to-other-loopback": f"http://127.0.0.2:{port}/ok",
        }
        if self.path in redirects:
            return self._send(301 if self.path != "/same-site" else 302, redirects[self.path])
        if self.path == "/no-head" and self.command == "HEAD":
            return self._send(405)
        if self.path == "/slow":
            time.sleep(1.5)
        statuses = {"/missing": 404, "/gone": 410, "/error": 500}
        return self._send(statuses.get(self.path, 200))

    def _send(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        body = b"x" * 100_000  # a body the check must never need to read
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    do_HEAD = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    """A local HTTP server; `site.url(path)` and `site.requests` (method, path) it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE = True


# --- The check itself -------------------------------------------------------------------------


def test_a_page_that_answers_200_is_ok(site, allow_private):
    result = links.check_url(site.url("/ok"))
    assert result == links.LinkCheck(Health.OK, site.url("/ok"), "")
    assert site.requests == [("HEAD", "/ok")]  # HEAD only: no page was fetched


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing", "The site answered 404: the page is not there any more."),
        ("/gone", "The site answered 410: the page was removed."),
        ("/error", "The site answered 500: a server error."),
    ],
)
def test_a_page_that_answers_an_error_is_dead_with_the_reason_in_words(
    site, allow_private, path, words
):
    result = links.check_url(site.url(path))
    assert result.health == Health.DEAD
    assert result.problem == words


def test_a_redirect_to_another_host_name_is_moved_with_the_final_address(site, allow_private):
    port = site.server_address[1]
    result = links.check_url(site.url("/to-localhost"))
    assert result.health == Health.MOVED
    assert result.final_url == f"http://localhost:{port}/ok"
    assert result.problem == ""
    assert site.requests == [("HEAD", "/to-localhost"), ("HEAD", "/ok")]


def test_a_redirect_on_the_same_site_is_ok_with_the_final_address(site, allow_private):
    result = links.check_url(site.url("/same-site"))
    assert result == links.LinkCheck(Health.OK, site.url("/ok"), "")


def test_www_is_the_same_site():
    assert links._site("https://www.example.com/a") == links._site("https://EXAMPLE.com./b")
    assert links._site("https://blog.example.com/") != links._site("https://example.com/")


def test_a_site_that_refuses_head_is_asked_with_get_without_reading_the_page(site, allow_private):
    result = links.check_url(site.url("/no-head"))
    assert result.health == Health.OK
    assert site.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_site_that_does_not_answer_in_time_is_dead(site, allow_private):
    started = time.monotonic()
    result = links.check_url(site.url("/slow"), timeout=0.3)
    assert time.monotonic() - started < 1.2
    assert result.health == Health.DEAD
    assert result.problem == "The site did not answer within 0.3 seconds."


def test_more_than_five_redirects_is_dead(site, allow_private):
    result = links.check_url(site.url("/loop"))
    assert result.health == Health.DEAD
    assert result.problem == "More than 5 redirects."
    assert len(site.requests) == 6  # the first request and five redirects, no more


def test_a_host_that_does_not_resolve_is_dead():
    result = links.check_url("https://no-such-host.invalid/page", allow_private=True)
    assert result.health == Health.DEAD
    assert result.problem == "The host name no-such-host.invalid does not resolve."


def test_a_closed_port_is_dead(allow_private):
    result = links.check_url("http://127.0.0.1:9/")
    assert result.health == Health.DEAD
    assert result.problem == "The site refused the connection."


@pytest.mark.parametrize(
    "url", ["ftp://example.com/file", "javascript:alert(1)", "http://[::1", "http:///nohost"]
)
def test_an_address_that_is_not_a_web_page_is_dead_without_a_request(url):
    result = links.check_url(url, allow_private=True)
    assert result.health == Health.DEAD


# --- Never into private networks -------------------------------------------------------------


def test_with_the_setting_off_a_loopback_link_is_refused_without_any_request(site, settings):
    settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE = False

    result = links.check_url(site.url("/ok"))

    assert result.health == Health.DEAD
    assert "private or reserved network" in result.problem
    assert site.requests == []


def test_with_the_setting_off_a_name_that_resolves_to_loopback_is_refused(site, settings):
    settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE = False
    port = site.server_address[1]
    assert links.check_url(f"http://localhost:{port}/ok").health == Health.DEAD
    assert site.requests == []


def test_every_redirect_hop_is_checked_too(site, settings, monkeypatch):
    settings.LIBRARY_LINK_CHECK_ALLOW_PRIVATE = False
    # The test's server stands in for a public site; the redirect it answers leads to another
    # loopback address, which is refused before it is asked anything.
    real = links.is_public_address
    monkeypatch.setattr(links, "is_public_address", lambda a: a == "127.0.0.1" or real(a))

    result = links.check_url(site.url("/to-other-loopback"))

    assert result.health == Health.DEAD
    assert "127.0.0.2" in result.problem
    assert site.requests == [("HEAD", "/to-other-loopback")]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),  # noqa: S104
        ("240.0.0.1", False),  # reserved
        ("224.0.0.1", False),  # multicast
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4 loopback written as IPv6
        ("::ffff:10.0.0.1", False),
    ],
)
def test_only_public_internet_addresses_are_visited(address, public):
    assert links.is_public_address(address) is public


# --- Recording it on the item, and the weekly task --------------------------------------------


def _link(url, *, status="published"):
    """A curated link, brought to `status` through the services."""
    if status in ("published", "withdrawn"):
        item = reading_published(kind="link", url=url, title=f"Link to {url}")
        if status == "withdrawn":
            reviewing.item_withdraw(item=item, user=StaffFactory(), note="Gone.")
        return item
    curator = MemberFactory()
    item = writing.item_create(
        kind="link", created_by=curator, title=f"Link to {url}", summary="S.",
        pillars=["tools"], tags=[], url=url, curator_note="Why it matters.",
    )  # fmt: skip
    if status == "in_review":
        item = writing.item_submit(item=item, user=curator)
    return item


@pytest.mark.django_db
def test_the_check_records_the_health_on_the_item(site, allow_private):
    ok, dead, moved = (_link(site.url(p)) for p in ("/ok", "/missing", "/to-localhost"))

    for item in (ok, dead, moved):
        links.link_check(item_id=item.pk)

    ok.refresh_from_db(), dead.refresh_from_db(), moved.refresh_from_db()
    assert (ok.link_health, ok.link_problem, ok.link_final_url) == (Health.OK, "", ok.url)
    assert dead.link_health == Health.DEAD
    assert dead.link_problem.startswith("The site answered 404")
    assert moved.link_health == Health.MOVED
    assert moved.link_final_url.startswith("http://localhost:")
    assert all(item.link_checked_at is not None for item in (ok, dead, moved))


@pytest.mark.django_db
def test_links_due_are_published_or_in_review_links_not_checked_this_week(site):
    published = _link(site.url("/ok"))
    in_review = _link(site.url("/ok?r"), status="in_review")
    _link(site.url("/ok?d"), status="draft")
    _link(site.url("/ok?w"), status="withdrawn")
    reading_published(kind="article")
    checked = _link(site.url("/ok?c"))
    Item.objects.filter(pk=checked.pk).update(link_checked_at=timezone.now() - timedelta(days=2))
    stale = _link(site.url("/ok?s"))
    Item.objects.filter(pk=stale.pk).update(link_checked_at=timezone.now() - timedelta(days=8))

    assert set(links.links_due_for_check()) == {published.pk, in_review.pk, stale.pk}


@pytest.mark.django_db
def test_the_weekly_task_checks_each_due_link_once_however_often_it_runs(
    site, allow_private, eager_tasks, django_capture_on_commit_callbacks
):
    items = [_link(site.url("/ok")), _link(site.url("/missing"), status="in_review")]

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_links.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_links.delay().get() == 0  # a second run finds nothing due
    tasks.check_link.delay(items[0].pk)  # nor does a stray second task of the same link

    assert len(site.requests) == 2
    healths = dict(Item.objects.filter(kind="link").values_list("pk", "link_health"))
    assert healths == {items[0].pk: Health.OK, items[1].pk: Health.DEAD}


@pytest.mark.django_db
def test_the_task_does_nothing_for_an_item_deleted_meanwhile(eager_tasks):
    author = MemberFactory()
    draft = writing.item_create(
        kind="link", created_by=author, title="T", summary="S.", pillars=["tools"], tags=[],
        url="https://example.com/", curator_note="N.",
    )  # fmt: skip
    writing.item_delete(item=draft, user=author)
    tasks.check_link.delay(draft.pk)  # no error, nothing to do


@pytest.mark.django_db
def test_the_weekly_check_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["library-check-links"]
    assert entry["task"] == "library.tasks.check_links"
    assert entry["schedule"].day_of_week == {0}  # Sunday


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_the_links_from_the_beat_task(site, celery_worker_factory):
    worker = celery_worker_factory(LIBRARY_LINK_CHECK_ALLOW_PRIVATE="true")
    ok, dead = _link(site.url("/ok")), _link(site.url("/missing"))

    tasks.check_links.delay()
    tasks.check_links.delay()  # beat firing twice checks nothing twice

    deadline = time.monotonic() + 30
    while Item.objects.filter(pk__in=[ok.pk, dead.pk], link_health=Health.UNCHECKED).exists():
        assert time.monotonic() < deadline, "the worker never recorded the links' health"
        time.sleep(0.2)
    time.sleep(1)  # a second check, if there were one, would land within this second
    assert worker.process.poll() is None
    assert Item.objects.get(pk=ok.pk).link_health == Health.OK
    assert Item.objects.get(pk=dead.pk).link_health == Health.DEAD
    assert sorted(site.requests) == sorted([("HEAD", "/ok"), ("HEAD", "/missing")])
