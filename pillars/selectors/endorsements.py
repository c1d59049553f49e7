"""Who endorsed a version: the panel of a version's page and the page of its endorsers.

Privacy: an endorser is named only while they appear in the member directory (their profile's
`show_in_directory`, as members.selectors.directory_profiles has it) and their account exists.
Everyone else is counted, not named: the pages are public, and opting out of the directory is
how a member says they do not want their name shown to others.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from pillars.models import Endorsement, ManifestoVersion

PANEL_NAMES = 24
PER_PAGE = 50
NAMEABLE = Q(member__deleted_at=None, member__profile__show_in_directory=True)


@dataclass
class Endorser:
    """One endorsement as a page names it."""

    name: str
    on_behalf_of: str
    endorsed_at: datetime
    version_number: int


@dataclass
class EndorsementSummary:
    """What a version's page says about its endorsements and the viewer's own."""

    version: ManifestoVersion
    count: int  # every endorsement of this version, named or not
    named_count: int  # those that may be named
    named: list[Endorser] = field(default_factory=list)  # the first PANEL_NAMES of them
    mine: Endorsement | None = None
    endorsed_earlier: Endorsement | None = None  # the viewer's latest of an earlier version
    endorsed_later: Endorsement | None = None  # the viewer's latest of a later version
    # Major versions only: people who endorsed an earlier version and not this one yet.
    not_yet_reendorsed: int | None = None
    viewer_company: str = ""

    @property
    def private_count(self):
        return self.count - self.named_count

    @property
    def more_named(self):
        return self.named_count - len(self.named)


@dataclass
class EndorsersPage:
    """The full list of a version's endorsers, and of past endorsers who have not returned."""

    version: ManifestoVersion
    count: int
    named_count: int
    earlier_count: int
    earlier_named_count: int
    page: Page
    earlier: Page

    @property
    def private_count(self):
        return self.count - self.named_count

    @property
    def earlier_private_count(self):
        return self.earlier_count - self.earlier_named_count


class _CountedPaginator(Paginator):
    """A paginator told its count (read with the page's other figures in one query), so it
    does not ask the database again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def _endorsers_of(version: ManifestoVersion) -> QuerySet:
    return Endorsement.objects.filter(version=version).values("member_id")


def _counts(version: ManifestoVersion) -> dict:
    """Every figure of the panel and the endorsers page, in one query."""
    this = Q(version=version)
    # Deleted accounts cannot endorse again: they are not counted as still to come back.
    earlier = Q(version__number__lt=version.number, member__deleted_at=None) & ~Q(
        member_id__in=_endorsers_of(version)
    )
    return Endorsement.objects.filter(version__number__lte=version.number).aggregate(
        count=Count("pk", filter=this),
        named_count=Count("pk", filter=this & NAMEABLE),
        earlier_count=Count("member_id", distinct=True, filter=earlier),
        earlier_named_count=Count("member_id", distinct=True, filter=earlier & NAMEABLE),
    )


def _named(queryset: QuerySet) -> QuerySet:
    return (
        queryset.filter(NAMEABLE)
        .select_related("member", "version")
        .only(
            "on_behalf_of",
            "created_at",
            "member__name",
            "member__email",
            "member__deleted_at",
            "version__number",
        )
        .order_by("created_at", "pk")
    )


def _as_endorsers(endorsements) -> list[Endorser]:
    return [
        Endorser(
            name=e.member.display_name,
            on_behalf_of=e.on_behalf_of,
            endorsed_at=e.created_at,
            version_number=e.version.number,
        )
        for e in endorsements
    ]


def _company_of(viewer) -> str:
    try:
        return viewer.profile.company  # loaded with the user (members/backends.py)
    except ObjectDoesNotExist:
        return ""


def endorsement_summary(*, version: ManifestoVersion, viewer) -> EndorsementSummary:
    """The count, the first named endorsers and the viewer's own endorsements of a version."""
    # Queries: the figures (1), the named endorsers (2), and for a signed-in viewer their own
    # endorsements of every version (3): few, as one person endorses a handful of versions.
    counts = _counts(version)
    summary = EndorsementSummary(
        version=version,
        count=counts["count"],
        named_count=counts["named_count"],
        named=_as_endorsers(_named(Endorsement.objects.filter(version=version))[:PANEL_NAMES]),
        not_yet_reendorsed=counts["earlier_count"] if version.is_major else None,
    )
    if viewer.is_authenticated:
        summary.viewer_company = _company_of(viewer)
        for endorsement in Endorsement.objects.filter(member=viewer).select_related("version"):
            number = endorsement.version.number
            if number == version.number:
                summary.mine = endorsement
            elif number < version.number:
                if summary.endorsed_earlier is None or (
                    number > summary.endorsed_earlier.version.number
                ):
                    summary.endorsed_earlier = endorsement
            elif summary.endorsed_later is None or number > summary.endorsed_later.version.number:
                summary.endorsed_later = endorsement
        if summary.mine is not None:
            summary.endorsed_earlier = None
    return summary


def _earlier_latest(version: ManifestoVersion) -> QuerySet:
    """For each past endorser who has not endorsed this version, their latest endorsement of
    an earlier one."""
    return (
        Endorsement.objects.filter(version__number__lt=version.number, member__deleted_at=None)
        .exclude(member_id__in=_endorsers_of(version))
        .order_by("member_id", "-version__number")
        .distinct("member_id")
        .values("pk")
    )


def _page(queryset: QuerySet, *, count: int, number) -> Page:
    page = _CountedPaginator(queryset, PER_PAGE, count=count).get_page(number)
    page.object_list = _as_endorsers(page.object_list)
    return page


def endorsers_page(*, version: ManifestoVersion, page=1, earlier_page=1) -> EndorsersPage:
    """Everyone who endorsed a version, 50 a page, and the past endorsers not back yet."""
    # Queries: the figures (1), a page of named endorsers (2), a page of the named past
    # endorsers with the version each endorsed (3); whatever the number of endorsements.
    counts = _counts(version)
    return EndorsersPage(
        version=version,
        **counts,
        page=_page(
            _named(Endorsement.objects.filter(version=version)),
            count=counts["named_count"],
            number=page,
        ),
        earlier=_page(
            _named(Endorsement.objects.filter(pk__in=_earlier_latest(version))),
            count=counts["earlier_named_count"],
            number=earlier_page,
        ),
    )
