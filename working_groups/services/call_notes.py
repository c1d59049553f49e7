"""After a call: its notes, drafted from a template by the group's leads, the staff or the
note-taker a lead names; who attended; the action items it decided, carried into the group's
later calls until closed; and the notes published as one post in the group's feed, which a
second publication edits rather than repeats."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alliance.access import is_member
from members.models import User
from working_groups.access import UNKNOWN, InHand, can_moderate, group_membership
from working_groups.models import ActionItem, Attendance, Call, GroupMembership, Post
from working_groups.services.posts import post_create, post_edit
from working_groups.services.text import MAX_BODY

MAX_ACTION_TEXT = ActionItem._meta.get_field("text").max_length


def _active_member_ids(group, user_ids) -> set[int]:
    return set(
        GroupMembership.objects.filter(
            group=group, user_id__in=list(user_ids), state=GroupMembership.State.ACTIVE
        ).values_list("user_id", flat=True)
    )


def can_write_notes(viewer, call: Call, membership: InHand = UNKNOWN) -> bool:
    """The group's leads and the staff, and the call's note-taker while an active member."""
    if can_moderate(viewer, call.group, membership):
        return True
    if not viewer.is_authenticated or call.note_taker_id != viewer.pk or not is_member(viewer):
        return False
    if membership is UNKNOWN:
        membership = group_membership(viewer, call.group)
    return membership is not None and membership.is_active


def can_close_action(viewer, item: ActionItem, membership: InHand = UNKNOWN) -> bool:
    """Whoever may write the notes of the item's call, and the item's owner."""
    if viewer.is_authenticated and item.owner_id == viewer.pk and is_member(viewer):
        return True
    return can_write_notes(viewer, item.call, membership)


def notes_may_start(call: Call) -> bool:
    """Notes are for a call that took place: started, not cancelled."""
    return not call.is_cancelled and call.starts_at <= timezone.now()


def _require_writer(call, by, membership):
    if not can_write_notes(by, call, membership):
        raise PermissionDenied("Only the group's leads and the call's note-taker write its notes.")
    if not notes_may_start(call):
        raise ValidationError({"notes": "Notes can be written once the call has started."})


def call_note_taker_set(*, call: Call, by: User, note_taker: User | None) -> Call:
    """A lead (or staff) names who takes the call's notes, among the group's active members;
    None names nobody."""
    if not can_moderate(by, call.group):
        raise PermissionDenied("Only the group's leads name a note-taker.")
    if note_taker is not None and not _active_member_ids(call.group, [note_taker.pk]):
        raise ValidationError({"note_taker": "Choose one of the group's members."})
    with transaction.atomic():
        call.note_taker = note_taker
        call.save(update_fields=["note_taker"])
    return call


@dataclass(frozen=True)
class ActionRow:
    """One row of the notes' action items: `id` of an item saved before, or None for a new one."""

    text: str
    owner_id: int | None = None
    id: int | None = None


def _clean_rows(call, rows: list[ActionRow]) -> list[ActionRow]:
    rows = [ActionRow(" ".join(r.text.split()), r.owner_id, r.id) for r in rows]
    errors = []
    for row in rows:
        if len(row.text) > MAX_ACTION_TEXT:
            errors.append(f"Keep each action item under {MAX_ACTION_TEXT} characters.")
        if row.owner_id and not row.text:
            errors.append("Say what the action item is, or clear its owner.")
    owners = {r.owner_id for r in rows if r.owner_id}
    if owners - _active_member_ids(call.group, owners):
        errors.append("Owners are chosen among the group's members.")
    known = set(ActionItem.objects.filter(call=call).values_list("id", flat=True))
    if {r.id for r in rows if r.id} - known:
        # A forged or stale id: never edit another call's item from this form.
        errors.append("An action item was changed elsewhere; reload the page.")
    if errors:
        raise ValidationError({"action_items": sorted(set(errors))})
    return rows


def _save_rows(call, rows: list[ActionRow]) -> None:
    kept = {}
    for row in rows:
        if row.id and row.text:
            kept[row.id] = row
    # A row cleared of its text removes the item; closed items keep their closing.
    ActionItem.objects.filter(call=call).exclude(id__in=kept).delete()
    for item in ActionItem.objects.filter(id__in=kept):
        row = kept[item.id]
        if (item.text, item.owner_id) != (row.text, row.owner_id):
            item.text, item.owner_id = row.text, row.owner_id
            item.save(update_fields=["text", "owner"])
    ActionItem.objects.bulk_create(
        [
            ActionItem(call=call, text=r.text, owner_id=r.owner_id)
            for r in rows
            if r.text and not r.id
        ]
    )


def call_notes_save(
    *,
    call: Call,
    by: User,
    notes: str,
    action_items: list[ActionRow],
    attendee_ids,
    membership: InHand = UNKNOWN,
) -> Call:
    """Save the notes as drafted: their text, the action items (rows with an id edit the saved
    ones, rows cleared remove them) and who attended (among the group's active members)."""
    _require_writer(call, by, membership)
    notes = (notes or "").strip()
    if len(notes) > MAX_BODY:
        raise ValidationError({"notes": f"Keep the notes under {MAX_BODY:,} characters."})
    rows = _clean_rows(call, action_items)
    attendee_ids = {int(pk) for pk in attendee_ids}
    if attendee_ids - _active_member_ids(call.group, attendee_ids):
        raise ValidationError({"attended": "Attendance is marked among the group's members."})
    with transaction.atomic():
        call.notes_markdown = notes
        call.updated_at = timezone.now()
        call.save(update_fields=["notes_markdown", "updated_at"])
        _save_rows(call, rows)
        Attendance.objects.filter(call=call).exclude(user_id__in=attendee_ids).delete()
        Attendance.objects.bulk_create(
            [Attendance(call=call, user_id=pk) for pk in attendee_ids], ignore_conflicts=True
        )
    return call


def notes_title(call: Call) -> str:
    """ "Notes: <title>, <date>", the date in the call's own zone (where it was held)."""
    day = call.starts_at.astimezone(ZoneInfo(call.time_zone))
    return f"Notes: {call.title}, {day.day} {day:%b %Y}"[:200]


def notes_body(call: Call, site_path: str) -> str:
    """The post's Markdown: the notes, the action items with their owners mentioned (so they
    are told), who attended, and the way back to the call."""
    items = list(ActionItem.objects.filter(call=call).select_related("owner"))
    attended = list(
        User.objects.filter(pk__in=Attendance.objects.filter(call=call).values("user_id"))
        .order_by("name")
        .values_list("name", flat=True)
    )
    parts = [call.notes_markdown or "_No notes written._"]
    if items:
        lines = []
        for item in items:
            owner = f" — @{item.owner.name}" if item.owner and item.owner.name else ""
            done = " (done)" if item.closed_at else ""
            lines.append(f"- {item.text}{owner}{done}")
        parts.append("## Action items\n\n" + "\n".join(lines))
    if attended:
        parts.append(f"## Attended ({len(attended)})\n\n" + ", ".join(attended))
    parts.append(f"[The call's page]({site_path})")
    return "\n\n".join(parts)


def call_notes_publish(
    *,
    call: Call,
    by: User,
    membership: InHand = UNKNOWN,
    notify: bool = True,
    published_at: datetime | None = None,
) -> Post:
    """Publish the saved notes as a post in the group's feed, written by `by`, and link it from
    the call; published again, the same post is edited (its author stays the first publisher,
    as only an author edits a post: the rule of who may publish is checked here).

    `notify` and `published_at` as for post_create: off and dated back for demo data."""
    _require_writer(call, by, membership)
    if not call.notes_markdown.strip():
        raise ValidationError({"notes": "Write the notes before you publish them."})
    body = notes_body(call, call.get_absolute_url())
    with transaction.atomic():
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("notes_post", "group")
            .get(pk=call.pk)
        )
        post = call.notes_post
        if post is not None and post.deleted_at is None:
            return post_edit(post=post, editor=post.author, title=notes_title(call), body=body)
        post = post_create(
            group=call.group, author=by, title=notes_title(call), body=body,
            notify=notify, created_at=published_at,
        )  # fmt: skip
        call.notes_post = post
        call.save(update_fields=["notes_post"])
    return post


def action_item_close(*, item: ActionItem, by: User, membership: InHand = UNKNOWN) -> ActionItem:
    """Close an action item: it stops being carried into the group's next calls."""
    if not can_close_action(by, item, membership):
        raise PermissionDenied("Only its owner, the group's leads and the note-taker close it.")
    with transaction.atomic():
        ActionItem.objects.filter(pk=item.pk, closed_at=None).update(
            closed_at=timezone.now(), closed_by=by
        )
    item.refresh_from_db()
    return item
