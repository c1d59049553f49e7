from django import forms
from django.core.exceptions import ValidationError

from working_groups.models import ReactionKind
from working_groups.services import MAX_BODY, MAX_TAGS, clean_tags

BODY_HELP = (
    "Markdown works: **bold**, _italic_, [a link](https://…), lists and > quotes. "
    "Mention a member with @ and their full name, like @Amara Okafor."
)


class PostForm(forms.Form):
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    body = forms.CharField(
        label="Your post",
        max_length=MAX_BODY,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "data-mention-input": ""}),
        error_messages={"required": "Write something before you post."},
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=300,
        help_text=f"Up to {MAX_TAGS}, separated by commas, like: roadmaps, quarterly planning.",
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )

    def clean_tags(self):
        try:
            return clean_tags(self.cleaned_data["tags"].split(","))
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["tags"]) from None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_BODY,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 3, "data-mention-input": ""}),
        error_messages={"required": "Write something before you reply."},
    )
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only this group's leads and the alliance's staff read reports.",
        error_messages={"required": "Tell the moderators what is wrong with it."},
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("hide", "restore", "pin", "unpin", "lock", "unlock")]
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the working groups", max_length=200, required=False)
    group = forms.ChoiceField(label="Group", required=False)
    tag = forms.CharField(
        label="Tag",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All my groups")] + [(g.slug, g.name) for g in groups]
