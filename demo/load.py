"""The one reader of the demo data files: `read("people")` is demo/data/people.toml, checked.

The files are TOML, read by the standard library, so that long prose reads as prose. Each
file's shape is declared here, next to the reader: a missing or misspelt key, or a value of the
wrong kind, is refused when the file is read, with a message naming the file and the entry,
rather than surfacing halfway through loading the demo.
"""

import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


class DemoDataError(ValueError):
    """A demo data file that is missing, is not valid TOML, or does not have its shape."""


class OneOf:
    """A text that must be one of a few values."""

    def __init__(self, *values: str):
        self.values = values


# A shape is a type (str, int, bool), [shape] for a list of them, {key: shape} for a table
# whose keys are exactly these ("key?" may be left out), {str: shape} for a table of any keys,
# or OneOf(...). The values the apps check themselves (a pillar, a time zone) are left to the
# services, which check them as they check a person's input.
PERSON = {
    "name": str,
    "email": str,
    "job_title": str,
    "company": str,
    "company_type": str,
    "org_size": str,
    "pillars": [str],
    "time_zone": str,
    "status": OneOf("member", "pending", "declined"),
    "bio": str,
    "motivation": str,
}
GROUP = {
    "slug": str,
    "name": str,
    "pillar": str,
    "join_policy": OneOf("open", "request"),
    "leads": [str],
    "purpose": str,
}
THREAD = {
    "group": str,
    "author": str,
    "title": str,
    "tags": [str],
    "body": str,
    "replies": [{"author": str, "body": str}],
}
TOPIC = {
    "groups": [str],
    "tags": [str],
    "titles": [str],
    "things": [str],
    "situations": [str],
    "questions": [str],
    "replies": [str],
}
QUESTION = {
    "page": int,
    "key": str,
    "kind": OneOf(
        "single", "multiple", "scale", "number", "short_text", "long_text", "pillar_grid"
    ),
    "prompt": str,
    "discuss_in?": str,
    "help_text?": str,
    "required?": bool,
    "min_value?": int,
    "max_value?": int,
    "scale_min?": int,
    "scale_max?": int,
    "min_label?": str,
    "max_label?": str,
    "options?": [str],
    "options_from?": OneOf("company_type", "org_size", "remit"),
}
COMMENT = {
    "author": str,
    "days_ago": int,
    "body": str,
    "state?": OneOf("edited", "deleted", "hidden", "resolved"),
    "edited_body?": str,
}
THREAD_ON_A_SECTION = {
    **COMMENT,
    "id?": str,
    "version": int,
    "section": str,
    "replies?": [COMMENT],
}
SECTION = {"key": str, "title": str, "statement": str, "body": str}
ENDORSER = {"who": str, "company?": bool}
LIBRARY_STATE = OneOf(
    "draft", "in_review", "changes_requested", "published", "declined", "withdrawn"
)
ARTICLE = {
    "title": str,
    "summary": str,
    "pillars": [str],
    "tags": [str],
    "authors": [str],
    "pending?": [str],
    "state": LIBRARY_STATE,
    "days_ago?": int,
    "featured?": int,
    "review_note?": str,
    "body": str,
}
LINK = {
    "title": str,
    "url": str,
    "original_author": str,
    "summary": str,
    "why": str,
    "quote?": str,
    "pillars": [str],
    "tags": [str],
    "curator": str,
    "state": LIBRARY_STATE,
    "days_ago?": int,
    "featured?": int,
    "review_note?": str,
}
WATCH = {"who": str, "group": str, "level": OneOf("watching", "new_posts", "normal", "muted")}
THREAD_WATCH = {"who": str, "group": str, "thread": str, "level": OneOf("watching", "muted")}
EMAIL = {"who": str, "digest": OneOf("daily", "weekly", "off"), "only_when_away": bool}
EVENT = {
    "kind": OneOf(
        "mention", "reply", "reactions", "join_request", "manifesto_reply", "hidden_mention"
    ),
    "hours_ago": int,
    "read?": bool,
    "group?": str,
    "thread?": str,
    "author?": str,
    "by?": [str],
    "hidden_by?": str,
    "title?": str,
    "body?": str,
}
CALL_SERIES = {
    "group": str,
    "lead": str,
    "title": str,
    "weekday": OneOf("monday", "tuesday", "wednesday", "thursday", "friday"),
    "time": str,
    "weeks_back": int,
    "count": int,
    "duration": int,
    "join_url": str,
    "capacity": int,
    "going": int,
    "maybe": int,
    "no": int,
    "cancel": int,
    "full": bool,
    "agenda": str,
    "notes?": [
        {
            "ago": int,
            "writer": str,
            "note_taker?": str,
            "decisions": str,
            "actions?": [{"text": str, "owner": str, "closed": bool}],
        }
    ],
}
SHAPES = {
    "people": {"decline_message": str, "people": [PERSON]},
    "groups": {"groups": [GROUP]},
    "calls": {"series": [CALL_SERIES]},
    "threads": {"openers": [str], "threads": [THREAD], "topics": [TOPIC]},
    "survey": {
        "wave": {"title": str, "intro": str},
        "questions": [QUESTION],
        "answers": {"challenges": [str], "tips": [str], "remit_shares": {str: [int]}},
    },
    "library": {"articles": [ARTICLE], "links": [LINK]},
    "manifesto": {
        "v2": {
            "days_ago": int,
            "major": bool,
            "note": str,
            "resolves": [str],
            "changes": {str: str},
            "added": [SECTION],
        },
        "draft": {"by": str, "changes": {str: str}},
        "threads": [THREAD_ON_A_SECTION],
        "endorsements": {str: [ENDORSER]},
    },
    "notifications": {
        "member": str,
        "read_after_days": int,
        "watch": [WATCH],
        "thread_watch": [THREAD_WATCH],
        "email": [EMAIL],
        "events": [EVENT],
    },
}

# The key whose value names an entry in an error message, the first one an entry has.
LABELS = ("name", "key", "slug", "title", "email", "author")
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


def read(name: str, *, folder: Path = DATA) -> dict:
    """The contents of `<folder>/<name>.toml`, refused with a DemoDataError if not in shape."""
    path = folder / f"{name}.toml"
    shown = _shown(path)
    if name not in SHAPES:
        raise DemoDataError(f"{shown}: no shape is declared for it in demo/load.py")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DemoDataError(f"{shown}: no such demo data file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{shown}: {error}") from error
    _check(data, SHAPES[name], [shown])
    return data


def _shown(path: Path) -> str:
    root = DATA.parent.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _check(value, shape, where: list[str]) -> None:
    def refuse(problem: str):
        raise DemoDataError(f"{', '.join(where)}: {problem}")

    if isinstance(shape, OneOf):
        if value not in shape.values:
            refuse(f"{value!r} is not one of {', '.join(map(repr, shape.values))}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            refuse(f"should be a list, not {value!r}")
        *parent, last = where
        for number, item in enumerate(value, start=1):
            _check(item, shape[0], [*parent, f"{last} #{number}{_label(item)}"])
    elif isinstance(shape, dict) and list(shape) == [str]:
        if not isinstance(value, dict):
            refuse(f"should be a table, not {value!r}")
        for key, item in value.items():
            _check(item, shape[str], [*where, key])
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            refuse(f"should be a table, not {value!r}")
        keys = {key.rstrip("?"): key for key in shape}
        for key in value:
            if key not in keys:
                refuse(f"{key!r} is not a known key (known: {', '.join(keys)})")
        for key, declared in keys.items():
            if key in value:
                _check(value[key], shape[declared], [*where, key])
            elif not declared.endswith("?"):
                refuse(f"{key!r} is missing")
    # bool is an int to Python, not to a person writing `page = true`.
    elif not isinstance(value, shape) or (shape is int and isinstance(value, bool)):
        refuse(f"should be {TYPE_NAMES[shape]}, not {value!r}")


def _label(item) -> str:
    if isinstance(item, dict):
        for key in LABELS:
            if isinstance(item.get(key), str):
                return f" ({key} = {item[key]!r})"
    return ""
