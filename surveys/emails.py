"""The survey's emails: the link to continue, and the copy of the submitted answers."""

from django.core import signing
from django.urls import reverse

from alliance.emails import absolute, send
from surveys.models import Response
from surveys.selectors import response_answer_sheet

RESUME_SALT = "surveys.resume"


def resume_token(response: Response) -> str:
    return signing.dumps({"response": response.pk}, salt=RESUME_SALT)


def read_resume_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=RESUME_SALT)["response"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def resume_url(response: Response) -> str:
    return absolute(reverse("surveys:resume", args=[response.wave.slug, resume_token(response)]))


def send_resume_link(*, response: Response) -> None:
    send(
        to=response.email,
        subject=f"Your answers to the {response.wave.title} are saved",
        template="surveys/emails/resume_link",
        context={"response": response, "wave": response.wave, "resume_url": resume_url(response)},
    )


def send_confirmation(*, response: Response) -> None:
    send(
        to=response.email,
        subject=f"Thank you for answering the {response.wave.title}",
        template="surveys/emails/confirmation",
        context={
            "response": response,
            "wave": response.wave,
            "sheet": response_answer_sheet(response=response),
            "resume_url": resume_url(response),
        },
    )
