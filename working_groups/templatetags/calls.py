"""How a call's time reads on every page: the viewer's zone first and the call's own zone
second ("Tue 3 Jun, 16:00 your time · 10:00 New York"); one zone when they agree. The
viewer's zone is the active one (alliance.middleware: a member's profile, else the browser's,
else UTC), so visitors see theirs too."""

import zoneinfo
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from working_groups.services.calls import describe_series, zone_label

register = template.Library()


def _day(local: datetime, *, year: bool) -> str:
    return f"{local:%a} {local.day} {local:%b}" + (f" {local.year}" if year else "")


@register.filter
def call_when(call) -> str:
    """The call's start, in the viewer's zone and (when it differs) the call's."""
    theirs = zoneinfo.ZoneInfo(call.time_zone)
    viewer = timezone.get_current_timezone()
    mine, local = call.starts_at.astimezone(viewer), call.starts_at.astimezone(theirs)
    year = mine.year != timezone.now().astimezone(viewer).year
    place = zone_label(call.time_zone)
    if mine.utcoffset() == local.utcoffset():  # the same clock: one time says it
        text = f"{_day(local, year=year)}, {local:%H:%M} {place} time"
    else:
        there = (
            f"{local:%H:%M}"
            if local.date() == mine.date()
            else (f"{_day(local, year=year)}, {local:%H:%M}")
        )
        text = f"{_day(mine, year=year)}, {mine:%H:%M} your time · {there} {place}"
    return format_html('<time datetime="{}">{}</time>', call.starts_at.isoformat(), text)


@register.filter
def series_description(series) -> str:
    """ "Every week on Tuesday at 10:00 New York time until 30 June 2027"."""
    return describe_series(series) if series is not None else ""


@register.filter
def zone_name(name: str) -> str:
    return zone_label(name)
