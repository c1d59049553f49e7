"""The time-zone select: 597 zones grouped by region, rendered once a process."""

from functools import cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from members.models import TIME_ZONES


def zone_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(region, [(zone, label)]) in order: the zones without a region ("UTC") come first, then
    each region with its places labelled without it ("America/New_York" is "New York")."""
    groups: dict[str, list[tuple[str, str]]] = {"": []}
    for zone in TIME_ZONES:
        region, _, place = zone.partition("/")
        if not place:
            region, place = "", zone
        groups.setdefault(region, []).append((zone, place.replace("_", " ").replace("/", " / ")))
    # UTC first: what a browser shows when no option is selected.
    groups[""].sort(key=lambda item: item[0] != "UTC")
    return list(groups.items())


@cache
def _options_html() -> str:
    html = []
    for region, zones in zone_groups():
        if region:
            html.append(f'<optgroup label="{escape(region)}">')
        html += [
            f'<option value="{escape(zone)}">{escape(label)}</option>' for zone, label in zones
        ]
        if region:
            html.append("</optgroup>")
    return "".join(html)


class TimeZoneSelect(forms.Select):
    """Django renders each of the 597 options through a template, about 45 ms a form; the
    options are the same for everyone, so they are built once and only the member's own zone
    is marked. The attributes (id, name, required, aria-*) are Django's own, as usual."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        options = _options_html()
        if value and value in _known():
            marker = f'<option value="{escape(value)}">'
            options = options.replace(marker, marker[:-1] + " selected>", 1)
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308


@cache
def _known() -> frozenset[str]:
    return frozenset(TIME_ZONES)
