"""The survey's emails: the link to continue, and the copy of the submitted answers."""

import smtplib

from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db.models import F
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from alliance.emails import SUBJECT_PREFIX, absolute, send
from surveys.models import Response, ResultsDelivery, ResultSnapshot
from surveys.selectors import answers_by_response, response_answer_sheet
from surveys.standing import standing, standing_lines

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


# --- Results ---------------------------------------------------------------------------------
# The aggregate part of the results email is the same for every respondent: it is rendered once
# per batch, and only "where you stand" is rendered per person.
YOURS = "<!--where-you-stand-->"


def _standings(snapshot, answers):
    items = []
    for question in snapshot.data.get("questions", []):
        mine = standing(question, answers.get(question["key"], {}))
        if mine is not None:
            items.append({"question": question, "standing": mine})
    return items


def results_context(snapshot) -> dict:
    wave = snapshot.wave
    return {
        "wave": wave,
        "snapshot": snapshot,
        "data": snapshot.data,
        "report_url": absolute(reverse("surveys:results", args=[wave.slug])),
    }


def _personal_parts(items) -> tuple[str, str]:
    lines = standing_lines(items)
    if not lines:
        return "", ""
    text = "WHERE YOU STAND\n" + "".join(f"* {q}\n  {a}\n" for q, a in lines)
    html = format_html(
        '<div style="margin:20px 0;padding:14px 16px;background:#f7f8fa;'
        'border-left:4px solid #b4441b;"><h2 style="font-size:17px;margin:0 0 8px;">'
        "Where you stand</h2>{}</div>",
        format_html_join(
            "\n",
            '<p style="margin:0 0 8px;font-size:14px;"><strong>{}</strong><br>{}</p>',
            lines,
        ),
    )
    return text, _compact(html)


def _compact(rendered: str, width: int = 900) -> str:
    """The HTML in few long lines, each under SMTP's limit of 998 bytes. Every line costs time
    in the MIME encoding and in the receiving server, and one line over the limit would make
    the whole part quoted-printable; HTML reads any run of spaces and line breaks as one."""
    lines, words, size = [], [], 0
    for word in rendered.split():
        length = len(word.encode()) + 1
        if words and size + length > width:
            lines.append(" ".join(words))
            words, size = [], 0
        words.append(word)
        size += length
    lines.append(" ".join(words))
    return "\n".join(lines)


def send_results_batch(
    *, snapshot: ResultSnapshot, deliveries: list[ResultsDelivery], claimable: list[str]
) -> None:
    context = results_context(snapshot)
    shared_text = render_to_string("surveys/emails/results.txt", context)
    # The personal part goes on lines of its own, so no line grows over the limit.
    shared_html = _compact(render_to_string("surveys/emails/results.html", context)).replace(
        YOURS, f"\n{YOURS}\n"
    )
    subject = SUBJECT_PREFIX + f"The results of the {snapshot.wave.title}"
    # Claim the whole batch at once; each email is then marked sent the moment it is accepted.
    claimed = set(
        ResultsDelivery.objects.filter(
            pk__in=[d.pk for d in deliveries], status__in=claimable
        ).values_list("pk", flat=True)
    )
    ResultsDelivery.objects.filter(pk__in=claimed).update(
        status=ResultsDelivery.Status.SENDING, claimed_at=Now(), attempts=F("attempts") + 1
    )
    answers = answers_by_response([d.response_id for d in deliveries if d.pk in claimed])
    connection = get_connection()
    connection.open()
    # Each "sent" mark is its own commit, so a killed worker repeats at most one email. Not
    # waiting for the WAL flush on those commits is what lets the marks keep up with SMTP;
    # only a crash of PostgreSQL itself could lose the last marks (those emails would then
    # go out again, under the same Message-ID).
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        for delivery in deliveries:
            if delivery.pk not in claimed:
                continue
            text, html = _personal_parts(
                _standings(snapshot, answers.get(delivery.response_id, {}))
            )
            message = EmailMultiAlternatives(
                subject=subject,
                body=shared_text.replace(YOURS, text),
                to=[delivery.email],
                headers={"Message-ID": delivery.message_id},
                connection=connection,
            )
            message.attach_alternative(shared_html.replace(YOURS, html), "text/html")
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                ResultsDelivery.objects.filter(pk=delivery.pk).update(
                    status=ResultsDelivery.Status.FAILED, error=str(error)[:300]
                )
                connection.close()
                connection.open()
                continue
            ResultsDelivery.objects.filter(pk=delivery.pk).update(
                status=ResultsDelivery.Status.SENT, sent_at=Now(), error=""
            )
    finally:
        connection.close()
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
