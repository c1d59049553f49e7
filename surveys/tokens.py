"""The signed links a respondent gets by email: one to continue (or see) their response, and
one to the full report with where they stand. Made by the emails, read by surveys.access."""

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from surveys.models import Response, SurveyWave

RESUME_SALT = "surveys.resume"
# A link to continue lives with its wave. It opens the response while the wave is open, and
# (read-only, for a submitted one) for a grace period after the wave's closing date, long
# enough to look back at one's answers until the results email brings the report link. The
# check is made when the link is opened, against the wave as it is then: a wave staff extend
# keeps its links working. A wave closed early by staff, or one without a closing date, has no
# date to count from, so every link also stops at an age no wave stays open for.
RESUME_LINK_GRACE = timedelta(days=30)
RESUME_LINK_MAX_AGE = timedelta(days=180)

# The full report opens for a respondent from their results email, without an account, for
# this long: long enough to come back to it, short enough that an old forwarded email expires.
REPORT_LINK_DAYS = 180
REPORT_SALT = "surveys.report"


def resume_token(response: Response) -> str:
    return signing.dumps({"response": response.pk}, salt=RESUME_SALT)


def resume_links_expired(wave: SurveyWave) -> bool:
    """Whether the wave closed longer ago than its links to continue may outlive it."""
    return wave.closes_at is not None and timezone.now() > wave.closes_at + RESUME_LINK_GRACE


def read_resume_token(token: str) -> tuple[int | None, str | None]:
    """(response id, None) from a link to continue, or (None, why it does not work): "broken"
    (not signed by us, or changed on the way) or "expired" (older than RESUME_LINK_MAX_AGE)."""
    try:
        payload = signing.loads(token, salt=RESUME_SALT, max_age=RESUME_LINK_MAX_AGE)
        response_id = payload["response"]
    except signing.SignatureExpired:  # a subclass of BadSignature: caught first
        return None, "expired"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, "broken"
    if not isinstance(response_id, int):
        return None, "broken"
    return response_id, None


def report_token(response_id: int) -> str:
    # TimestampSigner rather than signing.dumps: one is made per results email, and signing a
    # plain id is a fraction of the cost of serializing and compressing a dict.
    return signing.TimestampSigner(salt=REPORT_SALT).sign(str(response_id))


def read_report_token(token: str) -> tuple[int | None, bool]:
    """(response id, expired) from a personal report link; (None, False) if it is not one."""
    signer = signing.TimestampSigner(salt=REPORT_SALT)
    try:
        return int(signer.unsign(token, max_age=timedelta(days=REPORT_LINK_DAYS))), False
    except signing.SignatureExpired:
        return None, True
    except (signing.BadSignature, ValueError):
        return None, False
