"""Whether a member may still see what a notification points at.

Notifications stand below the parts that notify and never import them, so each part registers,
from its AppConfig.ready(), a callable for its target keys' prefix: `visible(*, user, ids)`
returning the set of those ids the member may open now. It is asked once per prefix for a whole
page of notifications (its query count stays fixed) and again before each email. A prefix
nobody registered is not shown: a notification nobody can vouch for stays out of sight.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

Visible = Callable[..., set[int]]

_visible: dict[str, Visible] = {}


def register_target(prefix: str, visible: Visible) -> None:
    """Say which of the `prefix:<id>` targets a member may see (once per prefix)."""
    _visible[prefix] = visible


def key(prefix: str, pk: int) -> str:
    """A target's or scope's key: "working_groups.post:12"."""
    return f"{prefix}:{pk}"


def split(target_key: str) -> tuple[str, int | None]:
    prefix, _, pk = target_key.rpartition(":")
    return prefix, int(pk) if pk.isdigit() else None


def visible_keys(*, user, keys: Iterable[str]) -> set[str]:
    """Those of `keys` the member may open now."""
    by_prefix: dict[str, set[int]] = defaultdict(set)
    for target_key in keys:
        prefix, pk = split(target_key)
        if pk is not None:
            by_prefix[prefix].add(pk)
    seen = set()
    for prefix, ids in by_prefix.items():
        check = _visible.get(prefix)
        if check is not None:
            seen.update(key(prefix, pk) for pk in check(user=user, ids=ids))
    return seen


# Turning off a scope's emails from an email's one-click unsubscribe ("working_groups.group":
# the member's emails from that group). Registered like the targets.
_email_off: dict[str, Callable[..., bool]] = {}


def register_scope_email_off(prefix: str, turn_off: Callable[..., bool]) -> None:
    """`turn_off(*, user_id, pk)` stops the member's emails from that scope; True if it did."""
    _email_off[prefix] = turn_off


def has_scope_email_off(scope_key: str) -> bool:
    """Whether some part registered how to turn off that scope's emails (else an email's
    unsubscribe turns off its kind instead)."""
    prefix, pk = split(scope_key)
    return pk is not None and prefix in _email_off


def scope_email_off(*, user_id: int, scope_key: str) -> bool:
    prefix, pk = split(scope_key)
    turn_off = _email_off.get(prefix)
    return bool(turn_off and pk is not None and turn_off(user_id=user_id, pk=pk))


# Links an email offers besides "Open it" (a call's one-click RSVP answers), per target prefix:
# `actions(*, notification)` returns [{"label": str, "url": absolute url}], made for the member
# the email goes to. Registered like the targets; a prefix without any offers none.
_email_actions: dict[str, Callable[..., list[dict]]] = {}


def register_email_actions(prefix: str, actions: Callable[..., list[dict]]) -> None:
    _email_actions[prefix] = actions


def email_actions(notification) -> list[dict]:
    prefix, pk = split(notification.target_key)
    actions = _email_actions.get(prefix)
    return actions(notification=notification) if actions and pk is not None else []
