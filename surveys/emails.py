"""The survey's emails: the link to continue, the copy of the submitted answers, and the
results email (rendered here; sent to every respondent in batches by surveys.delivery)."""

from html import escape

from django.template.loader import render_to_string
from django.urls import reverse

from alliance.emails import SUBJECT_PREFIX, absolute, render_text, send
from surveys.models import Question, Response, ResultSnapshot
from surveys.selectors import reported_questions, response_answer_sheet
from surveys.standing import report_items, standing_lines
from surveys.tokens import REPORT_LINK_DAYS, report_token, resume_token


def resume_url(response: Response) -> str:
    return absolute(reverse("surveys:resume", args=[response.wave.slug, resume_token(response)]))


def send_resume_link(*, response: Response) -> None:
    # The link of a submitted response opens its answers, read-only: the email says so, and
    # does not invite anyone to continue what is finished. A response without answers yet
    # was just started from the start page, perhaps by someone else: the email invites its
    # owner to start, and tells them what to do if it wasn't them.
    started = response.is_submitted or response.answers.exists()
    if started:
        state = "submitted" if response.is_submitted else "saved"
        subject = f"Your answers to the {response.wave.title} are {state}"
    else:
        subject = f"Your link to the {response.wave.title}"
    send(
        to=response.email,
        subject=subject,
        template="surveys/emails/resume_link",
        context={
            "response": response,
            "wave": response.wave,
            "resume_url": resume_url(response),
            "started": started,
        },
        headers=_same_message_each_attempt(f"resume-{response.pk}", response.resume_requested_at),
    )


def _same_message_each_attempt(kind: str, asked_at) -> dict:
    """The same Message-ID every time one request's email is sent: a worker that dies between
    the send and its record sends it again, and the mailbox folds the two into one."""
    stamp = f"-{asked_at:%Y%m%d%H%M%S%f}" if asked_at else ""
    return {"Message-ID": f"<{kind}{stamp}@product-ops-alliance>"}


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
        headers=_same_message_each_attempt(f"confirmation-{response.pk}", None),
    )


# --- Results ---------------------------------------------------------------------------------
# The aggregate part of the results email is the same for every respondent: it is rendered once
# per batch, and only "where you stand" is rendered per person.
YOURS = "<!--where-you-stand-->"


def personal_report_url(*, wave_slug: str, response_id: int) -> str:
    """The respondent's own link to the full report, with where they stand."""
    return absolute(reverse("surveys:personal_report", args=[wave_slug, report_token(response_id)]))


def personal_report_urls(*, wave_slug: str):
    """`personal_report_url` for many respondents of one wave: the address around the token is
    reversed once (reversing it for each of a batch's emails cost 4% of sending one)."""
    placeholder = "report-token"
    before, after = absolute(
        reverse("surveys:personal_report", args=[wave_slug, placeholder])
    ).split(placeholder)
    return lambda response_id: before + report_token(response_id) + after


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


def results_email(snapshot: ResultSnapshot) -> dict[str, str]:
    """The results email of a snapshot as every respondent gets it (its subject, text and
    HTML), with a slot (YOURS) where each one's own part goes; surveys.delivery sends it."""
    context = results_context(snapshot)
    return {
        "subject": SUBJECT_PREFIX + f"The results of the {snapshot.wave.title}",
        "text": render_text("surveys/emails/results.txt", context),
        # The personal part goes on lines of its own, so no line grows over the limit.
        "html": _compact(render_to_string("surveys/emails/results.html", context)).replace(
            YOURS, f"\n{YOURS}\n"
        ),
    }


def results_personal_parts(
    snapshot: ResultSnapshot, answers, *, response_id: int, report_urls=None
) -> tuple[str, str]:
    """ "Where you stand" for one respondent's answers ({question key: {row: answer}}), and
    their own link to the full report (`report_urls`: the batch's `personal_report_urls`)."""
    items = report_items(snapshot=snapshot, answers=answers)
    if report_urls is None:
        url = personal_report_url(wave_slug=snapshot.wave.slug, response_id=response_id)
    else:
        url = report_urls(response_id)
    return _personal_parts(items, url)


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
