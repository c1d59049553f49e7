"""/sitemap.xml and /robots.txt: what search engines are told about the hub's public pages."""

from datetime import date, datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.sitemaps import LibraryItemsSitemap
from library.services import reviewing, writing
from surveys.models import ResultSnapshot, SurveyWave
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory, make_wave
from tests.library.conftest import reading_many, reading_published
from tests.pillars.conftest import founders_version, publish

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://127.0.0.1:8000"  # settings.SITE_URL in tests


def _xml(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (the hub's own output)


def _sections(client) -> list[str]:
    """The addresses the sitemap index at /sitemap.xml lists, checked against the protocol."""
    root = _xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    locs = []
    for entry in root:
        assert entry.tag == f"{SITEMAP}sitemap"
        loc = entry.findtext(f"{SITEMAP}loc")
        assert loc.startswith(f"{SITE}/sitemap.xml?section=")
        locs.append(loc.removeprefix(SITE))
    assert len(set(locs)) == len(locs)
    return locs


def _sitemap(client) -> dict[str, str | None]:
    """Each address in every section the index lists, with its lastmod, checked against the
    sitemap protocol."""
    urls = {}
    count = 0
    for section in _sections(client):
        root = _xml(client, section)
        assert root.tag == f"{SITEMAP}urlset"
        urls |= _urls(root)
        count += len(root)
    assert len(urls) == count  # no address twice
    return urls


def _urls(root) -> dict[str, str | None]:
    urls = {}
    for url in root:
        assert url.tag == f"{SITEMAP}url"
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc.startswith(f"{SITE}/")
        lastmod = url.findtext(f"{SITEMAP}lastmod")
        if lastmod is not None:
            date.fromisoformat(lastmod)  # W3C date, or this raises
        assert url.findtext(f"{SITEMAP}changefreq") in (None, "weekly", "monthly", "yearly")
        urls[loc.removeprefix(SITE)] = lastmod
    return urls


def _ready_results(slug: str) -> SurveyWave:
    wave = make_wave(slug=slug, status="closed")
    ResultSnapshot.objects.create(wave=wave, version=1, status="ready", k=5)
    return wave


@pytest.mark.django_db
def test_the_sitemap_lists_the_public_pages_and_nothing_private(client):
    founders_version()
    publish(changes={"insight": "Sharper."}, note="Version 2.")
    june = timezone.make_aware(datetime(2026, 6, 9, 10))
    item = reading_published(title="Published", edited_at=june)
    draft = writing.item_create(
        kind="article", created_by=MemberFactory(), title="A draft", summary="S.",
        pillars=["tools"], tags=[], body="B.",
    )  # fmt: skip
    gone = reading_published(title="Withdrawn")
    reviewing.item_withdraw(item=gone, user=StaffFactory(), note="Out of date.")
    with_results = _ready_results("benchmark-2025")
    computing = make_wave(slug="benchmark-2026", status="closed")
    ResultSnapshot.objects.create(wave=computing, version=1, status="computing", k=5)

    urls = _sitemap(client)

    assert set(urls) == {
        "/",
        reverse("library:index"),
        reverse("working_groups:index"),
        reverse("pillars:manifesto"),
        reverse("pillars:version", args=[1]),
        reverse("pillars:version", args=[2]),
        item.get_absolute_url(),
        reverse("surveys:results", args=[with_results.slug]),
    }
    assert urls[item.get_absolute_url()] == "2026-06-09"
    assert draft.get_absolute_url() not in urls
    assert gone.get_absolute_url() not in urls


@pytest.mark.django_db
def test_the_manifesto_is_as_recent_as_its_latest_version(client):
    founders_version()
    latest = publish(changes={"insight": "Sharper."}, note="Version 2.")
    urls = _sitemap(client)
    expected = timezone.localtime(latest.published_at).date().isoformat()
    assert urls[reverse("pillars:manifesto")] == expected


@pytest.mark.django_db
def test_the_sitemap_of_an_empty_hub_is_valid(client):
    urls = _sitemap(client)
    assert "/" in urls


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "2", "99999999999999999999999"])
def test_a_sitemap_page_that_does_not_exist_is_not_found(client, page):
    assert client.get("/sitemap.xml", {"section": "pages", "p": page}).status_code == 404


@pytest.mark.django_db
def test_a_sitemap_section_that_does_not_exist_is_not_found(client):
    assert client.get("/sitemap.xml", {"section": "members"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "staff"])
def test_everyone_and_every_crawler_reads_the_sitemap_and_robots(client, role):
    user = {"applicant": ApplicantFactory, "member": MemberFactory, "staff": StaffFactory}
    if role in user:
        client.force_login(user[role]())
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200


# The index: the published versions of the manifesto; the published items, counted; the waves
# with published results. A page of the library's section: the count; the page's items. The
# same with 10 or 200 items, 50 a page.
QUERIES_INDEX = 3
QUERIES_LIBRARY_PAGE = 2


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_the_sitemap_costs_the_same_queries_with_few_or_many_items(
    client, django_assert_num_queries, count, monkeypatch
):
    monkeypatch.setattr(LibraryItemsSitemap, "limit", 50)
    founders_version()
    reading_many(count)
    _ready_results("benchmark-2025")
    client.get("/sitemap.xml", {"section": "pages"})  # caches the Site row, as later requests

    with django_assert_num_queries(QUERIES_INDEX):
        sections = _sections(client)
    library = [section for section in sections if "section=library" in section]
    assert len(library) == -(-count // 50)  # one entry a page of 50
    items = {}
    for page in library:
        with django_assert_num_queries(QUERIES_LIBRARY_PAGE):
            root = _xml(client, page)
        assert len(root) <= 50
        items |= _urls(root)
    assert len(items) == count
    assert items.keys() <= _sitemap(client).keys()


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_corners_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/library/preview/", "/manifesto/draft/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the rest of the hub stays open


@pytest.mark.django_db
def test_robots_txt_answers_get_only(client):
    assert client.post("/robots.txt").status_code == 405
