"""How the results reach every respondent: in batches, one SMTP connection each.

A batch's email is rendered once (surveys.emails.results_email) and completed for each
respondent with their address, their Message-ID and where they stand (ResultsMerge). Each
delivery is claimed by a conditional update before its email goes out, so no two workers send
one. The task surveys.tasks.send_results_batch runs `send_results_batch`;
bench/survey_results.py measures it.
"""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection

from surveys.emails import YOURS, personal_report_urls, results_email, results_personal_parts
from surveys.models import ResultsDelivery, ResultSnapshot
from surveys.selectors import answers_by_response

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
    report_urls = personal_report_urls(wave_slug=snapshot.wave.slug)
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
                    report_urls=report_urls,
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


def _open_without_delay(connection) -> None:
    """Open the connection, and over SMTP have each write go out at once: otherwise the
    kernel holds back the last part of a message until the server has acknowledged the rest,
    which it may delay by up to 40 ms (bench: 496 -> 589/s at 20,000 emails)."""
    connection.open()
    if isinstance(connection, SMTPBackend) and connection.connection:
        connection.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


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


def results_merge(snapshot: ResultSnapshot, connection) -> ResultsMerge:
    """The results email of a snapshot, ready to be completed for each respondent."""
    return ResultsMerge(**results_email(snapshot), connection=connection)


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
