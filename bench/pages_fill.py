"""The base data of bench/pages.py, with the pages that list a page of rows filled to it.

The demo data holds one thread on the section the bench reads, two items in review and
fourteen published items: their pages (twenty threads, twenty-five items a list, twenty
items) are not full at base and are full at twenty times the data, so their growth measured
mostly the rows a full page renders, not the data behind it. Before the copy, these pages
are filled through the services (the demo's own comments and items again, by their own
people, without notifications), so that both measures render a full page and the growth is
what the data adds. `--demo-only` measures the demo data as seeded instead.
"""

from itertools import cycle, islice


def fill(section) -> str:
    """Fills the bench's section discussion, review queue and library list to one page each;
    returns what it added."""
    threads = _fill_section(section)
    in_review, published = _fill_library()
    return (
        f"{threads} threads on '{section.key}', {in_review} items in review, "
        f"{published} items published"
    )


def _fill_section(section) -> int:
    from pillars.models import ManifestoComment
    from pillars.selectors.comments import THREADS_PER_PAGE
    from pillars.services.comments import comment_create

    version = section.version
    shown = ManifestoComment.objects.filter(
        section_key=section.key, parent=None, deleted_at=None, version__number__lte=version.number
    )
    missing = max(0, THREADS_PER_PAGE - shown.count())
    demo = ManifestoComment.objects.filter(deleted_at=None, hidden_at=None).select_related("author")
    for comment in islice(cycle(list(demo.order_by("pk"))), missing):
        comment_create(
            version=version,
            section_key=section.key,
            author=comment.author,
            body=comment.body_markdown,
            notify=False,
        )
    return missing


def _fill_library() -> tuple[int, int]:
    from library.models import Item
    from library.selectors.reading import PAGE_SIZE
    from library.selectors.reviewing import QUEUE_PAGE_SIZE
    from library.services.reviewing import item_publish
    from members.models import User

    staff = User.objects.get(email="staff@alliance.test")
    published = Item.objects.filter(status=Item.Status.PUBLISHED)
    in_review = Item.objects.filter(status=Item.Status.IN_REVIEW)
    to_publish = max(0, PAGE_SIZE - published.count())
    to_review = max(0, QUEUE_PAGE_SIZE - in_review.count())
    models = list(published.order_by("pk").prefetch_related("tags").select_related("created_by"))
    made = [_again(item) for item in islice(cycle(models), to_publish + to_review)]
    for item in made[:to_publish]:
        item_publish(item=item, reviewer=staff, notify=False)
    return to_review, to_publish


def _again(item):
    """A demo item written and submitted again by its creator, as a new item."""
    from library.services.writing import item_create, item_submit

    again = item_create(
        kind=item.kind,
        created_by=item.created_by,
        title=item.title,
        summary=item.summary,
        pillars=list(item.pillars),
        tags=[tag.name for tag in item.tags.all()],
        body=item.body_markdown,
        url=item.url,
        original_author=item.original_author,
        curator_note=item.curator_note,
        quote=item.quote,
    )
    return item_submit(item=again, user=item.created_by)
