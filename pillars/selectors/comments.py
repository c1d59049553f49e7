"""The discussion of the manifesto's sections: counts under each section, a section's threads.

Which comments a version shows: those on the same section key written on that version or an
earlier published one. A comment written on v3 does not show on v2, which it never saw.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Greatest
from django.http import Http404

from pillars.access import can_discuss
from pillars.models import ManifestoComment, ManifestoSection, ManifestoVersion

THREADS_PER_PAGE = 20
# Replies a thread shows in the list, its latest; the rest are one link away (?thread=<id>), so
# the page's size stays bounded however long a thread grows.
LATEST_REPLIES = 5


@dataclass(frozen=True)
class SectionDiscussion:
    comments: int  # comments and replies shown, neither deleted nor hidden
    open_threads: int


def _shown_on(version: ManifestoVersion) -> Q:
    return Q(
        version__status=ManifestoVersion.Status.PUBLISHED,
        version__number__lte=version.number,
    )


def section_comment_counts(*, version: ManifestoVersion) -> dict[str, SectionDiscussion]:
    """{section key: counts of the comments shown under that section on this version}, in one
    query for every section."""
    if version.number is None:
        return {}
    rows = (
        ManifestoComment.objects.filter(_shown_on(version), deleted_at=None, hidden_at=None)
        .values("section_key")
        .annotate(
            comments=Count("id"),
            open_threads=Count("id", filter=Q(parent=None, resolved_at=None)),
        )
        .order_by()
    )
    return {
        row["section_key"]: SectionDiscussion(row["comments"], row["open_threads"]) for row in rows
    }


@dataclass
class SectionThreads:
    """A section's threads on one version, a page at a time, newest activity first."""

    section: ManifestoSection
    page: Page
    threads: list[ManifestoComment] = field(default_factory=list)
    thread_id: int | None = None  # one thread shown in full, with all its replies


def _mark(comment: ManifestoComment, viewer, discussing: bool) -> None:
    """What the viewer may read of it and do with it: staff and its author read a hidden
    comment (marked as hidden); others see that staff hid it."""
    own = viewer.is_authenticated and comment.author_id == viewer.pk
    comment.is_own = own
    comment.body_shown = not comment.deleted_at and (
        not comment.hidden_at or own or viewer.is_staff
    )
    comment.can_edit = own and discussing and not comment.deleted_at and not comment.hidden_at
    comment.can_delete = own and not comment.deleted_at
    # The same rule as services.comments.may_resolve, without its query per comment.
    comment.can_resolve = comment.is_thread and (viewer.is_staff or (own and discussing))


def _replies(shown: Q, *, every: bool):
    """A thread's replies, oldest first; unless `every`, only its LATEST_REPLIES latest. Each
    knows how many its thread has (reply_total), counted in the same query."""
    replies = (
        ManifestoComment.objects.filter(shown)
        .select_related("author__profile", "version", "hidden_by")
        .annotate(reply_total=Window(Count("id"), partition_by=[F("parent_id")]))
    )
    if every:
        return replies.order_by("created_at", "id")
    return replies.order_by("-created_at", "-id")[:LATEST_REPLIES]


class _Threads:
    """A section's threads as the Paginator sees them: the page is chosen among the threads'
    ids and last activity alone, and only its threads are read whole with their authors.
    Sorting every thread's whole row (with its author, profile and version) to keep twenty
    took 7.6 ms at twenty times the demo data (400 threads on the section; bench/pages.py),
    1.2 to 2.4 ms this way."""

    def __init__(self, threads, whole):
        self.threads, self.whole = threads, whole

    def count(self) -> int:
        return self.threads.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list[ManifestoComment]:
        return list(self.whole.filter(pk__in=self.threads.values("pk")[window]))


def section_threads(
    *,
    version: ManifestoVersion,
    section: ManifestoSection,
    viewer,
    page_number=None,
    thread_id=None,
) -> SectionThreads:
    """One page of a section's threads on this version, each with its latest replies (or, with
    `thread_id`, that one thread with every reply), with their authors, and whether each was
    written on a text that has changed since. Four queries, however many: the count of
    threads, the page of threads, their replies, the section's earlier texts."""
    shown = _shown_on(version)
    replies = ManifestoComment.objects.filter(shown, section_key=section.key, parent=OuterRef("pk"))
    latest_reply = Subquery(replies.order_by("-created_at").values("created_at")[:1])
    threads = ManifestoComment.objects.filter(shown, section_key=section.key, parent=None)
    if thread_id is not None:
        threads = threads.filter(pk=thread_id)
    threads = (
        threads
        # A deleted thread stays while it has replies to hold together; alone it is noise.
        .filter(Q(deleted_at=None) | Exists(replies.filter(deleted_at=None)))
        # PostgreSQL's GREATEST skips the NULL of a thread without replies.
        .annotate(last_activity=Greatest("created_at", latest_reply))
        .order_by("-last_activity", "-id")
    )
    whole = threads.select_related(
        # The author's profile: whether their name links to it (templates/members/_name.html).
        "author__profile",
        "version",
        "hidden_by",
        "resolved_by",
        "resolved_in",
    ).prefetch_related(
        Prefetch(
            "replies",
            queryset=_replies(shown, every=thread_id is not None),
            to_attr="shown_replies",
        )
    )
    page = Paginator(_Threads(threads, whole), THREADS_PER_PAGE).get_page(page_number)
    thread_list = list(page.object_list)
    texts = _earlier_texts(version=version, key=section.key) if thread_list else {}
    discussing = can_discuss(viewer)
    for thread in thread_list:
        _mark(thread, viewer, discussing)
        if thread_id is None:
            thread.shown_replies.reverse()  # the latest few, read oldest first
        thread.reply_total = thread.shown_replies[0].reply_total if thread.shown_replies else 0
        thread.replies_left_out = thread.reply_total - len(thread.shown_replies)
        for reply in thread.shown_replies:
            _mark(reply, viewer, discussing)
        thread.is_outdated = (
            thread.version_id != version.pk and texts.get(thread.version_id) != section.text
        )
    return SectionThreads(section=section, page=page, threads=thread_list, thread_id=thread_id)


def _earlier_texts(*, version: ManifestoVersion, key: str) -> dict[int, str]:
    """{version id: the section's text in that version}, for this version and earlier ones."""
    sections = ManifestoSection.objects.filter(
        key=key,
        version__status=ManifestoVersion.Status.PUBLISHED,
        version__number__lt=version.number,
    ).only("version_id", "title", "statement", "body_markdown")
    return {section.version_id: section.text for section in sections}


def comment_for_action(*, comment_id: int) -> ManifestoComment:
    """A comment someone acts on (reply, edit, delete, hide, resolve): 404 when there is none."""
    comment = (
        ManifestoComment.objects.select_related("version", "parent__version", "author")
        .filter(pk=comment_id, version__status=ManifestoVersion.Status.PUBLISHED)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment
