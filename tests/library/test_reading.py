"""Reading the library: the list, its filters, search and pages, and a published item's page."""

from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from library.models import Item
from library.selectors import reading as reading_selectors
from library.services import reviewing, writing
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory
from tests.library.conftest import reading_many, reading_published

INDEX = reverse("library:index")


class _Links(HTMLParser):
    """The <link rel="alternate"> elements of a page's head."""

    def __init__(self):
        super().__init__()
        self.alternates = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append((attrs["type"], attrs["href"]))


def _alternates(response):
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.alternates


def _titles(response):
    return [item.title for item in response.context["page"].object_list]


# --- The list ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_published_items_newest_first_and_nothing_else(client):
    author = MemberFactory(name="Amara Okafor")
    older = reading_published(title="Older", author=author)
    newer = reading_published(kind="link", title="Newer", author=author)
    writing.item_create(
        kind="article", created_by=author, title="A draft", summary="Private.",
        pillars=["process"], tags=[], body="Not yet.",
    )  # fmt: skip
    in_review = writing.item_create(
        kind="article", created_by=author, title="In review", summary="Private.",
        pillars=["process"], tags=[], body="Not yet.",
    )  # fmt: skip
    writing.item_submit(item=in_review, user=author)
    gone = reading_published(title="Withdrawn one", author=author)
    reviewing.item_withdraw(item=gone, user=StaffFactory(), note="Out of date.")

    response = client.get(INDEX)

    assert response.status_code == 200
    assert _titles(response) == [newer.title, older.title]
    assert b"A draft" not in response.content
    assert b"In review" not in response.content
    assert b"Withdrawn one" not in response.content


@pytest.mark.django_db
def test_a_card_credits_accepted_authors_only(client):
    author = MemberFactory(name="Amara Okafor")
    coauthor = MemberFactory(name="Kenji Watanabe")
    invited = MemberFactory(name="Sofia Lindqvist")
    item = writing.item_create(
        kind="article", created_by=author, title="Glue work, named", summary="Who holds it.",
        pillars=["people"], tags=["glue work"], body=" ".join(["word"] * 450),
    )  # fmt: skip
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=author)
    writing.credit_accept(credit=credit, user=coauthor)
    writing.credit_invite(item=item, member=invited, invited_by=author)  # never answered
    item = writing.item_submit(item=item, user=author)
    reviewing.item_publish(item=item, reviewer=StaffFactory())

    page = client.get(INDEX).content.decode()

    assert "Amara Okafor</a> and <a" in page
    assert "Kenji Watanabe" in page
    assert "Sofia Lindqvist" not in page
    assert "3 min read" in page
    assert "Pillar: People" in page
    assert "#glue work" in page


@pytest.mark.django_db
def test_a_link_card_shows_its_curator_apart_from_the_original_author(client):
    curator = MemberFactory(name="Priya Raman")
    reading_published(
        kind="link", author=curator, title="Creative destruction", url="https://www.example.org/x",
        original_author="Jane Essayist",
    )  # fmt: skip

    page = client.get(INDEX).content.decode()

    assert "Curated by <a" in page
    assert "Priya Raman</a> · Original: Jane Essayist (example.org)" in page
    assert "min read" not in page


@pytest.mark.django_db
def test_the_list_filters_by_pillar_tag_kind_and_author(client):
    amara, kenji = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    tools = reading_published(title="Consolidating tools", pillars=["tools"], author=amara)
    tagged = reading_published(
        title="Business cases", pillars=["insight"], tags=["business cases"], author=kenji
    )
    link = reading_published(kind="link", title="An essay", pillars=["people"], author=kenji)

    assert _titles(client.get(INDEX, {"pillar": "tools"})) == [tools.title]
    assert _titles(client.get(INDEX, {"tag": "business-cases"})) == [tagged.title]
    assert _titles(client.get(INDEX, {"kind": "link"})) == [link.title]
    assert _titles(client.get(INDEX, {"author": amara.pk})) == [tools.title]
    assert _titles(client.get(INDEX, {"author": kenji.pk, "kind": "article"})) == [tagged.title]


@pytest.mark.django_db
def test_the_chosen_filters_are_shown_and_each_can_be_removed(client):
    kenji = MemberFactory(name="Kenji Watanabe")
    reading_published(pillars=["tools"], tags=["tooling"], author=kenji)

    response = client.get(INDEX, {"pillar": "tools", "tag": "tooling", "author": kenji.pk})

    chosen = {filter["field"]: filter for filter in response.context["chosen"]}
    assert chosen["Pillar"]["label"] == "Tools"
    assert chosen["Tag"]["label"] == "tooling"
    assert chosen["Author or curator"]["label"] == "Kenji Watanabe"
    assert chosen["Pillar"]["remove"] == f"?tag=tooling&author={kenji.pk}"
    page = response.content.decode()
    assert "Remove the filter Pillar: Tools" in page
    assert "<h1>Library: Tools</h1>" in page


@pytest.mark.django_db
def test_the_form_has_a_label_for_every_filter(client):
    reading_published()
    page = client.get(INDEX).content.decode()
    for name in ("q", "pillar", "kind", "tag", "author"):
        assert f'for="id_{name}"' in page


@pytest.mark.django_db
def test_the_filters_offer_the_most_used_tags_and_authors_and_the_chosen_one(client, monkeypatch):
    monkeypatch.setattr(reading_selectors, "FILTER_CHOICES", 2)
    prolific, steady, once = (MemberFactory(name=name) for name in ("Zoe", "Yan", "Abe"))
    for _ in range(3):
        reading_published(author=prolific, tags=["roadmaps"])
    for _ in range(2):
        reading_published(author=steady, tags=["hiring"])
    only = reading_published(title="Once", author=once, tags=["audits"])

    form = client.get(INDEX).context["form"]
    assert [name for _, name in form.fields["author"].choices] == ["Anyone", "Yan", "Zoe"]
    assert [slug for slug, _ in form.fields["tag"].choices] == ["", "hiring", "roadmaps"]

    # A name on a card links to its member's items: chosen, they are offered and filtered by.
    response = client.get(INDEX, {"author": once.pk, "tag": "audits"})
    assert _titles(response) == [only.title]
    assert "Abe" in [name for _, name in response.context["form"].fields["author"].choices]


@pytest.mark.django_db
def test_only_members_with_a_published_credit_can_be_chosen_as_author(client):
    published = MemberFactory(name="Amara Okafor")
    unpublished = MemberFactory(name="Private Person")
    reading_published(author=published)
    writing.item_create(
        kind="article", created_by=unpublished, title="Draft", summary="S.",
        pillars=["process"], tags=[], body="B.",
    )  # fmt: skip

    response = client.get(INDEX, {"author": unpublished.pk})

    assert "Private Person" not in response.content.decode()
    assert "author" in response.context["form"].errors
    assert response.context["filters"].author is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named_at"),
    [
        ({"pillar": "nonsense"}, "pillar"),
        ({"kind": "video"}, "kind"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"author": "abc"}, "author"),
        ({"author": "99999999999999999999999"}, "author"),
        ({"q": "roadmaps\x00"}, "q"),
        ({"q": "x" * 5000}, "q"),
        ({"page": "abc"}, None),
        ({"page": "99999999999999999999"}, None),
        ({"page": "-1"}, None),
        ({"q": '"unclosed -quote & | ! :* <b>'}, None),
    ],
)
def test_bad_filters_are_named_and_left_out_never_a_server_error(client, query, named_at):
    reading_published(title="Roadmap standards")

    response = client.get(INDEX, query)

    assert response.status_code == 200
    if named_at:
        assert named_at in response.context["form"].errors
        assert "Some filters could not be read" in response.content.decode()
        assert _titles(response) == ["Roadmap standards"]


@pytest.mark.django_db
def test_search_finds_words_in_title_summary_and_text_best_match_first(client):
    body_only = reading_published(
        title="Quarterly planning", summary="A ritual.", body="We compare roadmaps each quarter."
    )
    in_title = reading_published(title="Roadmaps that compare", summary="Standards.")
    reading_published(title="Hiring", summary="People.", body="Interview loops.")

    response = client.get(INDEX, {"q": "roadmap"})

    assert _titles(response) == [in_title.title, body_only.title]
    assert response.context["chosen"][0]["label"] == "“roadmap”"


@pytest.mark.django_db
def test_search_understands_phrases_and_exclusions(client):
    reading_published(title="Glue work", summary="The work between teams.", body="Glue holds.")
    reading_published(title="Glue guns", summary="Tools of the trade.", body="Hot glue.")

    assert _titles(client.get(INDEX, {"q": "glue -guns"})) == ["Glue work"]
    assert _titles(client.get(INDEX, {"q": '"between teams"'})) == ["Glue work"]


@pytest.mark.django_db
def test_search_on_equal_rank_shows_the_newest_first(client):
    old = reading_published(title="Roadmaps", published_at=timezone.now() - timedelta(days=1))
    new = reading_published(title="Roadmaps")
    assert _titles(client.get(INDEX, {"q": "roadmaps"})) == [new.title, old.title]


@pytest.mark.django_db
def test_the_list_has_twenty_items_a_page_and_keeps_the_filters_across_pages(client):
    reading_many(23, pillar="tools")

    first = client.get(INDEX, {"pillar": "tools"})
    second = client.get(INDEX, {"pillar": "tools", "page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 3
    assert 'href="?pillar=tools&amp;page=2"' in first.content.decode()


@pytest.mark.django_db
def test_the_list_links_its_feeds_and_its_pillars_and_tags_feeds_when_filtered(client):
    reading_published(pillars=["tools"], tags=["tooling"])

    assert _alternates(client.get(INDEX)) == [
        ("application/rss+xml", reverse("library:feed_rss")),
        ("application/atom+xml", reverse("library:feed_atom")),
    ]
    filtered = _alternates(client.get(INDEX, {"pillar": "tools", "tag": "tooling"}))
    assert ("application/rss+xml", reverse("library:pillar_feed_rss", args=["tools"])) in filtered
    assert ("application/atom+xml", reverse("library:pillar_feed_atom", args=["tools"])) in filtered
    assert ("application/rss+xml", reverse("library:tag_feed_rss", args=["tooling"])) in filtered
    assert ("application/atom+xml", reverse("library:tag_feed_atom", args=["tooling"])) in filtered


@pytest.mark.django_db
def test_an_empty_pillar_invites_members_to_write_and_only_members(client):
    reading_published(pillars=["process"])

    visitor_page = client.get(INDEX, {"pillar": "tools"}).content.decode()
    client.force_login(MemberFactory())
    member_page = client.get(INDEX, {"pillar": "tools"}).content.decode()

    assert "No items on Tools yet." in visitor_page
    assert reverse("library:new_article") not in visitor_page
    assert "No items on Tools yet." in member_page
    assert f'<a href="{reverse("library:new_article")}">Write one</a>' in member_page


@pytest.mark.django_db
def test_a_search_without_matches_says_so_and_offers_everything(client):
    reading_published()
    page = client.get(INDEX, {"q": "zeppelins"}).content.decode()
    assert "Nothing in the library matches “zeppelins”" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "staff"])
def test_everyone_reads_the_list(client, role):
    reading_published(title="For everyone")
    user = {
        "visitor": None,
        "applicant": ApplicantFactory,
        "member": MemberFactory,
        "staff": StaffFactory,
    }[role]
    if user:
        client.force_login(user())
    response = client.get(INDEX)
    assert response.status_code == 200
    assert _titles(response) == ["For everyone"]


# The list, for a visitor: the tags in use; the credited members; the count; the page of
# items; their shown credits with members; their tags. The same with 10 or 200 items, and
# with a search and every filter.
QUERIES_LIST = 6


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_the_list_costs_the_same_queries_with_few_or_many_items(
    client, django_assert_num_queries, count
):
    author = MemberFactory(name="Amara Okafor")
    reading_many(count, author=author, coauthor=MemberFactory(), pillar="tools", tag="roadmaps")
    client.get(INDEX)  # the content type of items, cached for the process from then on

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(INDEX)
    assert len(response.context["page"].object_list) == min(count, 20)
    everything = {"q": "roadmap", "pillar": "tools", "tag": "roadmaps", "kind": "article"}
    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(INDEX, {**everything, "author": author.pk, "page": 2})
    assert response.status_code == 200


# --- An item ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_item_shows_its_text_credits_dates_and_more_on_its_pillar(client):
    author, coauthor = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    may = timezone.make_aware(datetime(2026, 5, 3, 10))
    june = timezone.make_aware(datetime(2026, 6, 9, 10))
    other = reading_published(title="Another on tools", pillars=["tools"], published_at=may)
    item = reading_published(
        title="Consolidating the tool stack", summary="Fewer tools, one source of truth.",
        pillars=["tools", "stakeholders"], tags=["tooling"], author=author, coauthors=[coauthor],
        body="## Start with an inventory\n\nList every tool.", published_at=may,
        edited_at=june,
    )  # fmt: skip

    response = client.get(item.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="item-title">Consolidating the tool stack</h1>' in page
    assert "Fewer tools, one source of truth." in page
    assert "Amara Okafor</a> and <a" in page
    assert "Kenji Watanabe" in page
    assert "Published <time" in page
    assert ">3 May 2026</time> · updated <time" in page
    assert ">9 June 2026</time>" in page
    assert "Start with an inventory</h3>" in page
    assert "More on Tools" in page
    assert other.get_absolute_url() in page
    assert "#tooling" in page


@pytest.mark.django_db
def test_an_item_not_edited_since_it_was_published_shows_no_update(client):
    item = reading_published()
    assert "updated" not in client.get(item.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_curated_link_shows_the_link_its_source_and_why_it_matters(client):
    item = reading_published(
        kind="link", title="Creative destruction", url="https://www.example.org/essay",
        original_author="Jane Essayist", curator_note="It names what we *stop* doing.",
        quote="Destroy to create.",
    )  # fmt: skip
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'href="https://www.example.org/essay"' in page
    assert "Why it matters" in page
    assert "<em>stop</em>" in page
    assert "Destroy to create." in page
    assert "Original: Jane Essayist (example.org)" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "staff"])
def test_a_withdrawn_item_answers_410_gone_with_its_note_to_everyone(client, role):
    item = reading_published(title="Out of date")
    reviewing.item_withdraw(item=item, user=StaffFactory(), note="The numbers are from 2019.")
    user = {"applicant": ApplicantFactory, "member": MemberFactory, "staff": StaffFactory}
    if role in user:
        client.force_login(user[role]())

    response = client.get(item.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "This item was withdrawn from the library on" in page
    assert "The numbers are from 2019." in page
    assert f'href="{INDEX}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "author", "staff"])
@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "declined"])
def test_an_item_that_is_not_published_is_not_found_by_its_slug(client, role, status):
    author = MemberFactory()
    item = reading_published(author=author)
    # Only publication gives a slug; a slug on an item in another state is a state no
    # service makes, set here to show that the page reads the status, not the slug.
    Item.objects.filter(pk=item.pk).update(status=status)
    users = {
        "applicant": ApplicantFactory, "member": MemberFactory, "staff": StaffFactory,
        "author": lambda: author,
    }  # fmt: skip
    if role in users:
        client.force_login(users[role]())

    assert client.get(item.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_unknown_slug_is_not_found(client):
    assert client.get(reverse("library:item", args=["no-such-item"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "staff"])
def test_everyone_reads_a_published_item(client, role):
    item = reading_published(title="For everyone")
    user = {"applicant": ApplicantFactory, "member": MemberFactory, "staff": StaffFactory}
    if role in user:
        client.force_login(user[role]())
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert (b"Review, feature or withdraw" in response.content) == (role == "staff")


# An item's page, for a visitor: the item; its shown credits with members; its tags; the
# latest items on its first pillar. The same with 10 or 200 items; 1 for a withdrawn item.
QUERIES_ITEM = 4


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_an_item_costs_the_same_queries_with_few_or_many_items(
    client, django_assert_num_queries, count
):
    items = reading_many(count, coauthor=MemberFactory())
    article, link = items[0], items[1]
    client.get(article.get_absolute_url())  # caches the content type of items

    with django_assert_num_queries(QUERIES_ITEM):
        assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_num_queries(QUERIES_ITEM):
        assert client.get(link.get_absolute_url()).status_code == 200
    reviewing.item_withdraw(item=items[2], user=StaffFactory(), note="Gone.")
    with django_assert_num_queries(1):
        assert client.get(items[2].get_absolute_url()).status_code == 410
