"""The options of a choice question, as staff write them: one per line, `value: Label`."""

import re

from django.utils.text import slugify

# An option's stored value: one word of up to 60 characters, without spaces or colons. Kept in
# answers and tallies and compared across years, so it must never depend on how a label reads.
OPTION_VALUE = re.compile(r"[^\s:]{1,60}")


def parse_options(options: str) -> list[tuple[int, str, str]]:
    """The options text as (line number, value, label): `value: Label` where the part before
    the first colon is a value (OPTION_VALUE), otherwise the whole line is the label and the
    value is made from it."""
    parsed = []
    for number, line in enumerate(options.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        value, sep, label = line.partition(":")
        value, label = value.strip(), label.strip()
        if sep and OPTION_VALUE.fullmatch(value):
            parsed.append((number, value, label or value))
        else:
            parsed.append((number, slugify(line)[:60], line))
    return parsed


def option_problems(options: str) -> list[str]:
    """What is wrong with an options text, each message naming its line."""
    problems, seen = [], {}
    for number, value, label in parse_options(options):
        if not value:
            problems.append(
                f"Line {number} (“{label}”) gives no stored value: write it as “value: {label}”, "
                "the value one word without spaces or colons."
            )
        elif value in seen:
            problems.append(
                f"Line {number} has the same value (“{value}”) as line {seen[value]}; give each "
                "option a different value."
            )
        else:
            seen[value] = number
    return problems
