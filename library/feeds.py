"""The library's feeds, RSS 2.0 and Atom 1.0 (Django's syndication framework): the latest
items, and the latest on one pillar or with one tag.

Each entry carries what a reader needs without visiting: an article's full text, a link's
curator's note (and, in Atom, the link itself as rel="related"), every accepted author or
curator, the pillars and tags as categories, and when it was published and last changed.
Addresses are absolute from settings.SITE_URL, the hub's one address, whatever host the
request came through.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html

from alliance.emails import absolute
from alliance.pillars import Pillar
from library.models import Item
from library.selectors import reading as selectors

SITE_NAME = "Product Ops Alliance"


def item_content(item: Item) -> str:
    """The entry's full HTML: an article's body, or a link's quote, note and address. The
    bodies come sanitized from alliance.text's one pipeline."""
    if item.is_article:
        return item.body_html
    parts = []
    if item.quote:
        parts.append(format_html("<blockquote><p>{}</p></blockquote>", item.quote))
    parts.append(item.curator_note_html)
    by = f" by {item.original_author}" if item.original_author else ""
    parts.append(
        format_html(
            '<p>Read it at <a href="{}">{}</a>{}.</p>', item.url, item.domain or item.url, by
        )
    )
    return "\n".join(parts)


def _credited(item: Item):
    return item.authors if item.is_article else item.curators


class LibraryAtom1Feed(Atom1Feed):
    """Atom with the parts Django leaves out: <content type="html">, every credited member
    (one <author>, then <contributor>s) and a link's address as rel="related"."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("contributors", ()):
            handler.startElement("contributor", {})
            handler.addQuickElement("name", name)
            handler.endElement("contributor")
        if item.get("related"):
            handler.addQuickElement("link", "", {"rel": "related", "href": item["related"]})
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class LibraryRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text as content:encoded and every credited member as dc:creator
    (RSS's own <author> wants an email address, which the hub never publishes)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)  # the first credited member as dc:creator
        for name in item.get("contributors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class _LibraryFeed(Feed):
    """What every library feed shares; subclasses say which items and which format."""

    feed_type = LibraryRssFeed
    url_name = "library:feed_rss"
    author_name = SITE_NAME  # so that Atom entries are valid even without a credited member

    def title(self, obj):
        return f"{SITE_NAME} library"

    def description(self, obj):
        return "Thought leadership for Product Operations by Product Operations."

    def link(self, obj):
        return absolute(reverse("library:index"))

    def feed_url(self, obj):
        return absolute(reverse(self.url_name))

    def items(self, obj):
        return selectors.feed_items()

    def item_title(self, item):
        return item.title if self.feed_type is LibraryAtom1Feed else escape(item.title)

    def item_description(self, item):
        # The summary is plain text; both formats carry it as HTML.
        return escape(item.summary)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_author_name(self, item):
        credited = _credited(item)
        return credited[0].member.display_name if credited else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # The text may have last changed before publication: an entry is never updated
        # before it was published.
        return max(item.edited_at, item.published_at)

    def item_categories(self, item):
        return [pillar.label for pillar in item.pillar_choices] + [t.name for t in item.tag_list]

    def item_extra_kwargs(self, item):
        return {
            "content": item_content(item),
            "contributors": [credit.member.display_name for credit in _credited(item)[1:]],
            "related": item.url if item.is_link else "",
        }


class LatestRss(_LibraryFeed):
    pass


class LatestAtom(_LibraryFeed):
    feed_type = LibraryAtom1Feed
    url_name = "library:feed_atom"
    subtitle = _LibraryFeed.description


class PillarRss(_LibraryFeed):
    url_name = "library:pillar_feed_rss"

    def get_object(self, request, pillar):
        if pillar not in Pillar.values:
            raise Http404("No such pillar.")
        return Pillar(pillar)

    def title(self, obj):
        return f"{SITE_NAME} library: {obj.label}"

    def link(self, obj):
        return absolute(reverse("library:index") + f"?pillar={obj.value}")

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, args=[obj.value]))

    def items(self, obj):
        return selectors.feed_items(pillar=obj.value)


class PillarAtom(PillarRss):
    feed_type = LibraryAtom1Feed
    url_name = "library:pillar_feed_atom"
    subtitle = _LibraryFeed.description


class TagRss(_LibraryFeed):
    url_name = "library:tag_feed_rss"

    def get_object(self, request, tag):
        found = selectors.published_tag(slug=tag)
        if found is None:
            raise Http404("No published item has this tag.")
        return found

    def title(self, obj):
        return f"{SITE_NAME} library: #{obj.name}"

    def link(self, obj):
        return absolute(reverse("library:index") + f"?tag={obj.slug}")

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, args=[obj.slug]))

    def items(self, obj):
        return selectors.feed_items(tag=obj.slug)


class TagAtom(TagRss):
    feed_type = LibraryAtom1Feed
    url_name = "library:tag_feed_atom"
    subtitle = _LibraryFeed.description
