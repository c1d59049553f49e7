"""The forms of a call's notes: the notes with their action-item rows and attendance, and the
lead's choice of note-taker. Members are the group's active members, handed in by the view."""

from django import forms

from working_groups.services import MAX_BODY
from working_groups.services.call_notes import MAX_ACTION_TEXT

# Blank action-item rows under the saved ones; "Add more rows" adds as many again (no script).
BLANK_ROWS = 3


def _member_choices(members) -> list[tuple[str, str]]:
    return [(str(person.pk), person.display_name) for person in members]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MAX_BODY,
        help_text="Markdown works. Started from the agenda; write the decisions under “Decisions”.",
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    attended = forms.MultipleChoiceField(
        label="Who attended",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members who said Going are ticked to start with.",
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = _member_choices(members)


class ActionRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Action item", required=False, max_length=MAX_ACTION_TEXT)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "No owner"), *_member_choices(members)]


ActionRows = forms.formset_factory(ActionRowForm, extra=0)


def action_rows(data=None, *, initial=None, members=(), more=False):
    """The action-item rows, bound to what was posted (with BLANK_ROWS more when asked) or
    from the saved items."""
    if data is not None and more:
        data = data.copy()
        total = int(data.get("actions-TOTAL_FORMS") or 0)
        data["actions-TOTAL_FORMS"] = str(min(total, 200) + BLANK_ROWS)
    return ActionRows(data, initial=initial, prefix="actions", form_kwargs={"members": members})


class NoteTakerForm(forms.Form):
    note_taker = forms.TypedChoiceField(
        label="Note-taker", required=False, coerce=int, empty_value=None,
        help_text="Besides the leads, who may write and publish this call's notes.",
    )  # fmt: skip

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note_taker"].choices = [("", "Nobody (the leads)"), *_member_choices(members)]
