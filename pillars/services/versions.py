"""Versions of the manifesto: staff start a draft (a copy of the latest published version),
edit it section by section, and publish it; a published version never changes again."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from alliance.jobs import enqueue
from alliance.text import markdown_to_html
from members.models import User
from pillars import notifying
from pillars.models import (
    Endorsement,
    EndorsementRequest,
    ManifestoComment,
    ManifestoSection,
    ManifestoVersion,
)

MAX_BODY = 20_000
KEY = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
# The definition opens every version: the home page and the manifesto start from it.
PERMANENT_KEYS = {"definition"}
# Addresses under /manifesto/v<N>/ that a section's key would hide (pillars/urls.py).
RESERVED_KEYS = {"endorse", "withdraw", "endorsers"}


def _require_staff(user: User) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only staff edit the manifesto.")


PUBLISHED_NEVER_CHANGES = "A published version never changes: start a new draft instead."


def _require_draft(version: ManifestoVersion) -> None:
    if version.status != ManifestoVersion.Status.DRAFT:
        raise ValidationError(PUBLISHED_NEVER_CHANGES)


def _lock_draft(version: ManifestoVersion) -> None:
    """Inside a transaction: lock the version's row and check, in the database, that it is
    still a draft. The object in hand may be stale: another member of staff may have published
    (or discarded) it since it was read, and publishing takes the same lock."""
    status = (
        ManifestoVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != ManifestoVersion.Status.DRAFT:
        raise ValidationError(PUBLISHED_NEVER_CHANGES)


def latest_published() -> ManifestoVersion | None:
    return (
        ManifestoVersion.objects.filter(status=ManifestoVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


def draft_start(*, started_by: User) -> ManifestoVersion:
    """The one draft: a copy of the latest published version (or the draft already begun)."""
    _require_staff(started_by)
    existing = ManifestoVersion.objects.filter(status=ManifestoVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    base = latest_published()
    try:
        with transaction.atomic():
            draft = ManifestoVersion.objects.create(based_on=base, created_by=started_by)
            if base is not None:
                ManifestoSection.objects.bulk_create(
                    ManifestoSection(
                        version=draft,
                        key=section.key,
                        order=section.order,
                        title=section.title,
                        statement=section.statement,
                        body_markdown=section.body_markdown,
                        body_html=section.body_html,
                    )
                    for section in base.sections.all()
                )
    except IntegrityError:
        # Another member of staff started one at the same moment: theirs is the draft.
        return ManifestoVersion.objects.get(status=ManifestoVersion.Status.DRAFT)
    return draft


def _clean_section(*, title: str, statement: str, body: str) -> tuple[str, str, str]:
    title, statement, body = (title or "").strip(), (statement or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Give the section a title."
    elif len(title) > 120:
        errors["title"] = "Keep the title under 120 characters."
    if len(statement) > 400:
        errors["statement"] = "Keep the statement to one or two sentences (400 characters)."
    if len(body) > MAX_BODY:
        errors["body"] = f"Keep the text under {MAX_BODY:,} characters."
    if errors:
        raise ValidationError(errors)
    return title, statement, body


def section_save(
    *,
    draft: ManifestoVersion,
    key: str,
    title: str,
    statement: str,
    body: str,
    order: int | None = None,
    edited_by: User,
) -> ManifestoSection:
    """Save one section of the draft, as often as staff like."""
    _require_staff(edited_by)
    _require_draft(draft)
    title, statement, body = _clean_section(title=title, statement=statement, body=body)
    _check_order(order)
    body_html = markdown_to_html(body)
    with transaction.atomic():
        _lock_draft(draft)
        section = ManifestoSection.objects.filter(version=draft, key=key).first()
        if section is None:
            raise ValidationError("This section has been taken out of the draft meanwhile.")
        section.title, section.statement, section.body_markdown = title, statement, body
        section.body_html = body_html
        if order is not None:
            section.order = order
        section.save()
        ManifestoVersion.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return section


def _check_order(order: int | None) -> None:
    # The column is a positive small integer: anything else would fail in the database.
    if order is not None and not 0 <= order <= 32767:
        raise ValidationError({"order": "Give a place between 0 and 32767."})


def section_add(
    *,
    draft: ManifestoVersion,
    key: str,
    title: str,
    statement: str = "",
    body: str = "",
    order: int | None = None,
    edited_by: User,
) -> ManifestoSection:
    """A new section, under a key of its own that comments and diffs will follow."""
    _require_staff(edited_by)
    _require_draft(draft)
    key = (key or "").strip().lower()
    if not KEY.match(key):
        raise ValidationError(
            {"key": "Use 2 to 40 lower-case letters, digits or hyphens, starting with a letter."}
        )
    if key in RESERVED_KEYS:
        raise ValidationError(
            {"key": f"“{key}” names a page of the manifesto: choose another key."}
        )
    title, statement, body = _clean_section(title=title, statement=statement, body=body)
    _check_order(order)
    with transaction.atomic():
        _lock_draft(draft)
        if draft.sections.filter(key=key).exists():
            raise ValidationError({"key": "This version already has a section with that key."})
        if order is None:
            order = (draft.sections.aggregate(last=Max("order"))["last"] or 0) + 1
        section = ManifestoSection.objects.create(
            version=draft,
            key=key,
            order=order,
            title=title,
            statement=statement,
            body_markdown=body,
            body_html=markdown_to_html(body),
        )
        ManifestoVersion.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return section


def section_remove(*, draft: ManifestoVersion, key: str, edited_by: User) -> None:
    """Take a section out of the draft; earlier versions keep it, with its comments."""
    _require_staff(edited_by)
    _require_draft(draft)
    if key in PERMANENT_KEYS:
        raise ValidationError("The definition opens every version: edit it instead.")
    with transaction.atomic():
        _lock_draft(draft)
        draft.sections.filter(key=key).delete()
        ManifestoVersion.objects.filter(pk=draft.pk).update(updated_at=timezone.now())


def draft_discard(*, draft: ManifestoVersion, discarded_by: User) -> None:
    """Throw the draft away; the published versions are untouched."""
    _require_staff(discarded_by)
    _require_draft(draft)
    with transaction.atomic():
        _lock_draft(draft)
        draft.delete()


def _same_text(draft: ManifestoVersion, base: ManifestoVersion | None) -> bool:
    if base is None:
        return False

    def shape(version):
        return [
            (s.key, s.order, s.title, s.statement, s.body_markdown) for s in version.sections.all()
        ]

    return shape(draft) == shape(base)


def draft_publish(
    *,
    draft: ManifestoVersion,
    published_by: User,
    change_note: str,
    is_major: bool,
    resolves: list[int] = (),
    notify: bool = True,
) -> ManifestoVersion:
    """Publish the draft as the next version. The open threads it answers are resolved with a
    link to it; past endorsers are notified, and after a major version asked by email to look
    again (none of it when `notify` is off)."""
    _require_staff(published_by)
    _require_draft(draft)
    change_note = (change_note or "").strip()
    if not change_note:
        raise ValidationError({"change_note": "Say what changed and why: readers see this note."})
    if len(change_note) > 2000:
        raise ValidationError({"change_note": "Keep the change note under 2,000 characters."})
    if not draft.sections.exists():
        raise ValidationError("A version needs at least one section.")
    if _same_text(draft, draft.based_on):
        raise ValidationError(f"Nothing has changed since {draft.based_on.label}.")
    now = timezone.now()
    with transaction.atomic():
        # Numbers are given under a lock, so two publishing at once cannot take the same one,
        # and the second finds the draft already published instead of renumbering it.
        _lock_draft(draft)
        number = (ManifestoVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        draft.status = ManifestoVersion.Status.PUBLISHED
        draft.number, draft.published_at, draft.published_by = number, now, published_by
        draft.change_note, draft.is_major = change_note, is_major
        draft.save()
        _resolve_answered_threads(
            version=draft, thread_ids=resolves, resolved_by=published_by, notify=notify
        )
        if is_major:
            _ask_past_endorsers(version=draft, notify=notify)
        if notify:
            notifying.version_notify(version=draft)
    return draft


def _resolve_answered_threads(*, version, thread_ids, resolved_by, notify) -> None:
    threads = ManifestoComment.objects.filter(
        pk__in=list(thread_ids),
        parent=None,
        resolved_at=None,
        deleted_at=None,
        version__status=ManifestoVersion.Status.PUBLISHED,
    ).exclude(version=version)
    for thread in threads.select_related("version"):
        ManifestoComment.objects.filter(pk=thread.pk).update(
            resolved_at=version.published_at, resolved_by=resolved_by, resolved_in=version
        )
        if notify:
            thread.resolved_at = version.published_at
            notifying.resolved_notify(thread=thread, by=resolved_by, version=version)
            enqueue("pillars.tasks.send_thread_resolved_email", thread.pk)


def _ask_past_endorsers(*, version, notify) -> None:
    """One request per member whose latest endorsement is of an earlier version."""
    latest = {}
    for member_id, endorsed_id in (
        Endorsement.objects.exclude(version=version)
        .order_by("member_id", "version__number")
        .values_list("member_id", "version_id")
    ):
        latest[member_id] = endorsed_id
    EndorsementRequest.objects.bulk_create(
        [
            EndorsementRequest(version=version, member_id=member_id, endorsed_id=endorsed_id)
            for member_id, endorsed_id in latest.items()
        ],
        ignore_conflicts=True,
    )
    if notify:
        enqueue("pillars.tasks.send_endorsement_requests", version.pk)
