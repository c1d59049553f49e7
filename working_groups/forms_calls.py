"""The forms of scheduling, editing and cancelling a call. The services validate; these
forms only parse what was typed and put a service's errors back at their fields."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from members.models import TIME_ZONES
from working_groups.models import CallSeries
from working_groups.services.calls import ALL, FOLLOWING, MAX_OCCURRENCES, THIS

REMINDERS = [(7 * 24 * 60, "1 week before"), (24 * 60, "1 day before"), (60, "1 hour before"),
             (10, "10 minutes before")]  # fmt: skip
# A service's field name -> the form's.
FIELD_OF = {"local_start": "date", "reminder_offsets": "reminders", "__all__": None}


class CallForm(forms.Form):
    title = forms.CharField(max_length=200)
    agenda = forms.CharField(
        label="Agenda (optional)", required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown works: lists, **bold**, links.",
    )  # fmt: skip
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(
        label="Time zone", choices=[(z, z) for z in TIME_ZONES],
        help_text="The call keeps this wall-clock time across daylight-saving changes.",
    )  # fmt: skip
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", initial=60, min_value=5, max_value=480
    )
    join_url = forms.URLField(
        label="Join link (optional)", required=False, max_length=500, assume_scheme="https",
        help_text="Shown only to the group's members.",
    )  # fmt: skip
    capacity = forms.IntegerField(
        label="Capacity (optional)", required=False, min_value=1,
        help_text="Leave empty for no limit.",
    )  # fmt: skip
    reminders = forms.TypedMultipleChoiceField(
        label="Remind those coming", choices=REMINDERS, coerce=int, required=False,
        initial=[24 * 60, 60], widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            field = FIELD_OF.get(name, name)
            self.add_error(field if field in self.fields else None, messages)

    def local_start(self) -> datetime:
        """The naive wall-clock start typed (date and time, in the chosen zone)."""
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])

    def details(self) -> dict:
        """The cleaned fields, named as the services name them."""
        data = self.cleaned_data
        return {
            "title": data["title"], "agenda": data["agenda"],
            "duration_minutes": data["duration_minutes"], "join_url": data["join_url"],
            "capacity": data["capacity"], "reminder_offsets": data["reminders"],
            "time_zone": data["time_zone"],
            "local_start": self.local_start(),
        }  # fmt: skip


class ScheduleForm(CallForm):
    repeat = forms.ChoiceField(
        label="Repeat", required=False,
        choices=[("", "Does not repeat"), *CallSeries.Repeat.choices],
    )  # fmt: skip
    until = forms.DateField(
        label="Until (for a series)", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    count = forms.IntegerField(
        label="Or a number of calls", required=False, min_value=1, max_value=MAX_OCCURRENCES,
        help_text=f"At most {MAX_OCCURRENCES}.",
    )  # fmt: skip

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            **super().details(),
            "repeat": data["repeat"], "until": data["until"], "count": data["count"],
        }  # fmt: skip


SCOPES = [(THIS, "This call"), (FOLLOWING, "This and the following calls"),
          (ALL, "All calls of the series still to come")]  # fmt: skip


class EditForm(CallForm):
    scope = forms.ChoiceField(
        label="Change", choices=SCOPES, initial=THIS, widget=forms.RadioSelect
    )

    def __init__(self, *args, series: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not series:
            del self.fields["scope"]


class CancelForm(forms.Form):
    scope = forms.ChoiceField(
        label="Cancel", choices=SCOPES[:2], initial=THIS, widget=forms.RadioSelect
    )
