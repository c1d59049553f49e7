"""Working-group calls: a group meets on a call, once or as a series. Each occurrence is its
own row (its own RSVPs, reminders, notes and cancellation); a series keeps the rule its
occurrences were made from, computed in the series' own time zone so a 10:00 New York call
stays 10:00 in New York across daylight-saving changes."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# Reminders before a call, in minutes, unless the lead picks others: a day and an hour.
DEFAULT_REMINDERS = [24 * 60, 60]


def default_reminders():
    return list(DEFAULT_REMINDERS)


def new_uid():
    return f"{uuid.uuid4()}@productopsalliance"


class CallSeries(models.Model):
    """The rule a repeating call was scheduled with; its occurrences are Call rows."""

    class Repeat(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every two weeks"
        MONTHLY = "monthly", "Every month on the same weekday (“the 2nd Tuesday”)"

    group = models.ForeignKey(
        "working_groups.WorkingGroup", on_delete=models.CASCADE, related_name="call_series"
    )
    repeat = models.CharField(max_length=12, choices=Repeat.choices)
    time_zone = models.CharField(max_length=64)
    # The wall-clock start of the first occurrence in time_zone, and how the series ends.
    # The wall clock in time_zone, stored labelled UTC (a DateTimeField keeps instants): read
    # it back with services.calls.recurrence.wall_clock.
    first_local_start = models.DateTimeField(help_text="Wall-clock time in time_zone.")
    until = models.DateField(null=True, blank=True)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    uid = models.CharField(max_length=100, unique=True, default=new_uid)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "call series"

    def __str__(self):
        return f"{self.get_repeat_display()} in {self.group}"


class Call(models.Model):
    """One meeting of a group, at one instant, with its own RSVPs, reminders and notes."""

    group = models.ForeignKey(
        "working_groups.WorkingGroup", on_delete=models.CASCADE, related_name="calls"
    )
    series = models.ForeignKey(
        CallSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="occurrences"
    )
    title = models.CharField(max_length=200)
    agenda_markdown = models.TextField(blank=True)
    agenda_html = models.TextField(blank=True)
    # The instant (UTC) and the zone the lead scheduled it in: pages show the viewer's zone
    # first and this one second.
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    # Shown only to the group's members.
    join_url = models.URLField("join link", max_length=500, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    reminder_offsets = ArrayField(
        models.PositiveIntegerField(), default=default_reminders, blank=True,
        help_text="Minutes before the start.",
    )  # fmt: skip
    # iCalendar: one UID per occurrence for ever, SEQUENCE raised on every change.
    uid = models.CharField(max_length=100, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # After the call: who writes the notes (besides the leads), the notes while drafted, and
    # the feed post they were published as.
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    notes_markdown = models.TextField(blank=True)
    notes_post = models.OneToOneField(
        "working_groups.Post", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="call",
    )  # fmt: skip

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="wg_calls_by_group"),
            models.Index(
                fields=["starts_at"], condition=Q(cancelled_at=None), name="wg_calls_to_come"
            ),
            models.Index(fields=["series", "starts_at"], name="wg_calls_by_series"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    def get_absolute_url(self):
        return reverse("working_groups:call", args=[self.group.slug, self.pk])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None


class Rsvp(models.Model):
    """A member's answer for one occurrence, changeable until the start."""

    class Answer(models.TextChoices):
        GOING = "going", "Going"
        MAYBE = "maybe", "Maybe"
        NO = "no", "Can't go"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_rsvps"
    )
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="wg_one_rsvp_per_call")
        ]
        indexes = [models.Index(fields=["user", "answer"], name="wg_rsvps_by_member")]

    def __str__(self):
        return f"{self.user_id} {self.answer} {self.call_id}"


class Attendance(models.Model):
    """Who was on the call, as the lead or note-taker marked it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="wg_attended_once")]

    def __str__(self):
        return f"{self.user_id} on {self.call_id}"


class ActionItem(models.Model):
    """Something a call decided someone will do; carried into the group's next calls' agenda
    until it is closed."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="call_actions",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class CalendarToken(models.Model):
    """The secret of a member's personal calendar feed, stored hashed (SHA-256): the feed's
    address shows it once; rotating replaces it, revoking deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user_id}"
