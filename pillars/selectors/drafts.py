"""What staff see while they prepare the next version: the draft's sections against the version
it started from, its diff against the latest published version, and the open threads the new
version may answer."""

from dataclasses import dataclass, field

from pillars.models import ManifestoComment, ManifestoSection, ManifestoVersion
from pillars.selectors.compare import Comparison, compare_versions
from pillars.selectors.reading import latest_version

EXCERPT = 120


def current_draft() -> ManifestoVersion | None:
    """The one draft, if staff have started it."""
    return (
        ManifestoVersion.objects.filter(status=ManifestoVersion.Status.DRAFT)
        .select_related("based_on", "created_by")
        .first()
    )


def draft_section(*, draft: ManifestoVersion, key: str) -> ManifestoSection | None:
    return draft.sections.filter(key=key).first()


@dataclass(frozen=True)
class OpenThread:
    comment: ManifestoComment
    label: str


def open_threads(*, titles: dict[str, str] | None = None) -> list[OpenThread]:
    """Threads on published versions that nobody has resolved or deleted, oldest first: the
    ones a new version may answer. One query. `titles` names sections by key."""
    titles = titles or {}
    threads = (
        ManifestoComment.objects.filter(
            parent=None,
            resolved_at=None,
            deleted_at=None,
            version__status=ManifestoVersion.Status.PUBLISHED,
        )
        .select_related("author", "version")
        .order_by("created_at", "id")
    )
    result = []
    for thread in threads:
        text = " ".join(thread.body_markdown.split())
        if len(text) > EXCERPT:
            text = text[: EXCERPT - 1].rstrip() + "…"
        hidden = " (hidden)" if thread.is_hidden else ""
        title = titles.get(thread.section_key, thread.section_key)
        label = (
            f"{thread.author.display_name} on “{title}” ({thread.version.label}){hidden}: {text}"
        )
        result.append(OpenThread(comment=thread, label=label))
    return result


@dataclass
class DraftPage:
    draft: ManifestoVersion
    latest: ManifestoVersion | None
    # The draft's sections (and those it took out) against the version it started from.
    sections: Comparison
    # What publishing would change for readers: the draft against the latest published version.
    against_latest: Comparison | None
    threads: list[OpenThread] = field(default_factory=list)

    @property
    def next_number(self) -> int:
        """The number publishing would most likely give (the service decides, under a lock)."""
        return (self.latest.number if self.latest else 0) + 1


def draft_page(*, draft: ManifestoVersion) -> DraftPage:
    """The draft page. Queries: the latest published version, the sections of the draft and of
    its base (one query), the latest's sections only when the draft started from an older one,
    the open threads."""
    latest = latest_version()
    sections = compare_versions(old=draft.based_on, new=draft)
    if latest is None:
        against_latest = None
    elif latest.pk == draft.based_on_id:
        against_latest = sections
    else:
        against_latest = compare_versions(old=latest, new=draft)
    return DraftPage(
        draft=draft,
        latest=latest,
        sections=sections,
        against_latest=against_latest,
        threads=open_threads(titles={item.key: item.title for item in sections.sections}),
    )
