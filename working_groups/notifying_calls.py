"""Who is told of a group's calls, and why. Invitations go to the group's active members (not
those who muted it); change notices and reminders only to those who answered Going or Maybe,
muted or not: they asked. Calls email under the member's "calls" kind; a member who turned
the group's emails off is told in the app only. Each event tells each member once (the
ledger's unique (user, event key)): a reminder sweep run twice, or by two workers, tells
nobody twice.

The call services call these functions here (working_groups.notifying, which registers the
call target, has no room left for them)."""

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from alliance.access import is_member
from alliance.emails import absolute
from members.models import EmailKind
from notifications import services as ledger
from notifications.models import Kind, Notification
from notifications.services import Target, Why
from notifications.targets import key, register_email_actions, register_target
from working_groups.access import readers_of_group
from working_groups.models import Call, GroupMembership, Rsvp, WatchLevel
from working_groups.rsvp_links import rsvp_token

CALL = "working_groups.call"
ACTIVE = GroupMembership.State.ACTIVE


def call_key(call_id: int) -> str:
    return key(CALL, call_id)


def _group_key(group_id: int) -> str:
    return key("working_groups.group", group_id)


def register() -> None:
    """Called by working_groups.notifying.register (AppConfig.ready)."""
    register_target(CALL, visible_calls)
    register_email_actions(CALL, rsvp_actions)


def rsvp_actions(*, notification) -> list[dict]:
    """A call email's one-click answers, signed for the member it goes to, while the call is
    still to come (each opens a page that asks to confirm: mail scanners open links)."""
    call = (
        Call.objects.select_related("group")
        .filter(pk=int(notification.target_key.rpartition(":")[2]), cancelled_at=None)
        .filter(starts_at__gt=timezone.now())
        .first()
    )
    if call is None:
        return []
    return [
        {
            "label": label,
            "url": absolute(
                reverse(
                    "working_groups:call_rsvp_link",
                    args=[
                        call.group.slug,
                        call.pk,
                        rsvp_token(call=call, user_id=notification.user_id, answer=answer),
                    ],
                )
            ),
        }
        for answer, label in Rsvp.Answer.choices
    ]


def visible_calls(*, user, ids) -> set[int]:
    """A call's notification opens for the active members of its group who may read it: one
    who left the group is no longer told of its calls (nor emailed a reminder)."""
    if not user.is_authenticated or not is_member(user):
        return set()
    mine = GroupMembership.objects.filter(user=user, state=ACTIVE).values("group_id")
    return set(
        Call.objects.filter(pk__in=list(ids), group_id__in=mine).values_list("pk", flat=True)
    )


def _call_when(call) -> str:
    """The call's time in its own zone: one notification reaches members of every zone, and
    the page it opens shows each their own time."""
    local = call.starts_at.astimezone(ZoneInfo(call.time_zone))
    place = call.time_zone.rpartition("/")[2].replace("_", " ")
    return f"{local:%a %-d %b %Y, %H:%M} {place} time"


def _call_target(call, *, excerpt: str = "") -> Target:
    title = f"“{call.title}” on {_call_when(call)}"
    return Target(
        call_key(call.pk), title, call.get_absolute_url(), _group_key(call.group_id), excerpt
    )


def _call_why(group, reason: str, text: str) -> Why:
    url = f"{group.get_absolute_url()}#notifications"
    return Why(reason, text, url, f"Change how you follow {group.name}")


def _told_of_call(*, call, event_key, user_ids, verb, why, actor, excerpt="") -> int:
    """Tell these members (those still active members of the group who read it; the actor
    never), by email under the calls kind unless they turned the group's emails off."""
    user_ids = set(user_ids) - ({actor.pk} if actor is not None else set())
    if not user_ids:
        return 0
    # An answer outlives a membership: one who left the group is not told of its calls.
    active = dict(
        GroupMembership.objects.filter(
            group_id=call.group_id, user_id__in=list(user_ids), state=ACTIVE
        ).values_list("user_id", "emails_off")
    )
    user_ids = readers_of_group(group=call.group, user_ids=set(active)) if active else set()
    off = {pk for pk in user_ids if active[pk]}
    count = 0
    for who, email_kind in ((user_ids - off, EmailKind.CALLS), (user_ids & off, "")):
        count += ledger.notify(
            user_ids=who,
            kind=Kind.CALL,
            event_key=event_key,
            target=_call_target(call, excerpt=excerpt),
            verb=verb,
            why=why,
            actor=actor,
            email_kind=email_kind,
        )
    return count


def _answered(call, answers=("going", "maybe")) -> set[int]:
    return set(call.rsvps.filter(answer__in=list(answers)).values_list("user_id", flat=True))


def calls_scheduled(*, calls, actor) -> int:
    """New calls (one, or a series' occurrences): the group's active members who did not mute
    it are invited once, to the first occurrence ("every week")."""
    calls = sorted(calls, key=lambda call: call.starts_at)
    if not calls:
        return 0
    first, group = calls[0], calls[0].group
    members = set(
        GroupMembership.objects.filter(group=group, state=ACTIVE)
        .exclude(watch_level=WatchLevel.MUTED)
        .values_list("user_id", flat=True)
    )
    series = first.series
    how_often = f"{series.get_repeat_display()}, from " if series is not None else ""
    verb = f"scheduled a {'series of calls' if series else 'call'} in {group.name}:"
    excerpt = f"{how_often}{_call_when(first)}. Answer Going, Maybe or Can't go on the call's page."
    why = _call_why(group, "group_member", f"You are a member of {group.name}")
    return _told_of_call(
        call=first, event_key=f"{call_key(first.pk)}:invited", user_ids=members, verb=verb,
        why=why, actor=actor, excerpt=excerpt,
    )  # fmt: skip


def _change_notice(call, actor, verb: str, excerpt: str) -> int:
    why = _call_why(call.group, "call_answer", "You answered Going or Maybe to this call")
    return _told_of_call(
        call=call, event_key=f"{call_key(call.pk)}:changed:{call.sequence}",
        user_ids=_answered(call), verb=verb, why=why, actor=actor, excerpt=excerpt,
    )  # fmt: skip


def call_changed(*, call, actor) -> int:
    """A call moved or changed: one notice (of its new sequence) to those Going or Maybe."""
    return _change_notice(
        call, actor, f"changed a call in {call.group.name}:", f"Now {_call_when(call)}."
    )


def call_cancelled(*, call, actor) -> int:
    """A call cancelled: one notice to those who answered Going or Maybe."""
    return _change_notice(
        call, actor, f"cancelled a call in {call.group.name}:", "This call will not take place."
    )


def _offset_words(minutes: int) -> str:
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "tomorrow" if days == 1 else f"in {days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"in {hours} hour{'s' if hours > 1 else ''}"
    return f"in {minutes} minutes"


def call_reminder(*, call, offset: int) -> int:
    """A reminder `offset` minutes before the call: those Going or Maybe, once each."""
    event_key = f"{call_key(call.pk)}:reminder:{offset}"
    why = _call_why(call.group, "call_answer", "You answered Going or Maybe to this call")
    told = _told_of_call(
        call=call, event_key=event_key, user_ids=_answered(call),
        verb=f"meets {_offset_words(offset)}:", why=why, actor=None,
        excerpt=f"{_call_when(call)}. The join link is on the call's page.",
    )  # fmt: skip
    if told:
        # A reminder has no actor: the headline names the group ("Process meets tomorrow: …").
        Notification.objects.filter(event_key=event_key, actor=None, actor_name="").update(
            actor_name=call.group.name
        )
    return told
