"""Who may open which wave, response and report. Every survey view asks here.

Anyone with the link may answer. A response is visible only to its respondent, recognised by
their account or by this browser's session (opened by the link emailed to its address: typing
an address on the start page opens nothing), and to staff; never on a members' page. The full
results are for members, staff and the wave's own respondents, those whose response counts
(submitted, address confirmed).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from alliance.access import LoginRequired, is_member
from surveys.models import Response, SurveyWave
from surveys.tokens import read_report_token, read_resume_token, resume_links_expired

SURVEY_SESSION_KEY = "survey_responses"


def get_wave_for_user(*, viewer, slug):
    """Every wave has a public page: a draft or closed one says so plainly, without questions."""
    return get_object_or_404(SurveyWave, slug=slug)


def grant_response_access(request, response):
    allowed = set(request.session.get(SURVEY_SESSION_KEY, []))
    allowed.add(response.pk)
    request.session[SURVEY_SESSION_KEY] = sorted(allowed)


def get_response_for_respondent(*, request, wave):
    """The viewer's own response to this wave, or None when they have not started one here."""
    allowed = request.session.get(SURVEY_SESSION_KEY, [])
    mine = Q(pk__in=allowed)
    if request.user.is_authenticated:
        mine |= Q(user=request.user) | Q(email=request.user.email.lower())
    response = Response.objects.filter(mine, wave=wave).order_by("pk").first()
    if response is not None:
        response.wave = wave  # already in hand: no second query for it
    return response


class ResumeLinkInvalid(Exception):
    """A link to continue that opens no response of this wave; `reason` says why: "broken",
    "expired", "gone" (deleted at the respondent's request) or "elsewhere" (another wave's)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def get_response_for_resume_link(*, wave, token):
    """The response an emailed link to continue opens, in any browser: the link is the proof
    that this is its respondent."""
    response_id, reason = read_resume_token(token)
    if response_id is not None and resume_links_expired(wave):
        response_id, reason = None, "expired"
    response = None
    if response_id is not None:
        response = Response.objects.filter(pk=response_id).first()
        if response is None:
            reason = "gone"
        elif response.wave_id != wave.pk:
            response, reason = None, "elsewhere"
    if response is None:
        raise ResumeLinkInvalid(reason)
    response.wave = wave
    return response


def require_full_report(*, request, wave):
    """The full results are for members, staff and the wave's own respondents.

    Returns the viewer's own submitted response (None for a member who did not answer), so
    the report can show where they stand. Refuses everyone else.
    """
    own = get_response_for_respondent(request=request, wave=wave)
    if own is not None and (own.submitted_at is None or not own.is_confirmed):
        own = None
    if own is not None or is_member(request.user):
        return own
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied(
        "The full report is for the survey's respondents and the alliance's members."
    )


class ReportLinkInvalid(Exception):
    """A personal report link that is not (or no longer) valid; `expired` says which."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def get_response_for_report_link(*, wave, token):
    """The counted response a personal report link (from the results email) opens: it
    shows that respondent the full report, read-only, without an account."""
    response_id, expired = read_report_token(token)
    response = (
        Response.objects.counted().filter(pk=response_id, wave=wave).first()
        if response_id is not None
        else None
    )
    if response is None:
        raise ReportLinkInvalid(expired=expired)
    response.wave = wave
    return response
