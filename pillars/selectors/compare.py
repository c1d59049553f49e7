"""What changed between two versions of the manifesto, section by section.

Sections are aligned by their stable key, so a rewritten or moved section is compared with
itself. Each section gets one status (added, removed, changed or unchanged) and, apart from it,
whether it moved; its title, statement and Markdown text get a word-level diff (alliance.diff),
both inline and as two columns for the side-by-side view.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from alliance.diff import TextDiff
from pillars.models import ManifestoSection, ManifestoVersion

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
# One part of a section (its title, statement or text) in the two versions.
FieldDiff = TextDiff
FIELDS = (("title", "Title"), ("statement", "Statement"), ("body_markdown", "Text"))


@dataclass
class SectionDiff:
    key: str
    old: ManifestoSection | None
    new: ManifestoSection | None
    moved: bool = False
    old_position: int | None = None  # 1-based, among the old version's sections
    new_position: int | None = None

    @property
    def status(self) -> str:
        if self.old is None:
            return ADDED
        if self.new is None:
            return REMOVED
        return CHANGED if any(part.changed for part in self.fields) else UNCHANGED

    @property
    def section(self) -> ManifestoSection:
        """The section as it reads now (or as it last read, when removed)."""
        return self.new or self.old

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def moved_text(self) -> str:
        """The move said in words, since a reader cannot see a section's old place."""
        if not self.moved:
            return ""
        return f"Moved: now section {self.new_position}, was section {self.old_position}."

    @cached_property
    def fields(self) -> list[FieldDiff]:
        return [
            FieldDiff(
                name=name,
                label=label,
                old_text=getattr(self.old, name) if self.old else "",
                new_text=getattr(self.new, name) if self.new else "",
            )
            for name, label in FIELDS
        ]

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [part for part in self.fields if part.changed]

    @property
    def unchanged_labels(self) -> str:
        """ "title and statement": the parts of a changed section that read the same."""
        labels = [part.label.lower() for part in self.fields if not part.changed]
        if len(labels) < 2:
            return "".join(labels)
        return ", ".join(labels[:-1]) + " and " + labels[-1]


@dataclass
class Comparison:
    old: ManifestoVersion | None
    new: ManifestoVersion
    sections: list[SectionDiff] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for section in self.sections if section.status == status)

    @property
    def moved(self) -> int:
        return sum(1 for section in self.sections if section.moved)

    @property
    def has_changes(self) -> bool:
        return self.moved > 0 or any(s.status != UNCHANGED for s in self.sections)

    @property
    def summary(self) -> str:
        """ "3 sections changed, 1 added, 1 unchanged. 1 section moved." """
        counts = [(self.count(s), s) for s in (CHANGED, ADDED, REMOVED, UNCHANGED)]
        parts = [(n, status) for n, status in counts if n]
        if not parts:
            return "Neither version has any section."
        first_n, first = parts[0]
        words = [f"{first_n} section{'s' if first_n != 1 else ''} {first}"]
        words += [f"{n} {status}" for n, status in parts[1:]]
        text = ", ".join(words) + "."
        if self.moved:
            text += f" {self.moved} section{'s' if self.moved != 1 else ''} moved."
        return text


def _moved_keys(old_order: list[str], new_order: list[str]) -> set[str]:
    """The sections whose place among the sections both versions have changed.

    Relative order, not the `order` numbers: adding a section at the top renumbers every other
    one without moving it. The longest run kept in order stays; the others moved, as a reader
    would say of a section cut and pasted elsewhere.
    """
    common = set(old_order) & set(new_order)
    old_common = [key for key in old_order if key in common]
    new_common = [key for key in new_order if key in common]
    matcher = SequenceMatcher(None, old_common, new_common, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(old_common[block.a : block.a + block.size])
    return common - kept


def _aligned(old_sections, new_sections) -> list[SectionDiff]:
    """The new version's order, with each removed section after the one it followed."""
    old_by_key = {section.key: section for section in old_sections}
    new_by_key = {section.key: section for section in new_sections}
    old_order = [section.key for section in old_sections]
    new_order = [section.key for section in new_sections]
    moved = _moved_keys(old_order, new_order)
    keys = list(new_order)
    for index, key in enumerate(old_order):
        if key not in new_by_key:
            # Its predecessor is already placed: kept, or removed and placed just before.
            keys.insert(keys.index(old_order[index - 1]) + 1 if index else 0, key)
    old_place = {key: place for place, key in enumerate(old_order, start=1)}
    new_place = {key: place for place, key in enumerate(new_order, start=1)}
    return [
        SectionDiff(
            key=key,
            old=old_by_key.get(key),
            new=new_by_key.get(key),
            moved=key in moved,
            old_position=old_place.get(key),
            new_position=new_place.get(key),
        )
        for key in keys
    ]


def compare_versions(*, old: ManifestoVersion | None, new: ManifestoVersion) -> Comparison:
    """Every section of two versions (a draft included), aligned by key. One query: the
    sections of both versions."""
    versions = [new.pk] + ([old.pk] if old is not None else [])
    sections = ManifestoSection.objects.filter(version__in=versions).order_by("order", "id")
    old_sections, new_sections = [], []
    for section in sections:
        if section.version_id == new.pk:
            new_sections.append(section)
        if old is not None and section.version_id == old.pk:
            old_sections.append(section)
    return Comparison(old=old, new=new, sections=_aligned(old_sections, new_sections))
