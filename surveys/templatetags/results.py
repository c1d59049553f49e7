"""Filters for showing results figures, on the web and in the results email."""

from django import template

register = template.Library()

# Each remit answer has one colour wherever it is drawn, with a text colour that reads on it
# (at least 4.5:1), so a bar and the legend beside it always agree, whichever shares are zero.
REMIT_COLOURS = {
    "all": ("#173f7a", "#ffffff"),
    "some": ("#6f8fbf", "#1d2330"),
    "none": ("#d3dcea", "#1d2330"),
}


@register.filter
def remit_colour(value: str) -> str:
    """The fill of a remit answer ("all", "some", "none")."""
    return REMIT_COLOURS[value][0]


@register.filter
def remit_text_colour(value: str) -> str:
    """The colour of a figure written on that fill."""
    return REMIT_COLOURS[value][1]


@register.filter
def with_answers(options: list[dict]) -> list[dict]:
    """The options someone chose, for a compact list of figures."""
    return [option for option in options if option.get("count")]
