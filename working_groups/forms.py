from django import forms
from django.core.exceptions import ValidationError

from working_groups.models import PostWatch, ReactionKind, WatchLevel
from working_groups.services import FOLLOW_GROUP, MAX_BODY, MAX_TAGS, clean_tags

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


# The four ways to follow a group, in the words the forms show, each with what it brings.
LEVEL_NAMES = {
    WatchLevel.WATCHING: "Watching",
    WatchLevel.NEW_POSTS: "New posts only",
    WatchLevel.NORMAL: "Normal",
    WatchLevel.MUTED: "Muted",
}
LEVEL_HELP = {
    WatchLevel.WATCHING: "Every new post and every reply.",
    WatchLevel.NEW_POSTS: "Every new post; replies only in threads you watch.",
    WatchLevel.NORMAL: (
        "Only what concerns you: mentions, replies to your posts, threads you watch. "
        "The group stays in your digest."
    ),
    WatchLevel.MUTED: "Nothing from this group, not even mentions, and it leaves your digest.",
}
LEVEL_CHOICES = [(level, LEVEL_NAMES[level]) for level in WatchLevel.values]


class GroupNotificationsForm(forms.Form):
    """How a member follows one group: its watch level, and whether it emails them. Each
    group's form has ids of its own, as a page may show several (`compact`: a menu, not
    radios, for the list of one's groups)."""

    level = forms.ChoiceField(label="How closely you follow it", choices=LEVEL_CHOICES)
    emails = forms.BooleanField(label="Email me about this group", required=False)

    def __init__(self, *args, membership, compact=False, **kwargs):
        slug = membership.group.slug
        kwargs.setdefault("auto_id", f"id_{slug}_%s")
        kwargs.setdefault(
            "initial", {"level": membership.watch_level, "emails": not membership.emails_off}
        )
        super().__init__(*args, **kwargs)
        self.membership = membership
        if compact:
            self.fields["level"].label = f"How closely you follow {membership.group.name}"
        else:
            self.fields["level"].widget = forms.RadioSelect(choices=LEVEL_CHOICES)
            self.fields["emails"].help_text = "Off: this group tells you here, not by email."

    def level_options(self):
        """Each radio with what its level brings, for the template to lay out."""
        return [(radio, LEVEL_HELP[radio.data["value"]]) for radio in self["level"]]


class PostWatchForm(forms.Form):
    level = forms.ChoiceField(
        choices=[
            (PostWatch.Level.WATCHING, "Watch this thread"),
            (PostWatch.Level.MUTED, "Mute this thread"),
            (FOLLOW_GROUP, "Follow the group's setting"),
        ]
    )


class DefaultWatchLevelForm(forms.Form):
    level = forms.ChoiceField(
        label="New members follow the group at",
        choices=LEVEL_CHOICES,
        help_text=(
            "Watching: every new post and reply. New posts only: every new post. Normal: only "
            "what concerns them. Muted: nothing. Members already in the group keep their own."
        ),
    )
