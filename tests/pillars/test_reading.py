"""Reading the manifesto: the latest version at /manifesto/, any version by number, the list
of versions, the live remit figures, and the home page's definition and pillars."""

import pytest
from django.urls import reverse

from pillars.models import ManifestoComment, ManifestoVersion
from tests.factories import MemberFactory
from tests.pillars.conftest import publish
from tests.surveys.test_results_views import _computed, answered_wave  # noqa: F401

pytestmark = pytest.mark.django_db

KEYS = ["definition", "people", "process", "insight", "tools", "stakeholders"]


def test_a_fresh_install_has_the_founders_text_as_version_1(v1):
    assert v1.is_published and v1.is_major
    assert [section.key for section in v1.sections.all()] == KEYS
    definition = v1.sections.get(key="definition")
    assert definition.statement.startswith("Product Ops is responsible for continually evolving")
    assert "<p>" in v1.sections.get(key="insight").body_html


def test_the_manifesto_shows_the_latest_version_with_an_anchor_per_section(client, v1):
    page = client.get(reverse("pillars:manifesto")).content.decode()
    for key in KEYS:
        assert f'id="{key}"' in page
        assert f'href="#{key}"' in page
    assert "Version 1" in page
    assert "continually evolving, optimizing, scaling" in page
    assert "newer one" not in page


def test_an_older_version_says_plainly_that_a_newer_one_exists(client, v1):
    publish(changes={"insight": "Rewritten."}, note="Insight rewritten.")
    page = client.get(reverse("pillars:version", args=[1])).content.decode()
    assert "A newer one, " in page
    assert 'href="/manifesto/v2/"' in page
    assert 'href="/manifesto/compare/1/2/"' in page
    latest = client.get(reverse("pillars:manifesto")).content.decode()
    assert "Version 2" in latest and "Insight rewritten." in latest
    assert "What changed since v1" in latest
    assert "<p>Rewritten.</p>" in latest


def test_a_version_never_published_is_not_found(client, v1, staff):
    from pillars import services

    services.draft_start(started_by=staff)
    assert client.get("/manifesto/v2/").status_code == 404
    assert client.get("/manifesto/v0/").status_code == 404


def test_the_versions_page_lists_every_published_version_with_its_note(client, v1):
    publish(changes={"tools": "Fewer tools."}, note="Tools shortened.", major=False)
    page = client.get(reverse("pillars:versions")).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "Tools shortened." in page and "Minor change" in page and "Major change" in page
    assert page.index("Version 2") < page.index("Version 1")


def test_each_pillar_shows_its_remit_figures_from_the_latest_results(client, answered_wave):  # noqa: F811
    _computed(answered_wave)
    page = client.get(reverse("pillars:manifesto")).content.decode()
    assert "benchmark</a> (n = 6), how much of Insight is in respondents' remit" in page
    assert f'href="{reverse("surveys:results", args=[answered_wave.slug])}"' in page
    # The definition is no pillar: it has no figures.
    definition = page[page.index('id="definition"') : page.index('id="people"')]
    assert "remit" not in definition


def test_without_results_the_pillars_show_no_figures(client, v1):
    page = client.get(reverse("pillars:manifesto")).content.decode()
    assert "in respondents' remit" not in page


def test_the_home_page_reads_the_latest_published_version(client, v1):
    publish(changes={}, added=[("closing", "Closing", "We keep learning.", "")], note="A close.")
    ManifestoVersion.objects.filter(number=2).update(change_note="A close.")
    from pillars import services

    draft = services.draft_start(started_by=MemberFactory(is_staff=True))
    services.section_save(
        draft=draft,
        key="definition",
        title="What Product Ops is",
        statement="A draft definition nobody has published.",
        body="",
        edited_by=draft.created_by,
    )
    page = client.get(reverse("home")).content.decode()
    assert "continually evolving" in page
    assert "A draft definition" not in page
    assert "v2" in page
    # Only the five pillars are cards; the added section is not one.
    assert "<h3>Closing</h3>" not in page


def test_old_pillar_links_arrive_at_the_manifesto(client, v1):
    response = client.get("/pillars/")
    assert response.status_code == 301
    assert response.url == reverse("pillars:manifesto")


@pytest.mark.parametrize("versions", [1, 12])
def test_the_manifesto_page_costs_the_same_queries_with_many_versions(
    client, v1, django_assert_num_queries, versions
):
    for number in range(2, versions + 1):
        publish(changes={"insight": f"Text {number}."}, note=f"Version {number}.")
    # The latest version; its sections; the latest results snapshot; the comment counts per
    # section (one query); the endorsement summary: its figures and its named endorsers (a
    # visitor has no endorsements of their own to look up); the library's featured items (none
    # here: with some, one more query reads their credits, see tests/library/test_featured.py).
    with django_assert_num_queries(QUERIES_MANIFESTO):
        assert client.get(reverse("pillars:manifesto")).status_code == 200
    with django_assert_num_queries(QUERIES_MANIFESTO + 1):  # + the latest version's number
        assert client.get(reverse("pillars:version", args=[1])).status_code == 200


QUERIES_MANIFESTO = 7


@pytest.mark.parametrize("comments", [10, 200])
def test_the_manifesto_page_costs_the_same_queries_with_many_comments(
    client, v1, django_assert_num_queries, comments
):
    author = MemberFactory()
    keys = ["people", "process", "insight"]
    ManifestoComment.objects.bulk_create(
        ManifestoComment(
            version=v1,
            section_key=keys[number % 3],
            author=author,
            body_markdown=f"Comment {number}",
            body_html=f"<p>Comment {number}</p>",
        )
        for number in range(comments)
    )
    with django_assert_num_queries(QUERIES_MANIFESTO):
        page = client.get(reverse("pillars:manifesto")).content.decode()
    # Every third comment is on People: its count shows under the section.
    assert f"{len(range(0, comments, 3))} comments" in page
