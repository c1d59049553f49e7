"""The shared word diff (alliance/diff.py), on the edge cases a manifesto section meets."""

import pytest

from alliance.diff import diff_html, word_diff


def _kinds(old, new):
    return [(c.kind, c.text) for c in word_diff(old, new)]


def _rebuilt(changes):
    old = "".join(c.text for c in changes if c.kind != "insert")
    new = "".join(c.text for c in changes if c.kind != "delete")
    return old, new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("", "A section added."),
        ("A section removed.", ""),
        ("Same text.", "Same text."),
        ("Insight is data.", "Insight is data and judgement."),
        ("**Process** first, *then* tools.", "*Process* first, then **tools**."),
        ("- one\n- two\n", "- two\n- one\n"),  # reordered lines
        ("Продуктовые операции помогают.", "Продуктовые операции очень помогают."),
        ("プロダクトオペレーションは重要です。", "プロダクトオペレーションはとても重要です。"),
        ("a  b\n\nc", "a b\nc"),
    ],
)
def test_the_changes_give_back_both_texts(old, new):
    assert _rebuilt(word_diff(old, new)) == (old, new)


def test_an_unchanged_text_is_one_equal_run():
    assert _kinds("Same text.", "Same text.") == [("equal", "Same text.")]
    assert _kinds("", "") == []


def test_words_inserted_and_deleted_are_marked_as_words():
    assert _kinds("Insight is data.", "Insight is good data.") == [
        ("equal", "Insight is "),
        ("insert", "good "),
        ("equal", "data."),
    ]
    moved = [
        (k, t.strip())
        for k, t in _kinds("The right people in roles.", "The people in the right roles.")
        if k != "equal"
    ]
    assert moved == [("delete", "right"), ("insert", "the right")]


def test_markdown_punctuation_is_its_own_change():
    changes = _kinds("**Process** first", "*Process* first")
    assert [c for c in changes if c[0] != "equal"] == [("delete", "*"), ("delete", "*")]
    assert any("Process" in text for kind, text in changes if kind == "equal")


def test_text_without_spaces_is_compared_character_by_character():
    changes = _kinds("重要です", "とても重要です")
    assert changes == [("insert", "とても"), ("equal", "重要です")]


def test_the_html_is_escaped_and_says_which_is_which_without_colour():
    html = diff_html("<b>old</b> & plain", "<i>new</i> & plain")
    assert "<b>" not in html and "<i>" not in html
    assert '<del><span class="visually-hidden">deleted: </span>b</del>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>i</ins>' in html
    assert "&amp; plain" in html
