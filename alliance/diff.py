"""A word-level diff of two texts, for what changed between two versions of a text (the
manifesto's sections, the library's drafts): shared by every app, and readable without colour.

Texts are compared as tokens: words, runs of spaces, and single punctuation marks (so a
Markdown `**` or a comma is its own change), with each character of a script written without
spaces (Chinese, Japanese) a token of its own. difflib's matcher then finds the longest
common runs, as `diff --word-diff` does.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One CJK character, a word, a run of white space, or one other character.
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Change:
    kind: str  # "equal", "insert" or "delete"
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Change]:
    """The changes that turn `old` into `new`, in reading order; a replaced run is its deletion
    followed by its insertion. Joining the equal and deleted texts gives `old` back, the equal
    and inserted ones `new`."""
    a, b = tokens(old), tokens(new)
    # autojunk off: in a long text, frequent words such as "the" must still be matched.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("equal", "".join(a[a1:a2])))
            continue
        if a1 < a2:
            changes.append(Change("delete", "".join(a[a1:a2])))
        if b1 < b2:
            changes.append(Change("insert", "".join(b[b1:b2])))
    return changes


# A change is marked up the same way inline and in the side-by-side columns.
_MARKS = {"delete": ("del", "deleted: "), "insert": ("ins", "inserted: ")}


def _marked(change: Change) -> str:
    text = escape(change.text)
    if change.kind == "equal":
        return text
    tag, cue = _MARKS[change.kind]
    return f'<{tag}><span class="visually-hidden">{cue}</span>{text}</{tag}>'


def diff_html(old: str, new: str) -> SafeString:
    """The diff as escaped HTML: `<del>` and `<ins>`, each opened by a visually hidden cue
    ("deleted:", "inserted:") so that a screen reader, or a reader who cannot tell the colours
    apart, knows which is which."""
    parts = [_marked(change) for change in word_diff(old, new)]
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped in _marked)


def one_side_html(changes: list[Change], kind: str) -> SafeString:
    """One column of a side-by-side view: the equal text and the changes of one `kind`
    ("delete" for the old column, "insert" for the new), marked as diff_html marks them."""
    parts = [_marked(change) for change in changes if change.kind in ("equal", kind)]
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped in _marked)


@dataclass(frozen=True)
class TextDiff:
    """One labelled text in two versions (a section's title, an item's summary): unchanged or
    not, and its diff inline and as the two columns of a side-by-side view."""

    label: str
    old_text: str
    new_text: str
    name: str = ""

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    @cached_property
    def inline(self) -> SafeString:
        return diff_html(self.old_text, self.new_text)

    @cached_property
    def _changes(self) -> list[Change]:
        return word_diff(self.old_text, self.new_text)

    @property
    def old(self) -> SafeString:
        return one_side_html(self._changes, "delete")

    @property
    def new(self) -> SafeString:
        return one_side_html(self._changes, "insert")
