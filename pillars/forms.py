"""Forms of the manifesto's pages. The services validate again: a form only gives the first
answer at the field, before anything is written."""

from django import forms

from alliance.text import markdown_to_html
from pillars.services.versions import MAX_BODY

BODY_HELP = (
    "Markdown: **bold**, _italic_, [a link](https://…), lists and > quotes. "
    "Use Preview to see it as readers will."
)
ORDER_HELP = "Sections are shown from the lowest number to the highest."


class SectionForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=120,
        error_messages={
            "required": "Give the section a title.",
            "max_length": "Keep the title under 120 characters.",
        },
    )
    statement = forms.CharField(
        label="Statement (optional)",
        max_length=400,
        required=False,
        help_text="One or two sentences, shown in bold under the title.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the statement to one or two sentences (400 characters)."
        },
    )
    body = forms.CharField(
        label="Text",
        max_length=MAX_BODY,
        required=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": f"Keep the text under {MAX_BODY:,} characters."},
    )
    order = forms.IntegerField(
        label="Place",
        min_value=0,
        max_value=32767,
        required=False,
        help_text=ORDER_HELP,
        error_messages={"invalid": "Give the place as a whole number, like 3."},
    )

    def preview(self) -> dict:
        """The section as readers would see it, from the text as typed (a valid form)."""
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "statement": data["statement"].strip(),
            "body_html": markdown_to_html(data["body"].strip()),
        }


class NewSectionForm(SectionForm):
    # The service checks the key's shape (and lower-cases it): one rule, one message.
    key = forms.CharField(
        label="Key",
        max_length=40,
        help_text=(
            "Stays the same in every later version, so comments and diffs follow the section: "
            "lower-case letters, digits and hyphens, like “closing-words”."
        ),
        error_messages={
            "required": "Give the section a key.",
            "max_length": "Keep the key under 40 characters.",
        },
    )
    field_order = ["key", "title", "statement", "body", "order"]


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label="Change note",
        max_length=2000,
        help_text="What changed and why. Readers see it on the version and in the list.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what changed and why: readers see this note.",
            "max_length": "Keep the change note under 2,000 characters.",
        },
    )
    kind = forms.ChoiceField(
        label="How big a change is it?",
        choices=[
            ("minor", "Minor: wording, examples, fixes"),
            ("major", "Major: asks everyone who endorsed an earlier version to look again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this is a major or a minor change."},
    )
    resolves = forms.TypedMultipleChoiceField(
        label="This version answers these threads",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each is marked resolved, with a link to what changed, and its author is told.",
        error_messages={
            "invalid_choice": "One of these threads was resolved or deleted meanwhile: "
            "look at the list again."
        },
    )

    def __init__(self, *args, threads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolves"].choices = [(t.comment.pk, t.label) for t in threads]

    @property
    def is_major(self) -> bool:
        return self.cleaned_data["kind"] == "major"
