"""What a reader of the manifesto sees: a version's sections with the live benchmark figures,
the list of versions, and the definition and pillars for the home page."""

from dataclasses import dataclass, field

from library.selectors.featured import featured_by_pillar
from pillars.models import ManifestoSection, ManifestoVersion
from pillars.selectors.comments import section_comment_counts
from pillars.selectors.endorsements import endorsement_summary
from surveys.selectors import latest_pillar_figures


def latest_version() -> ManifestoVersion | None:
    return (
        ManifestoVersion.objects.filter(status=ManifestoVersion.Status.PUBLISHED)
        .select_related("published_by")
        .order_by("-number")
        .first()
    )


def latest_number() -> int | None:
    version = latest_version()
    return version.number if version else None


@dataclass
class SectionView:
    section: ManifestoSection
    remit: dict | None = None  # {"all": 40, "some": 50, "none": 10} for a pillar with figures
    discussion: object = None  # counts of comments and open threads (selectors.comments)
    featured: list = field(default_factory=list)  # the library's featured items on the pillar


@dataclass
class VersionPage:
    version: ManifestoVersion
    latest_number: int | None
    sections: list[SectionView] = field(default_factory=list)
    figures: dict | None = None  # the wave, n and rows of the latest results snapshot
    endorsements: object = None

    @property
    def is_latest(self):
        return self.version.number == self.latest_number

    @property
    def previous_number(self):
        return self.version.number - 1 if self.version.number and self.version.number > 1 else None


def _sections(sections, figures) -> list[SectionView]:
    """Each section with its pillar's remit figures and the library's featured items on it."""
    rows = figures["rows"] if figures else {}
    featured = featured_by_pillar()
    return [
        SectionView(
            section=section, remit=rows.get(section.key), featured=featured.get(section.key, [])
        )
        for section in sections
    ]


def version_page(*, version: ManifestoVersion, viewer, latest: int | None) -> VersionPage:
    """One published version as its page shows it."""
    figures = latest_pillar_figures()
    sections = _sections(list(version.sections.all()), figures)
    counts = section_comment_counts(version=version)
    for view in sections:
        view.discussion = counts.get(view.section.key)
    return VersionPage(
        version=version,
        latest_number=latest,
        sections=sections,
        figures=figures,
        endorsements=endorsement_summary(version=version, viewer=viewer),
    )


def published_versions() -> list[ManifestoVersion]:
    """Every published version, newest first, with who published it."""
    return list(
        ManifestoVersion.objects.filter(status=ManifestoVersion.Status.PUBLISHED)
        .select_related("published_by")
        .order_by("-number")
    )


def home_manifesto() -> VersionPage | None:
    """The definition and pillar cards of the home page: the latest published version."""
    version = latest_version()
    if version is None:
        return None
    figures = latest_pillar_figures()
    return VersionPage(
        version=version,
        latest_number=version.number,
        sections=_sections(list(version.sections.all()), figures),
        figures=figures,
    )
