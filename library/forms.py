"""The library's forms. The writing forms only shape what was typed (text, a list of pillars,
tags split at commas); library.services.writing decides what is valid and answers per field."""

from django import forms

from alliance.pillars import Pillar
from library.models import Item
from library.services.writing_fields import (
    MAX_BODY,
    MAX_NOTE,
    MAX_ORIGINAL_AUTHOR,
    MAX_QUOTE,
    MAX_SUMMARY,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    MAX_URL,
)

MARKDOWN_HELP = (
    "Markdown works: **bold**, _italic_, [a link](https://…), lists, > quotes and ## headings."
)


def _tags_field():
    return forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=(MAX_TAG + 2) * MAX_TAGS,
        help_text=f"Up to {MAX_TAGS}, separated by commas, like: roadmaps, business cases.",
    )


def _pillars_field():
    return forms.MultipleChoiceField(
        label="Pillars",
        choices=Pillar.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="One to five: the parts of Product Ops this is about.",
    )


class ItemForm(forms.Form):
    """What both kinds share. Rules are the service's: nothing here is required, so that one
    save answers every field's message at once."""

    title = forms.CharField(label="Title", required=False, max_length=MAX_TITLE * 2)
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=MAX_SUMMARY * 2,
        help_text=f"One or two sentences, up to {MAX_SUMMARY} characters: shown in the list and the feeds.",  # noqa: E501
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pillars = _pillars_field()
    tags = _tags_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser's maxlength cuts a pasted text short without a word: the limits are said
        # at the field after saving instead, with all of the text still there.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean_tags(self):
        return [tag for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class ArticleForm(ItemForm):
    body = forms.CharField(
        label="Text",
        required=False,
        max_length=MAX_BODY * 2,
        help_text=f"{MARKDOWN_HELP} Up to {MAX_BODY:,} characters.",
        widget=forms.Textarea(attrs={"rows": 20}),
    )


class LinkForm(ItemForm):
    url = forms.CharField(
        label="Address of the page",
        required=False,
        max_length=MAX_URL * 2,
        help_text="The full address, starting with https://.",
        widget=forms.URLInput,
    )
    original_author = forms.CharField(
        label="Original author or publisher (optional)",
        required=False,
        max_length=MAX_ORIGINAL_AUTHOR * 2,
    )
    curator_note = forms.CharField(
        label="Why it matters",
        required=False,
        max_length=MAX_NOTE * 2,
        help_text=f"Two to five sentences for Product Ops readers: what to take from it. {MARKDOWN_HELP}",  # noqa: E501
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    quote = forms.CharField(
        label="A quote from it (optional)",
        required=False,
        max_length=MAX_QUOTE * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["url", "title", "original_author", "summary", "pillars", "tags"]


def form_for(kind: str):
    return ArticleForm if kind == Item.Kind.ARTICLE else LinkForm


class CoauthorForm(forms.Form):
    email = forms.EmailField(
        label="Co-author's email address",
        max_length=254,
        help_text="The address they sign in with. They are emailed and accept before their name shows.",  # noqa: E501
        error_messages={
            "required": "Enter the email address of the member to invite.",
            "invalid": "Enter an email address, like name@example.com.",
        },
    )


class PreviewLinkForm(forms.Form):
    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
