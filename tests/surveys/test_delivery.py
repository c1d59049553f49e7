"""The results emails' delivery (surveys/delivery.py): the merged message is the one Django
builds, and it reaches an SMTP server whole, once for each respondent."""

import email
import email.policy
import smtplib

import pytest
from django.core.mail import get_connection

from surveys.delivery import ResultsMerge, dot_stuffed
from surveys.emails import YOURS
from surveys.models import ResultsDelivery
from tests.surveys.test_results_views import _computed, answered_wave  # noqa: F401

TEXT = f"The Benchmark 2026 — results.\n{YOURS}\nRole (n = 6)\n  Lead: 100% (6)\n"
HTML = f"<p>The Benchmark 2026 — results.</p>\n{YOURS}\n<h2>Role</h2><p>100%</p>"
MINE = (
    "WHERE YOU STAND\n* Role\n  You answered Lead, like 100% of peers.\n",
    "<div><h2>Where you stand</h2>\n<p><strong>Role</strong><br>Lead — 100%.</p>\n</div>",
)


def _parsed(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def test_a_merged_results_email_is_the_message_django_builds_for_that_respondent():
    merge = ResultsMerge(subject="[Alliance] Résultats", text=TEXT, html=HTML, connection=None)
    fills = {"to": "ada@example.com", "message_id": "<results-1-7@alliance>",
             "text": MINE[0], "html": MINE[1]}  # fmt: skip
    merged = _parsed(merge.merged(**fills))
    built = _parsed(merge.email(**fills).message().as_bytes(linesep="\r\n"))
    # The same headers; only the date and the MIME boundary are drawn afresh for each build.
    assert [(k, v) for k, v in merged.items() if k not in ("Date", "Content-Type")] == [
        (k, v) for k, v in built.items() if k not in ("Date", "Content-Type")
    ]
    assert merged.get_content_type() == built.get_content_type() == "multipart/alternative"
    assert merged["To"] == "ada@example.com"
    assert merged["Message-ID"] == "<results-1-7@alliance>"
    merged_parts, built_parts = merged.get_payload(), built.get_payload()
    assert [p.get_content() for p in merged_parts] == [p.get_content() for p in built_parts]
    assert [p.items() for p in merged_parts] == [p.items() for p in built_parts]
    assert "You answered Lead" in merged_parts[0].get_content()
    assert "Lead — 100%" in merged_parts[1].get_content()
    assert all(p["Content-Transfer-Encoding"] == "8bit" for p in merged_parts)


def test_what_does_not_fit_the_merge_is_built_the_ordinary_way():
    merge = ResultsMerge(subject="Results", text=TEXT, html=HTML, connection=None)
    fills = {"message_id": "<results-1-7@alliance>", "text": MINE[0], "html": MINE[1]}
    assert merge.merged(to="zoë@exämple.com", **fills) is None  # headers would be encoded
    long_line = {**fills, "html": "<p>" + "x" * 1200 + "</p>"}  # the part would become QP
    assert merge.merged(to="ada@example.com", **long_line) is None
    boundary = {**fills, "text": merge.boundary}  # would end the part early
    assert merge.merged(to="ada@example.com", **boundary) is None


@pytest.mark.parametrize(
    "data",
    [b"", b".", b"a\r\n.b\r\n", b".a\r\n..b\r\nc.d\r\n.\r\n", b"x\n.y\r.z\r\n"],
)
def test_dot_stuffing_is_smtplibs(data):
    assert dot_stuffed(data) == smtplib._quote_periods(data)


@pytest.fixture
def smtp_sink(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    return smtp_server


@pytest.mark.django_db
def test_results_go_over_smtp_once_to_each_respondent_with_where_they_stand(
    answered_wave,  # noqa: F811
    smtp_sink,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = _computed(answered_wave, send=True)
    assert sorted(rcpt for (rcpt,), _ in smtp_sink.messages) == [
        f"r{n}@example.com" for n in range(6)
    ]
    for (rcpt,), data in smtp_sink.messages:
        message = _parsed(data)
        assert message["To"] == rcpt
        delivery = snapshot.deliveries.get(email=rcpt)
        assert message["Message-ID"] == delivery.message_id
        text, html = (part.get_content() for part in message.get_payload())
        assert "WHERE YOU STAND" in text and "Where you stand" in html
        assert "merge" not in text + html  # no slot left unfilled
    assert snapshot.deliveries.filter(status=ResultsDelivery.Status.SENT).count() == 6


def test_lines_starting_with_a_dot_arrive_whole(smtp_sink):
    connection = get_connection()
    connection.open()
    merge = ResultsMerge(subject="Results", text=TEXT, html=HTML, connection=connection)
    dotted = ".hidden\n..twice\n.\nend\n"
    merge.send(to="ada@example.com", message_id="<r@alliance>", text=dotted, html=MINE[1])
    connection.close()
    [(_, data)] = smtp_sink.messages
    text = _parsed(data).get_payload()[0].get_content()
    assert dotted in text.replace("\r\n", "\n")


@pytest.mark.django_db
def test_an_address_the_server_refuses_is_marked_failed_and_the_others_are_sent(
    answered_wave,  # noqa: F811
    smtp_sink,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    smtp_sink.refuse.add("r3@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = _computed(answered_wave, send=True)
    failed = snapshot.deliveries.get(status=ResultsDelivery.Status.FAILED)
    assert failed.email == "r3@example.com" and "550" in failed.error
    sent = snapshot.deliveries.filter(status=ResultsDelivery.Status.SENT)
    assert sorted(d.email for d in sent) == [f"r{n}@example.com" for n in (0, 1, 2, 4, 5)]
    assert sorted(rcpt for (rcpt,), _ in smtp_sink.messages) == sorted(d.email for d in sent)
