"""Markdown to safe HTML, the one place where members' text becomes markup.

Rendered once, when a post or reply is written, and stored beside its source: the feed only
prints stored HTML. Whatever markdown lets through, nh3 keeps only the allow-list below: no
script, no event handlers, no style, and links only to http(s) and mailto addresses.
"""

import re

import markdown as markdown_lib
import nh3

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


def render(text: str) -> str:
    """Markdown source to sanitized HTML."""
    html = markdown_lib.markdown(
        text, extensions=["fenced_code", "sane_lists", "tables", "nl2br"], output_format="html"
    )
    html = _HEADING.sub(_demote, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )


_SPECIAL = re.compile(r"([\\`*_\[\]()#+!<>|])")


def mention_link(*, name: str, url: str) -> str:
    """The Markdown of a link to a mentioned member, with their name escaped."""
    escaped = _SPECIAL.sub(r"\\\1", name)
    return f"[@{escaped}]({url})"
