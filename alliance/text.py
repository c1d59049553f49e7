"""Members' text: Markdown → sanitized HTML → mentions, the one place where it becomes markup.

Rendered once, when a post or a reply is written, and stored beside its source: pages only
print stored HTML. Whatever Markdown lets through, nh3 keeps only the allow-list below: no
script, no event handlers, no style, and links only to http(s) and mailto addresses.

The parser is markdown-it-py's CommonMark, whose time grows in proportion to the text on any
input: Python-Markdown took quadratic time on a run of unmatched "[", and one 19,000-character
post held a worker past its timeout (tests/alliance/test_text.py times the worst inputs).

This is the ground floor: it imports no app. Mentions need to know who may be mentioned, so
the app that renders passes a `mentionable` function that answers for the names in the text.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Members' headings would compete with the page's own: every heading becomes an h3.
_HEADING = re.compile(r"<(/?)h[1-6]>")


def _demote(match):
    return f"<{match.group(1)}h3>"


# What Python-Markdown rendered before (its fenced_code, tables and nl2br extensions):
# CommonMark has fenced code; tables are GFM's; `breaks` makes every newline a <br>. Raw HTML
# is parsed as before, and nh3 removes what the allow-list does not name.
_MARKDOWN = MarkdownIt("commonmark", {"breaks": True, "html": True}).enable("table")
# markdown-it leaves a link to a refused scheme (javascript:, data:) as its Markdown source;
# Python-Markdown made it a link. Kept so, and nh3 drops the address: one guard decides.
_MARKDOWN.validateLink = lambda url: True


def markdown_to_html(source: str) -> str:
    """Markdown source to sanitized HTML (mentions aside: see `render`)."""
    html = _HEADING.sub(_demote, _MARKDOWN.render(source))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    ).rstrip("\n")


_SPECIAL = re.compile(r"([\\`*_\[\]()#+!<>|])")


def mention_link(*, name: str, url: str) -> str:
    """The Markdown of a link to a mentioned person, with their name escaped."""
    escaped = _SPECIAL.sub(r"\\\1", name)
    return f"[@{escaped}]({url})"


# --- Mentions ---------------------------------------------------------------------------------

# "@" at the start of a word, then the first word of a name.
_MENTION = re.compile(r"(?<![\w@])@(\w[\w'’.-]*)")


@dataclass(frozen=True)
class Mentionable:
    """Someone a text may mention: their name as written after "@", the page a mention of
    them links to, and whatever the caller wants back in `Rendered.mentioned` (a user: it
    must be hashable, as model instances are, so that each person is listed once)."""

    name: str
    url: str
    who: object


@dataclass(frozen=True)
class Rendered:
    """A text ready to store: the Markdown as written (stored beside the HTML, so it can be
    edited and searched), its sanitized HTML, and who it mentions (once each, in order)."""

    source: str
    html: str
    mentioned: list = field(default_factory=list)


def first_words(source: str) -> set[str]:
    """The first word of every name mentioned with "@", lower case: what `mentionable` gets."""
    return {match.group(1).lower().rstrip(".-'’") for match in _MENTION.finditer(source)}


def _link_mentions(source: str, candidates: list[Mentionable]) -> tuple[str, list]:
    """Turn "@Full Name" into links; return the Markdown and who was mentioned.

    A mention is the longest candidate's name the text continues with after "@", so
    "@Ana Lima thanks" finds Ana Lima even when someone else is called Ana.
    """
    candidates = sorted(candidates, key=lambda candidate: -len(candidate.name))
    mentioned: dict[object, None] = {}  # a dict keeps the order of first mention
    out, position = [], 0
    for match in _MENTION.finditer(source):
        start = match.start() + 1
        for candidate in candidates:
            end = start + len(candidate.name)
            follows = source[end : end + 1]
            if source[start:end].lower() == candidate.name.lower() and not (
                follows.isalnum() or follows == "_"
            ):
                out.append(source[position : match.start()])
                out.append(mention_link(name=candidate.name, url=candidate.url))
                position = end
                mentioned[candidate.who] = None
                break
    out.append(source[position:])
    return "".join(out), list(mentioned)


def render(
    source: str,
    *,
    mentionable: Callable[[set[str]], Iterable[Mentionable]] | None = None,
) -> Rendered:
    """Members' Markdown to sanitized HTML, with "@Full Name" mentions linked.

    `mentionable(first_words)` answers who may be mentioned among those whose name starts
    with one of the words; it is asked only when the text mentions someone. Without it,
    "@" is plain text.
    """
    linked, mentioned = source, []
    if mentionable is not None and (firsts := first_words(source)):
        linked, mentioned = _link_mentions(source, list(mentionable(firsts)))
    return Rendered(source=source, html=markdown_to_html(linked), mentioned=mentioned)
