import pytest

from surveys import emails, services
from surveys.emails import _compact
from tests.surveys.test_services import _answer_all


def test_compacted_html_keeps_every_word_on_lines_under_the_smtp_limit():
    html = "<p>\n   " + "déjà vu — " * 400 + "</p>\n\n<p>End</p>"
    compact = _compact(html)
    assert compact.split() == html.split()  # only runs of spaces and line breaks change
    assert max(len(line.encode()) for line in compact.splitlines()) <= 900
    assert len(compact.splitlines()) < len(html) // 500


@pytest.mark.django_db
def test_the_resume_email_of_a_submitted_response_says_it_is_submitted(wave, mailoutbox):
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    _answer_all(response, wave)
    response = services.response_submit(response=response, notify=False)
    emails.send_resume_link(response=response)
    (message,) = mailoutbox
    html = message.alternatives[0].content
    assert (
        message.subject == f"[Product Ops Alliance] Your answers to the {wave.title} are submitted"
    )
    for part in (message.body, html):
        assert "You submitted your answers" in part
        assert "See your answers" in part
        assert emails.resume_url(response).replace("&", "&amp;") in part
        assert "continue where you left off" not in part.lower()
        assert "Continue the survey" not in part
        assert "saved as you go" not in part


@pytest.mark.django_db
def test_the_resume_email_of_a_response_in_progress_offers_to_continue(wave, mailoutbox):
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    role = wave.questions.get(key="role")
    services.response_save_page(response=response, page=1, answers={(role.pk, ""): "lead"})
    emails.send_resume_link(response=response)
    (message,) = mailoutbox
    assert message.subject.endswith("are saved")
    for part in (message.body, message.alternatives[0].content):
        assert "continue where you left off" in part
        assert "submitted" not in part
