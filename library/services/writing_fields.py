"""The fields of an article or a curated link, as library.services.writing stores them: their
limits, their validation (one message per bad field, keyed by the forms' field names, so every
message shows at its field) and what is derived from them (HTML, reading time, the link's
domain, the search index)."""

import math
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from alliance import text
from alliance.pillars import Pillar
from library.models import Item

SEARCH_CONFIG = "english"
MAX_TITLE = 200
MAX_SUMMARY = 400
MAX_PILLARS = 5
MAX_TAGS = 10
MAX_TAG = 50
MAX_BODY = 50_000
MAX_URL = 2000
MAX_ORIGINAL_AUTHOR = 200
MAX_NOTE = 5_000
MAX_QUOTE = 2_000
WORDS_PER_MINUTE = 200
NUL = "contains a character that cannot be stored (NUL): remove it."


def item_search_vector():
    """The title weighs most, then the summary, then the article's body or the link's note."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_markdown", "curator_note", weight="C", config=SEARCH_CONFIG)
    )


def reading_minutes(body: str) -> int:
    """Minutes to read an article at 200 words a minute, at least one."""
    return max(1, math.ceil(len(body.split()) / WORDS_PER_MINUTE))


def domain_of(url: str) -> str:
    """The site a link points to, as readers know it: lower case, without "www."."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _text(errors, field, value, *, label, limit, missing="", one_line=False) -> str:
    """Trimmed text (on one line for a title); `missing` is the message when it is required."""
    value = (value or "").strip()
    if one_line:
        value = " ".join(value.split())
    if "\x00" in value:
        errors[field] = f"{label} {NUL}"
    elif missing and not value:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = f"Keep {label.lower()} under {limit:,} characters (it has {len(value):,})."
    return value


def _pillars(errors, pillars) -> list[str]:
    chosen = list(dict.fromkeys(str(pillar) for pillar in pillars or ()))
    if any(pillar not in Pillar.values for pillar in chosen):
        errors["pillars"] = "Choose pillars from the list."
    elif not chosen:
        errors["pillars"] = "Choose at least one pillar."
    elif len(chosen) > MAX_PILLARS:
        errors["pillars"] = f"Choose at most {MAX_PILLARS} pillars."
    # In the order the pillars are always listed, whatever order they were ticked in.
    return [pillar for pillar in Pillar.values if pillar in chosen]


def _tags(errors, tags) -> list[str]:
    """Tags as stored: lower case, single spaces, no duplicates; at most ten of 50 characters."""
    cleaned = []
    for tag in tags or ():
        tag = " ".join(str(tag).lower().split())
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if any("\x00" in tag for tag in cleaned):
        errors["tags"] = f"A tag {NUL}"
    elif len(cleaned) > MAX_TAGS:
        errors["tags"] = f"Use at most {MAX_TAGS} tags (there are {len(cleaned)})."
    elif long := [tag for tag in cleaned if len(tag) > MAX_TAG]:
        errors["tags"] = f"Keep each tag under {MAX_TAG} characters: “{long[0][:40]}…” is longer."
    elif bare := [tag for tag in cleaned if not slugify(tag)]:
        # A tag's page and feed are found by its slug: a tag of punctuation alone has none.
        errors["tags"] = f"A tag needs a letter or a digit: “{bare[0]}” has none."
    return cleaned


def _url(errors, url) -> str:
    url = (url or "").strip()
    if "\x00" in url:
        errors["url"] = f"The address {NUL}"
    elif not url:
        errors["url"] = "Enter the address of the page you are sharing."
    elif len(url) > MAX_URL:
        errors["url"] = f"Keep the address under {MAX_URL:,} characters."
    else:
        try:
            host = urlsplit(url).hostname
            URLValidator(schemes=["http", "https"])(url)
        except (ValueError, ValidationError):
            errors["url"] = "Enter the full address of a web page, starting with https://."
        else:
            if not host:
                errors["url"] = "The address needs a site, like https://example.com/essay."
    return url


def clean_url(url: str) -> str:
    """A curated link's address as stored, or a ValidationError on the "url" field."""
    errors: dict[str, str] = {}
    url = _url(errors, url)
    if errors:
        raise ValidationError(errors)
    return url


def clean_item(*, kind: str, **fields) -> dict:
    """The item's fields as stored, or a ValidationError with a message for each bad field."""
    errors: dict[str, str] = {}
    cleaned = {
        "title": _text(errors, "title", fields["title"], label="The title", limit=MAX_TITLE,
                       missing="Give it a title.", one_line=True),
        "summary": _text(errors, "summary", fields["summary"], label="The summary",
                         limit=MAX_SUMMARY, missing="Write a summary of one or two sentences."),
        "pillars": _pillars(errors, fields["pillars"]),
        "tags": _tags(errors, fields["tags"]),
        "body": "", "url": "", "original_author": "", "curator_note": "", "quote": "",
    }  # fmt: skip
    if kind == Item.Kind.ARTICLE:
        cleaned["body"] = _text(errors, "body", fields["body"], label="The text", limit=MAX_BODY,
                                missing="Write the article before you save it.")  # fmt: skip
    elif kind == Item.Kind.LINK:
        cleaned["url"] = _url(errors, fields["url"])
        cleaned["original_author"] = _text(
            errors, "original_author", fields["original_author"],
            label="The original author", limit=MAX_ORIGINAL_AUTHOR, one_line=True,
        )  # fmt: skip
        cleaned["curator_note"] = _text(
            errors, "curator_note", fields["curator_note"], label="The note", limit=MAX_NOTE,
            missing="Say why it matters to Product Ops, in two to five sentences.",
        )  # fmt: skip
        cleaned["quote"] = _text(errors, "quote", fields["quote"], label="The quote",
                                 limit=MAX_QUOTE)  # fmt: skip
    else:
        errors["kind"] = "An item is an article or a curated link."
    if errors:
        raise ValidationError(errors)
    return cleaned


def apply_fields(item: Item, cleaned: dict) -> None:
    """Put the cleaned fields on the item, rendered through alliance.text's one pipeline."""
    item.title = cleaned["title"]
    item.summary = cleaned["summary"]
    item.pillars = cleaned["pillars"]
    item.body_markdown = cleaned["body"]
    item.body_html = text.markdown_to_html(cleaned["body"]) if cleaned["body"] else ""
    item.reading_minutes = reading_minutes(cleaned["body"]) if item.is_article else 0
    if item.url != cleaned["url"]:
        # A new address has not been checked yet: whatever the weekly check said is stale.
        item.link_health = Item.LinkHealth.UNCHECKED
        item.link_checked_at = None
        item.link_final_url = ""
        item.link_problem = ""
    item.url = cleaned["url"]
    item.domain = domain_of(cleaned["url"]) if cleaned["url"] else ""
    item.original_author = cleaned["original_author"]
    item.curator_note = cleaned["curator_note"]
    item.curator_note_html = (
        text.markdown_to_html(cleaned["curator_note"]) if cleaned["curator_note"] else ""
    )
    item.quote = cleaned["quote"]
