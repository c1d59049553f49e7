"""The library's feeds: RSS 2.0 and Atom 1.0, the latest items and per pillar and tag, read
with an XML parser the way a feed reader would."""

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from library.services import reviewing, writing
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory
from tests.library.conftest import reading_many, reading_published

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
SITE = "http://127.0.0.1:8000"  # settings.SITE_URL in tests

RSS_FEEDS = [
    ("library:feed_rss", []),
    ("library:pillar_feed_rss", ["tools"]),
    ("library:tag_feed_rss", ["tooling"]),
]
ATOM_FEEDS = [
    ("library:feed_atom", []),
    ("library:pillar_feed_atom", ["tools"]),
    ("library:tag_feed_atom", ["tooling"]),
]


def _parse(response):
    # The hub's own output, parsed to check it is well-formed XML.
    return ElementTree.fromstring(response.content)  # noqa: S314


def _rss(client, name="library:feed_rss", args=()):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = _parse(response)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    return channel


def _atom(client, name="library:feed_atom", args=()):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = _parse(response)
    assert root.tag == f"{ATOM}feed"
    return root


def _entries(feed):
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}


def _items(channel):
    return {item.findtext("title"): item for item in channel.findall("item")}


@pytest.fixture
def article_and_link(db):
    """An article by two authors and a curated link, both on Tools and tagged #tooling."""
    amara, kenji = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    may = timezone.make_aware(datetime(2026, 5, 3, 10))
    june = timezone.make_aware(datetime(2026, 6, 9, 10))
    article = reading_published(
        title="Consolidating tools & rituals", summary="Fewer tools <really>.", author=amara,
        coauthors=[kenji], pillars=["tools", "process"], tags=["tooling"],
        body="## An inventory\n\nList **every** tool.", published_at=may, edited_at=june,
    )  # fmt: skip
    link = reading_published(
        kind="link", title="Creative destruction", summary="An essay on stopping things.",
        author=kenji, pillars=["tools"], tags=["tooling", "essays"],
        url="https://www.example.org/creative-destruction", original_author="Jane Essayist",
        curator_note="It names what we *stop* doing.", quote="Destroy to create.",
        published_at=june,
    )  # fmt: skip
    return article, link


# --- RSS 2.0 ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), RSS_FEEDS)
def test_each_rss_feed_is_valid_rss_2_with_its_required_elements(
    client, article_and_link, name, args
):
    channel = _rss(client, name, args)

    assert channel.findtext("title")
    assert channel.findtext("link").startswith(f"{SITE}/library/")
    assert channel.findtext("description")
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == SITE + reverse(name, args=args)
    for item in channel.findall("item"):
        assert item.findtext("title")
        assert item.findtext("link").startswith(f"{SITE}/library/")
        assert item.findtext("guid") == item.findtext("link")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, or this raises


@pytest.mark.django_db
def test_an_rss_article_has_its_summary_full_text_every_author_and_categories(
    client, article_and_link
):
    article, _ = article_and_link
    item = _items(_rss(client))["Consolidating tools &amp; rituals"]  # RSS titles are HTML

    assert item.findtext("link") == SITE + article.get_absolute_url()
    assert item.findtext("description") == "Fewer tools &lt;really&gt;."
    assert [creator.text for creator in item.findall(f"{DC}creator")] == [
        "Amara Okafor",
        "Kenji Watanabe",
    ]
    assert "<strong>every</strong>" in item.findtext(f"{CONTENT}encoded")
    assert [c.text for c in item.findall("category")] == ["Process", "Tools", "tooling"]
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at
    assert item.find("author") is None  # RSS's author wants an email: none is published


@pytest.mark.django_db
def test_an_rss_link_carries_the_curators_note_and_the_address(client, article_and_link):
    item = _items(_rss(client))["Creative destruction"]

    content = item.findtext(f"{CONTENT}encoded")
    assert "<em>stop</em>" in content
    assert "Destroy to create." in content
    assert 'href="https://www.example.org/creative-destruction"' in content
    assert [creator.text for creator in item.findall(f"{DC}creator")] == ["Kenji Watanabe"]


# --- Atom 1.0 ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), ATOM_FEEDS)
def test_each_atom_feed_is_valid_atom_1_with_its_required_elements(
    client, article_and_link, name, args
):
    feed = _atom(client, name, args)

    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}title")
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == SITE + reverse(name, args=args)
    assert links["alternate"].startswith(f"{SITE}/library/")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Product Ops Alliance"
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}title")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
        alternate = [l for l in entry.findall(f"{ATOM}link") if l.get("rel") == "alternate"]  # noqa: E741
        assert len(alternate) == 1
        assert entry.find(f"{ATOM}author/{ATOM}name").text


@pytest.mark.django_db
def test_an_atom_article_has_summary_content_author_then_contributors_and_dates(
    client, article_and_link
):
    article, _ = article_and_link
    entry = _entries(_atom(client))["Consolidating tools & rituals"]  # Atom titles are text

    assert entry.findtext(f"{ATOM}id") == SITE + article.get_absolute_url()
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Fewer tools &lt;really&gt;."
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>every</strong>" in content.text
    assert [a.text for a in entry.findall(f"{ATOM}author/{ATOM}name")] == ["Amara Okafor"]
    assert [c.text for c in entry.findall(f"{ATOM}contributor/{ATOM}name")] == ["Kenji Watanabe"]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Process",
        "Tools",
        "tooling",
    ]
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == article.published_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == article.edited_at


@pytest.mark.django_db
def test_an_atom_link_has_the_curators_note_and_the_link_as_related(client, article_and_link):
    _, link = article_and_link
    entry = _entries(_atom(client))["Creative destruction"]

    links = {l.get("rel"): l.get("href") for l in entry.findall(f"{ATOM}link")}  # noqa: E741
    assert links == {"alternate": SITE + link.get_absolute_url(), "related": link.url}
    assert "<em>stop</em>" in entry.findtext(f"{ATOM}content")
    assert [a.text for a in entry.findall(f"{ATOM}author/{ATOM}name")] == ["Kenji Watanabe"]
    assert entry.findall(f"{ATOM}contributor") == []


@pytest.mark.django_db
def test_an_entry_is_never_updated_before_it_was_published(client):
    june = timezone.make_aware(datetime(2026, 6, 9, 10))
    item = reading_published(edited_at=june - timedelta(days=30), published_at=june)
    entry = _entries(_atom(client))[item.title]
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == june


@pytest.mark.django_db
def test_the_feed_is_updated_when_its_latest_entry_was(client, article_and_link):
    latest = max(max(item.edited_at, item.published_at) for item in article_and_link)
    feed = _atom(client)
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")) == latest


# --- Which items ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feeds_carry_published_items_only(client):
    author = MemberFactory()
    reading_published(title="Published", author=author, pillars=["tools"], tags=["tooling"])
    writing.item_create(
        kind="article", created_by=author, title="A draft", summary="S.", pillars=["tools"],
        tags=["tooling"], body="B.",
    )  # fmt: skip
    gone = reading_published(title="Withdrawn", author=author, pillars=["tools"], tags=["tooling"])
    reviewing.item_withdraw(item=gone, user=StaffFactory(), note="Out of date.")

    for name, args in RSS_FEEDS:
        assert list(_items(_rss(client, name, args))) == ["Published"]
    for name, args in ATOM_FEEDS:
        assert list(_entries(_atom(client, name, args))) == ["Published"]


@pytest.mark.django_db
def test_a_pillar_feed_has_that_pillars_items_and_a_tag_feed_that_tags(client, article_and_link):
    reading_published(title="On people", pillars=["people"], tags=["hiring"])

    assert set(_entries(_atom(client, "library:pillar_feed_atom", ["people"]))) == {"On people"}
    assert set(_entries(_atom(client, "library:tag_feed_atom", ["essays"]))) == {
        "Creative destruction"
    }
    assert len(_items(_rss(client, "library:tag_feed_rss", ["tooling"]))) == 2
    feed = _atom(client, "library:pillar_feed_atom", ["people"])
    assert feed.findtext(f"{ATOM}title") == "Product Ops Alliance library: People"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("library:pillar_feed_rss", args=["marketing"]),
        reverse("library:pillar_feed_atom", args=["marketing"]),
        reverse("library:tag_feed_rss", args=["no-such-tag"]),
        reverse("library:tag_feed_atom", args=["draft-only"]),
    ],
)
def test_an_unknown_pillar_or_a_tag_no_published_item_has_is_not_found(client, url):
    writing.item_create(
        kind="article", created_by=MemberFactory(), title="A draft", summary="S.",
        pillars=["tools"], tags=["draft-only"], body="B.",
    )  # fmt: skip
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_feed_has_the_latest_twenty_items(client):
    reading_many(25)
    assert len(_items(_rss(client))) == 20
    entries = _atom(client).findall(f"{ATOM}entry")
    assert len(entries) == 20
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[:3] == ["A curated essay", "Roadmap standards that stick", "Item number 22"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "staff"])
def test_everyone_reads_the_feeds(client, role, article_and_link):
    user = {"applicant": ApplicantFactory, "member": MemberFactory, "staff": StaffFactory}
    if role in user:
        client.force_login(user[role]())
    for name, args in RSS_FEEDS + ATOM_FEEDS:
        assert client.get(reverse(name, args=args)).status_code == 200


# A feed: its items; their shown credits with members; their tags (+ the tag, for a tag's
# feed). The same with 10 or 200 items.
QUERIES_FEED = 3


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_the_feeds_cost_the_same_queries_with_few_or_many_items(
    client, django_assert_num_queries, count
):
    reading_many(count, coauthor=MemberFactory(), pillar="tools", tag="tooling")
    client.get(reverse("library:tag_feed_rss", args=["tooling"]))  # caches the site and types

    for name, args in RSS_FEEDS + ATOM_FEEDS:
        extra = 1 if "tag" in name else 0
        with django_assert_num_queries(QUERIES_FEED + extra):
            assert client.get(reverse(name, args=args)).status_code == 200
