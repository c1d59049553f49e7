"""Comparing two versions: the per-section comparison (pillars.selectors.compare) on the edge
cases a manifesto meets, and the compare page."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from pillars import services
from pillars.models import ManifestoVersion
from pillars.selectors.compare import _moved_keys, compare_versions
from tests.factories import StaffFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db

KEYS = ["definition", "people", "process", "insight", "tools", "stakeholders"]


def _by_key(comparison):
    return {item.key: item for item in comparison.sections}


def _statuses(comparison):
    return [(item.key, item.status) for item in comparison.sections]


def _plain(html):
    """The text a reader sees, cues aside."""
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", str(html))
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&#x27;", "'")


def _reorder(*, orders, by=None):
    """Publish a version where only the sections' places change."""
    by = by or StaffFactory()
    draft = services.draft_start(started_by=by)
    for key, order in orders.items():
        section = draft.sections.get(key=key)
        services.section_save(
            draft=draft,
            key=key,
            title=section.title,
            statement=section.statement,
            body=section.body_markdown,
            order=order,
            edited_by=by,
        )
    return services.draft_publish(
        draft=draft, published_by=by, change_note="Moved.", is_major=False
    )


# --- The per-section comparison ---------------------------------------------------------------


def test_a_version_compared_with_itself_is_unchanged_everywhere(v1):
    comparison = compare_versions(old=v1, new=v1)
    assert _statuses(comparison) == [(key, "unchanged") for key in KEYS]
    assert not comparison.has_changes
    assert comparison.summary == "6 sections unchanged."
    assert not any(item.moved for item in comparison.sections)


def test_a_rewritten_section_is_changed_with_its_words_marked(v1):
    v2 = publish(changes={"insight": "Product Ops curates data and research for every team."})
    comparison = compare_versions(old=v1, new=v2)
    insight = _by_key(comparison)["insight"]
    assert insight.status == "changed"
    assert [part.name for part in insight.changed_fields] == ["body_markdown"]
    assert insight.unchanged_labels == "title and statement"
    html = insight.changed_fields[0].inline
    assert '<ins><span class="visually-hidden">inserted: </span>' in html
    assert '<del><span class="visually-hidden">deleted: </span>' in html
    assert comparison.summary == "1 section changed, 5 unchanged."


def test_a_section_added_comes_at_its_place_with_its_whole_text(v1):
    v2 = publish(added=[("closing", "Closing words", "Join us.", "We grow the practice.")])
    comparison = compare_versions(old=v1, new=v2)
    assert _statuses(comparison)[-1] == ("closing", "added")
    closing = _by_key(comparison)["closing"]
    assert closing.old is None and closing.section.title == "Closing words"
    assert closing.new_position == 7 and closing.old_position is None
    assert comparison.summary == "1 section added, 6 unchanged."


def test_a_removed_section_stays_where_it_was(v1):
    v2 = publish(removed=["tools"])
    comparison = compare_versions(old=v1, new=v2)
    assert [key for key, _ in _statuses(comparison)] == KEYS
    assert _by_key(comparison)["tools"].status == "removed"
    assert _by_key(comparison)["tools"].section.title == "Tools"
    assert comparison.summary == "1 section removed, 5 unchanged."


def test_removed_sections_in_a_row_and_at_the_top_keep_their_old_order(v1):
    v2 = publish(removed=["people", "process"], added=[("first", "First", "", "New.")])
    comparison = compare_versions(old=v2, new=v1)  # v2 → v1: "first" is removed, others added
    assert [key for key, _ in _statuses(comparison)] == [*KEYS, "first"]
    comparison = compare_versions(old=v1, new=v2)
    assert [key for key, _ in _statuses(comparison)] == [
        "definition",
        "people",
        "process",
        "insight",
        "tools",
        "stakeholders",
        "first",
    ]
    assert _by_key(comparison)["people"].status == "removed"


def test_a_later_version_compared_with_an_earlier_one_reads_backwards(v1):
    v2 = publish(added=[("closing", "Closing words", "", "Text.")], removed=["tools"])
    backwards = compare_versions(old=v2, new=v1)
    assert _by_key(backwards)["closing"].status == "removed"
    assert _by_key(backwards)["tools"].status == "added"


def test_a_reordered_section_is_moved_not_changed(v1):
    v2 = _reorder(orders={"tools": 0})  # tools now first
    comparison = compare_versions(old=v1, new=v2)
    assert comparison.sections[0].key == "tools"
    moved = [item.key for item in comparison.sections if item.moved]
    assert moved == ["tools"]
    tools = _by_key(comparison)["tools"]
    assert tools.status == "unchanged"
    assert tools.moved_text == "Moved: now section 1, was section 5."
    assert comparison.has_changes
    assert comparison.summary == "6 sections unchanged. 1 section moved."


def test_renumbering_without_changing_the_order_moves_nothing(v1):
    v2 = _reorder(orders={key: 10 * (place + 1) for place, key in enumerate(KEYS)})
    comparison = compare_versions(old=v1, new=v2)
    assert not any(item.moved for item in comparison.sections)


def test_moved_keys_name_the_fewest_sections():
    assert _moved_keys(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == set()
    assert _moved_keys(["a", "b", "c", "d"], ["d", "a", "b", "c"]) == {"d"}
    assert _moved_keys(["a", "b", "c"], ["a", "x", "c", "b"]) in ({"b"}, {"c"})
    assert _moved_keys([], ["a"]) == set()


def test_an_emptied_and_a_filled_section_are_changed(v1):
    v2 = publish(changes={"people": "", "tools": "Tools.\n\nMore tools."})
    v3 = publish(changes={"people": "People again."})
    first = _by_key(compare_versions(old=v1, new=v2))
    body = first["people"].changed_fields[0]
    assert body.new_text == "" and _plain(body.inline) == body.old_text
    assert "<ins>" not in body.inline
    again = _by_key(compare_versions(old=v2, new=v3))["people"].changed_fields[0]
    assert "<del>" not in again.inline and _plain(again.inline) == "People again."
    assert v3.number == 3


def test_an_added_section_without_text_compares(v1):
    draft = services.draft_start(started_by=StaffFactory())
    services.section_add(draft=draft, key="empty", title="Empty", edited_by=draft.created_by)
    empty = _by_key(compare_versions(old=v1, new=draft))["empty"]
    assert empty.status == "added"
    assert [part.new_text for part in empty.fields] == ["Empty", "", ""]


MARKDOWN = "**Process** first, `then` _tools_: see [the guide](https://example.org/guide)."
MARKDOWN_NEW = "*Process* first, then __tools__: see [our guide](https://example.org/g)."


def test_markdown_punctuation_is_compared_as_written_and_never_rendered(v1):
    v2 = publish(changes={"process": MARKDOWN})
    v3 = publish(changes={"process": MARKDOWN_NEW})
    body = _by_key(compare_versions(old=v2, new=v3))["process"].changed_fields[0]
    html = str(body.inline)
    assert "<strong>" not in html and "<a " not in html and "<code>" not in html
    assert "deleted: </span>*</del>" in html  # one star of ** went
    assert "deleted: </span>`</del>" in html
    assert "inserted: </span>our</ins>" in html
    old_side, new_side = str(body.old), str(body.new)
    assert "<ins>" not in old_side and "<del>" not in new_side
    assert _plain(old_side) == MARKDOWN and _plain(new_side) == MARKDOWN_NEW


def test_markup_in_a_section_is_escaped_in_the_diff(v1):
    v2 = publish(changes={"tools": "<script>alert(1)</script> & tools"})
    body = _by_key(compare_versions(old=v1, new=v2))["tools"].changed_fields[0]
    for html in (body.inline, body.old, body.new):
        assert "<script>" not in str(html)
    assert "&lt;script&gt;" in str(body.new)


@pytest.mark.parametrize(
    ("old", "new", "inserted"),
    [
        ("产品运营重要。", "产品运营非常重要。", "非常"),
        (
            "プロダクトオペレーションは重要です。",
            "プロダクトオペレーションはとても重要です。",
            "とても",
        ),
        ("Продуктовые операции помогают.", "Продуктовые операции очень помогают.", "очень"),
        ("عمليات المنتج مهمة.", "عمليات المنتج مهمة جدا.", "جدا"),
    ],
)
def test_text_in_other_scripts_is_compared_word_by_word(v1, old, new, inserted):
    v2 = publish(changes={"insight": old})
    v3 = publish(changes={"insight": new})
    body = _by_key(compare_versions(old=v2, new=v3))["insight"].changed_fields[0]
    assert re.search(rf"<ins><span [^>]+>inserted: </span>\s*{inserted}\s*</ins>", body.inline)
    assert "<del>" not in body.inline
    assert _plain(body.new) == new and _plain(body.old) == old


def test_a_title_and_statement_change_are_their_own_parts(v1):
    by = StaffFactory()
    draft = services.draft_start(started_by=by)
    services.section_save(
        draft=draft,
        key="insight",
        title="Insight and evidence",
        statement="Teams reach the evidence.",
        body=draft.sections.get(key="insight").body_markdown,
        edited_by=by,
    )
    insight = _by_key(compare_versions(old=v1, new=draft))["insight"]
    assert [part.label for part in insight.changed_fields] == ["Title", "Statement"]
    assert insight.unchanged_labels == "text"


# --- The compare page -------------------------------------------------------------------------


def test_anyone_reads_what_changed_with_a_summary_and_anchors(client, v1):
    v2 = publish(
        changes={"insight": "Product Ops curates trusted data."},
        added=[("closing", "Closing words", "", "Join us.")],
        note="Insight rewritten.",
    )
    response = client.get(reverse("pillars:compare", args=[1, 2]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "What changed from v1 to v2" in page
    assert "1 section changed, 1 added, 5 unchanged." in page
    assert "Insight rewritten." in page and escape(v1.change_note) in page
    assert 'id="insight"' in page and 'id="closing"' in page
    assert "Added in v2" in page and "No change" in page
    assert "inserted: </span>trusted" in page and "deleted: </span>" in page
    assert f'href="{reverse("pillars:version", args=[v2.number])}#insight"' in page
    assert re.search(r'href="/manifesto/compare/1/2/" aria-current="page">Inline', page)


def test_the_side_by_side_view_shows_two_columns(client, v1):
    publish(changes={"insight": "Product Ops curates data."})
    page = client.get(reverse("pillars:compare", args=[1, 2]), {"view": "side"}).content.decode()
    assert 'class="diff-columns"' in page
    assert re.search(r'\?view=side" aria-current="page">Side by side', page)
    assert 'class="diff-column__label">v1<' in page and 'class="diff-column__label">v2<' in page


def test_an_unknown_view_falls_back_to_inline(client, v1):
    publish(changes={"insight": "Product Ops curates data."})
    page = client.get(reverse("pillars:compare", args=[1, 2]), {"view": "<x>"}).content.decode()
    assert 'class="diff-columns"' not in page
    assert "&lt;x&gt;" not in page and "<x>" not in page


def test_a_version_compared_with_itself_says_so(client, v1):
    page = client.get(reverse("pillars:compare", args=[1, 1])).content.decode()
    assert "This compares v1 with itself. 6 sections unchanged." in page


def test_an_earlier_version_may_be_the_new_side(client, v1):
    publish(added=[("closing", "Closing words", "", "Join us.")])
    page = client.get(reverse("pillars:compare", args=[2, 1])).content.decode()
    assert "What changed from v2 to v1" in page
    assert "Removed in v1" in page


@pytest.mark.parametrize("pair", [(1, 2), (2, 1), (0, 1), (1, 99999999999999999999)])
def test_a_number_never_published_is_not_found(client, v1, pair):
    assert client.get(reverse("pillars:compare", args=pair)).status_code == 404


def test_a_draft_is_not_comparable_on_the_public_page(client, v1):
    services.draft_start(started_by=StaffFactory())
    assert ManifestoVersion.objects.filter(status="draft").exists()
    assert client.get(reverse("pillars:compare", args=[1, 2])).status_code == 404


@pytest.mark.parametrize("who", ["applicant_client", "member_client", "staff_client"])
def test_every_role_reads_the_comparison(request, who, v1):
    client = request.getfixturevalue(who)
    assert client.get(reverse("pillars:compare", args=[1, 1])).status_code == 200


def test_a_post_is_not_allowed(client, v1):
    assert client.post(reverse("pillars:compare", args=[1, 1])).status_code == 405


@pytest.mark.parametrize("extra", [0, 30])
def test_the_compare_page_costs_the_same_queries_with_few_or_many_sections(
    client, v1, django_assert_num_queries, extra
):
    publish(
        changes={"insight": "Rewritten."},
        added=[(f"extra-{n}", f"Extra {n}", "", f"Text {n}.") for n in range(extra)],
    )
    # 1. version A (with who published it), 2. version B, 3. the sections of both.
    with django_assert_num_queries(3):
        response = client.get(reverse("pillars:compare", args=[1, 2]), {"view": "side"})
    assert response.status_code == 200
