"""The signed one-click links a call's emails carry for each answer (Going, Maybe, Can't go):
/groups/<slug>/calls/<id>/rsvp/<token>/, the token signing (call, member, answer). It opens a
page that asks to confirm (mail scanners open links); the answer is checked again when it is
applied, so a link works until the call starts and only for that member."""

from django.core import signing

from working_groups.models import Call, Rsvp

RSVP_LINK_SALT = "working_groups.rsvp_link"


def rsvp_token(*, call: Call, user_id: int, answer: str) -> str:
    """The signed (call, member, answer) of an email's one-click link."""
    return signing.dumps({"c": call.pk, "u": user_id, "a": answer}, salt=RSVP_LINK_SALT)


def read_rsvp_token(*, token: str, call_id: int) -> tuple[int, str] | None:
    """(member id, answer) from a link for this call, or None when it was altered or made for
    another call."""
    try:
        data = signing.loads(token, salt=RSVP_LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != call_id:
        return None
    if data.get("a") not in Rsvp.Answer.values or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["a"]
