"""The survey's emails: the link to continue, the copy of the submitted answers, and the
results sent to every respondent."""

import smtplib
import socket
from datetime import timedelta
from html import escape

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.template.loader import render_to_string
from django.urls import reverse

from alliance.emails import SUBJECT_PREFIX, absolute, render_text, send
from surveys.models import Question, Response, ResultsDelivery, ResultSnapshot
from surveys.selectors import answers_by_response, reported_questions, response_answer_sheet
from surveys.standing import report_items, standing_lines

RESUME_SALT = "surveys.resume"


def resume_token(response: Response) -> str:
    return signing.dumps({"response": response.pk}, salt=RESUME_SALT)


def read_resume_token(token: str) -> tuple[int | None, str | None]:
    """(response id, None) from a link to continue, or (None, why it does not work): "broken"
    (not signed by us, or changed on the way) or "expired"."""
    try:
        response_id = signing.loads(token, salt=RESUME_SALT)["response"]
    except signing.SignatureExpired:  # a subclass of BadSignature: caught first
        return None, "expired"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, "broken"
    if not isinstance(response_id, int):
        return None, "broken"
    return response_id, None


def resume_url(response: Response) -> str:
    return absolute(reverse("surveys:resume", args=[response.wave.slug, resume_token(response)]))


def send_resume_link(*, response: Response) -> None:
    # The link of a submitted response opens its answers, read-only: the email says so, and
    # does not invite anyone to continue what is finished.
    state = "submitted" if response.is_submitted else "saved"
    send(
        to=response.email,
        subject=f"Your answers to the {response.wave.title} are {state}",
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


# The full report opens for a respondent from their results email, without an account, for
# this long: long enough to come back to it, short enough that an old forwarded email expires.
REPORT_LINK_DAYS = 180
REPORT_SALT = "surveys.report"


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


def personal_report_url(*, wave_slug: str, response_id: int) -> str:
    """The respondent's own link to the full report, with where they stand."""
    return absolute(reverse("surveys:personal_report", args=[wave_slug, report_token(response_id)]))


def results_context(snapshot) -> dict:
    wave = snapshot.wave
    return {
        "wave": wave,
        "snapshot": snapshot,
        "data": snapshot.data,
        "reported": reported_questions(snapshot=snapshot),
        "legend": [(value, label.split(" is in")[0]) for value, label in Question.Remit.choices],
        "summary_url": absolute(reverse("surveys:results", args=[wave.slug])),
        "report_url": absolute(reverse("surveys:report", args=[wave.slug])),
    }


def _personal_parts(items, report_url: str) -> tuple[str, str]:
    """ "Where you stand" as plain text and as HTML, one line per question, and the
    respondent's own link to the full report."""
    lines = standing_lines([item for item in items if item["standing"] is not None])
    text = "".join(
        [
            "WHERE YOU STAND\n" if lines else "",
            *(f"* {q}\n  {a}\n" for q, a in lines),
            f"\nYour full report, with where you stand on every question (your own link, no "
            f"account needed, valid for {REPORT_LINK_DAYS} days):\n{report_url}\n",
        ]
    )
    # html.escape rather than format_html: this runs once per email, and Django's lazy-aware
    # escaping cost a fifth of sending one. Both escape the same five characters.
    html = "\n".join(
        [
            '<div style="margin:20px 0;padding:14px 16px;background:#f7f8fa;'
            'border-left:4px solid #b4441b;">',
            *(['<h2 style="font-size:17px;margin:0 0 8px;">Where you stand</h2>'] if lines else []),
            *(
                f'<p style="margin:0 0 8px;font-size:14px;"><strong>{escape(q)}</strong><br>'
                f"{escape(a)}</p>"
                for q, a in lines
            ),
            f'<p style="margin:12px 0 0;"><a href="{escape(report_url)}" style="display:'
            "inline-block;background:#173f7a;color:#ffffff;padding:10px 16px;border-radius:6px;"
            'text-decoration:none;font-weight:600;">See your full report</a></p>',
            f'<p style="margin:6px 0 0;font-size:12px;color:#545c6b;">Your own link, no account '
            f"needed, valid for {REPORT_LINK_DAYS} days.</p>",
            "</div>",
        ]
    )
    return text, html


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


class ResultsMerge:
    """One batch's results email, built and flattened once by Django, then completed for each
    respondent: their address, their Message-ID and "where you stand" go into slots.

    Building and flattening a 58 KB two-part message in Python's email package (folding
    sixteen headers, writing some 270 lines) cost more than everything else in sending it, and
    every message of a batch differs from the next only in those three things. `email()`
    builds the same message the ordinary way; a test checks that the two agree, header by
    header and part by part. A respondent whose address or answers do not fit a slot as plain
    8-bit text (a non-ASCII address, a line over SMTP's limit, the MIME boundary) gets the
    ordinary message.
    """

    # The slots hold a non-ASCII character so both parts always go as 8-bit text, whatever is
    # put in them later.
    TO, MESSAGE_ID = "merge-to@slot.invalid", "<merge-message-id@slot.invalid>"
    TEXT, HTML = "\u2063merge-text\u2063", "\u2063merge-html\u2063"

    def __init__(self, *, subject: str, text: str, html: str, connection):
        self.subject, self.text, self.html, self.connection = subject, text, html, connection
        template = self.email(
            to=self.TO, message_id=self.MESSAGE_ID, text=self.TEXT, html=self.HTML
        )
        # The envelope sender as Django's SMTP backend gives it.
        self.from_email = sanitize_address(
            template.from_email, template.encoding or settings.DEFAULT_CHARSET
        )
        message = template.message()
        self.template = message.as_bytes(linesep="\r\n")
        self.boundary = message.get_boundary()  # drawn while flattening
        self.slots = [slot.encode() for slot in (self.TO, self.MESSAGE_ID, self.TEXT, self.HTML)]

    def email(self, *, to: str, message_id: str, text: str, html: str) -> EmailMultiAlternatives:
        """The message built the ordinary way."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(YOURS, text),
            to=[to],
            headers={"Message-ID": message_id},
            connection=self.connection,
        )
        message.attach_alternative(self.html.replace(YOURS, html), "text/html")
        return message

    def merged(self, *, to: str, message_id: str, text: str, html: str) -> bytes | None:
        """The message as it goes over SMTP, from the batch's template; None if it does not fit."""
        fills = [to, message_id, text, html]
        if not all(value.isascii() for value in fills[:2]):
            return None
        encoded = [value.replace("\n", "\r\n").encode() for value in fills]
        if any(len(line) > 990 for value in encoded[2:] for line in value.split(b"\r\n")):
            return None
        if any(self.boundary in value for value in fills[2:]):
            return None
        data = self.template
        for slot, value in zip(self.slots, encoded, strict=True):
            data = data.replace(slot, value, 1)
        return data

    def send(self, *, to: str, message_id: str, text: str, html: str) -> None:
        """Send one respondent's message over the batch's connection."""
        data = None
        if isinstance(self.connection, SMTPBackend) and self.connection.connection:
            data = self.merged(to=to, message_id=message_id, text=text, html=html)
        if data is None:
            self.email(to=to, message_id=message_id, text=text, html=html).send()
            return
        sendmail_stuffed(self.connection.connection, self.from_email, to, dot_stuffed(data))


def dot_stuffed(data: bytes) -> bytes:
    """The message with every line that starts with a dot given a second one (RFC 5321
    4.5.2), as smtplib's `data()` does it, but with a plain search instead of its multi-line
    regular expression, which cost 0.3 ms on a 50 KB results email: a quarter of a worker's
    time for each one (bench/survey_results.py)."""
    data = data.replace(b"\n.", b"\n..")
    return b"." + data if data.startswith(b".") else data


def sendmail_stuffed(smtp: smtplib.SMTP, from_addr: str, to: str, data: bytes) -> None:
    """`smtplib.SMTP.sendmail` for one recipient and a message already dot-stuffed: the same
    commands and the same exceptions, without stuffing it again."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(from_addr)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, from_addr)
    code, reply = smtp.rcpt(to)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
    code, reply = smtp.docmd("DATA")
    if code != 354:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)
    smtp.send(data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n"))
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def results_merge(snapshot: ResultSnapshot, connection) -> ResultsMerge:
    """The results email of a snapshot, ready to be completed for each respondent."""
    context = results_context(snapshot)
    return ResultsMerge(
        subject=SUBJECT_PREFIX + f"The results of the {snapshot.wave.title}",
        text=render_text("surveys/emails/results.txt", context),
        # The personal part goes on lines of its own, so no line grows over the limit.
        html=_compact(render_to_string("surveys/emails/results.html", context)).replace(
            YOURS, f"\n{YOURS}\n"
        ),
        connection=connection,
    )


def results_personal_parts(
    snapshot: ResultSnapshot, answers, *, response_id: int
) -> tuple[str, str]:
    """ "Where you stand" for one respondent's answers ({question key: {row: answer}}), and
    their own link to the full report."""
    items = report_items(reported_questions(snapshot=snapshot), answers)
    url = personal_report_url(wave_slug=snapshot.wave.slug, response_id=response_id)
    return _personal_parts(items, url)


def _open_without_delay(connection) -> None:
    """Open the connection, and over SMTP have each write go out at once: otherwise the
    kernel holds back the last part of a message until the server has acknowledged the rest,
    which it may delay by up to 40 ms (bench: 496 -> 589/s at 20,000 emails)."""
    connection.open()
    if isinstance(connection, SMTPBackend) and connection.connection:
        connection.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


# A delivery is claimed (pending -> sending) just before its email goes out, by a conditional
# update that only one worker can win; the same statement marks the previous email sent, so
# claiming costs no extra round trip. A delivery left "sending" is the email in flight when its
# worker stopped: another worker takes it only once that claim is older than any live send can
# be (`stale_after()`), so a redelivered task never sends what a live worker is sending.
CLAIM_NEXT = """
WITH sent AS (
    UPDATE surveys_resultsdelivery SET status = 'sent', sent_at = now(), error = ''
    WHERE id = %(sent)s AND status = 'sending'
)
UPDATE surveys_resultsdelivery
SET status = 'sending', claimed_at = now(), attempts = attempts + 1
WHERE id = %(next)s
  AND (status = 'pending'
       OR (%(take_stale)s AND status = 'sending'
           AND claimed_at < now() - make_interval(secs => %(stale)s)))
RETURNING id
"""
MARK_SENT = """
UPDATE surveys_resultsdelivery SET status = 'sent', sent_at = now(), error = ''
WHERE id = %s AND status = 'sending'
"""
# Seconds until the batch's deliveries that another worker holds could be taken over.
HELD_ELSEWHERE = """
SELECT ceil(extract(epoch FROM max(claimed_at) + make_interval(secs => %(stale)s) - now()))
FROM surveys_resultsdelivery WHERE id = ANY(%(ids)s) AND status = 'sending'
"""


def stale_after() -> int:
    """Seconds after which a claimed, unsent delivery is taken to belong to a dead worker: one
    email's SMTP exchange waits at most EMAIL_TIMEOUT for each reply, a few of them."""
    return 3 * int(settings.EMAIL_TIMEOUT or 20)


def send_results_batch(
    *, snapshot: ResultSnapshot, deliveries: list[ResultsDelivery], take_stale: bool
) -> int | None:
    """Send the batch's deliveries that are waiting (and, with `take_stale`, those a dead
    worker left half-sent), each claimed first so no two workers send one. Returns in how many
    seconds to look again at deliveries another worker still holds, or None if there are none."""
    connection = get_connection()
    merge = results_merge(snapshot, connection)
    answers = answers_by_response([d.response_id for d in deliveries])
    stale, sent = stale_after(), None
    _open_without_delay(connection)
    # Each "sent" mark is its own commit, so a killed worker repeats at most one email. Not
    # waiting for the WAL flush on those commits is what lets the marks keep up with SMTP;
    # only a crash of PostgreSQL itself could lose the last marks (those emails would then
    # go out again, under the same Message-ID). The claim is one prepared statement, not an
    # ORM update: building the query cost more than running it.
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        try:
            for delivery in deliveries:
                cursor.execute(
                    CLAIM_NEXT,
                    {"sent": sent, "next": delivery.pk, "take_stale": take_stale, "stale": stale},
                )
                sent = None
                if cursor.fetchone() is None:
                    continue  # sent already, or another worker's
                text, html = results_personal_parts(
                    snapshot,
                    answers.get(delivery.response_id, {}),
                    response_id=delivery.response_id,
                )
                try:
                    merge.send(
                        to=delivery.email, message_id=delivery.message_id, text=text, html=html
                    )
                except (smtplib.SMTPException, OSError) as error:
                    ResultsDelivery.objects.filter(
                        pk=delivery.pk, status=ResultsDelivery.Status.SENDING
                    ).update(status=ResultsDelivery.Status.FAILED, error=str(error)[:300])
                    connection.close()
                    _open_without_delay(connection)
                    continue
                sent = delivery.pk
            if sent is not None:
                cursor.execute(MARK_SENT, [sent])
            cursor.execute(HELD_ELSEWHERE, {"ids": [d.pk for d in deliveries], "stale": stale})
            held = cursor.fetchone()[0]
        finally:
            connection.close()
            cursor.execute("RESET synchronous_commit")
    return None if held is None else max(1, int(held))
