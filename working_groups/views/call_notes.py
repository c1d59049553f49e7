"""After a call: its notes page (draft, publish), naming the note-taker, closing an action
item."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alliance.access import member_required
from members.models import User
from working_groups.access import can_moderate, get_call_for_user
from working_groups.forms_call_notes import BLANK_ROWS, NotesForm, NoteTakerForm, action_rows
from working_groups.models import ActionItem
from working_groups.selectors.call_notes import call_notes_page, notes_template
from working_groups.services import call_notes as notes
from working_groups.views.common import back

PUBLISHED, SAVED = "Notes published in the group's feed.", "Draft saved."


def _initial(call, page):
    rows = [{"id": i.pk, "text": i.text, "owner": i.owner_id} for i in page.items]
    # A first draft starts from the agenda, with those who said Going ticked as attending.
    started = call.notes_markdown or page.attended_ids
    form = NotesForm(
        initial={
            "notes": call.notes_markdown or notes_template(call=call, carried=page.carried),
            "attended": [str(pk) for pk in (page.attended_ids if started else page.going_ids)],
        },
        members=page.members,
    )
    return form, action_rows(initial=rows + [{}] * BLANK_ROWS, members=page.members)


def _rows_of(formset) -> list[notes.ActionRow]:
    return [
        notes.ActionRow(data.get("text") or "", data.get("owner"), data.get("id"))
        for data in (f.cleaned_data for f in formset.forms)
        if data
    ]


def _save(request, call, membership, form, rows, *, publish):
    """Save the draft, then publish it if asked: the post, True, or None with the errors put
    at their fields (the draft stays saved when only publishing failed)."""
    try:
        notes.call_notes_save(
            call=call, by=request.user, notes=form.cleaned_data["notes"], membership=membership,
            action_items=_rows_of(rows), attendee_ids=form.cleaned_data["attended"],
        )  # fmt: skip
        if publish:
            return notes.call_notes_publish(call=call, by=request.user, membership=membership)
    except ValidationError as error:
        for key, errors in error.message_dict.items():
            if key == "action_items":
                form.action_errors = errors  # shown at the rows' fieldset
            else:
                form.add_error(key if key in form.fields else None, errors)
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return None
    return True


@member_required
def call_notes(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    if not notes.can_write_notes(request.user, call, membership):
        raise PermissionDenied("Only the group's leads and the call's note-taker write its notes.")
    page = call_notes_page(call=call)
    if request.method != "POST":
        form, rows = _initial(call, page)
    else:
        action = request.POST.get("action", "save")
        form = NotesForm(request.POST, members=page.members)
        rows = action_rows(request.POST, members=page.members, more=action == "more")
        if action != "more" and form.is_valid() and rows.is_valid():
            done = _save(request, call, membership, form, rows, publish=action == "publish")
            if done:
                messages.success(request, PUBLISHED if done is not True else SAVED)
                return redirect(done if done is not True else request.path)
    context = {
        "group": call.group, "call": call, "form": form, "rows": rows, "page": page,
        "may_start": notes.notes_may_start(call),
        "can_name": can_moderate(request.user, call.group, membership),
        "taker_form": NoteTakerForm(
            initial={"note_taker": call.note_taker_id}, members=page.members
        ),
    }  # fmt: skip
    return render(request, "working_groups/calls/notes.html", context)


@member_required
@require_POST
def call_note_taker(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    if not can_moderate(request.user, call.group, membership):
        raise PermissionDenied("Only the group's leads name a note-taker.")
    form = NoteTakerForm(request.POST, members=call_notes_page(call=call).members)
    if form.is_valid():
        chosen = form.cleaned_data["note_taker"]
        taker = get_object_or_404(User, pk=chosen) if chosen else None
        notes.call_note_taker_set(call=call, by=request.user, note_taker=taker)
        messages.success(
            request, f"{taker} takes the notes." if taker else "The leads take the notes."
        )
    else:
        messages.error(request, "Choose one of the group's members.")
    return redirect(back(request, call.get_absolute_url()))


@member_required
@require_POST
def call_action_close(request, slug, call_id, item_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    # The item may be this call's or an earlier one's carried into it: the same group's.
    item = get_object_or_404(
        ActionItem.objects.select_related("call__group"), pk=item_id, call__group=call.group
    )
    notes.action_item_close(item=item, by=request.user, membership=membership)
    messages.success(request, f"Closed: {item.text}")
    return redirect(back(request, call.get_absolute_url()))
