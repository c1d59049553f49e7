import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from surveys import services
from surveys.models import Answer, AnswerTally, Question, Response, SurveyWave
from surveys.tasks import send_confirmation, send_resume_link
from tests.factories import make_wave

pytestmark = pytest.mark.django_db


def _answer_all(response, wave, *, grid=None, **changed):
    """Answer every page, as a browser would; `grid` and `changed` replace some answers."""
    grid = {"people": "all", "process": "some", "insight": "none", "tools": "all",
            "stakeholders": "some", **(grid or {})}  # fmt: skip
    values = {
        "role": "lead", "years_in_product_ops": Decimal("2.5"), "company_type": "startup",
        "org_size": "1-9", "product_managers": 3, "product_ops_team": 1, "reports_to": "ceo",
        "maturity": 2, "program_management": "none", "working_groups": ["people"],
        "biggest_challenge": "", "one_tip": "Office hours.", **changed,
    }  # fmt: skip
    for page in (1, 2, 3, 4, 5):
        answers = {}
        for question in wave.questions.filter(page=page):
            if question.kind == Question.Kind.PILLAR_GRID:
                answers.update({(question.pk, row): value for row, value in grid.items()})
            else:
                answers[(question.pk, "")] = values[question.key]
        services.response_save_page(response=response, page=page, answers=answers)


def test_one_email_has_one_response_per_wave(wave):
    first, created = services.response_start(wave=wave, email="Ana@Example.com")
    again, created_again = services.response_start(wave=wave, email="ana@example.com")
    assert created and not created_again
    assert first.pk == again.pk
    assert first.email == "ana@example.com"


def test_a_closed_or_draft_wave_takes_no_response(db):
    for status in (SurveyWave.Status.CLOSED, SurveyWave.Status.DRAFT):
        wave = make_wave(slug=f"w-{status}", status=status)
        with pytest.raises(ValidationError, match="not open"):
            services.response_start(wave=wave, email="a@example.com")


def test_saving_a_page_stores_each_kind_of_answer_in_its_column(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    by_key = {(a.question.key, a.row): a for a in response.answers.select_related("question")}
    assert by_key[("role", "")].choice == "lead"
    assert by_key[("years_in_product_ops", "")].number == Decimal("2.5")
    assert by_key[("maturity", "")].number == 2
    assert by_key[("working_groups", "")].choices == ["people"]
    assert by_key[("pillar_remit", "insight")].choice == "none"
    assert by_key[("one_tip", "")].text == "Office hours."
    assert ("biggest_challenge", "") not in by_key  # empty answers are not stored


def test_clearing_an_answer_removes_it(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    question = wave.questions.get(key="one_tip")
    services.response_save_page(response=response, page=5, answers={(question.pk, ""): "Tip"})
    services.response_save_page(response=response, page=5, answers={(question.pk, ""): ""})
    assert not Answer.objects.filter(response=response, question=question).exists()


def test_submitting_copies_the_segments_onto_the_response(wave, django_capture_on_commit_callbacks):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    assert (response.company_type, response.org_size) == ("", "")
    with django_capture_on_commit_callbacks():
        response = services.response_submit(response=response, notify=False)
    assert (response.company_type, response.org_size) == ("startup", "1-9")


def test_submitting_counts_the_answers_in_the_tallies_once(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    services.response_confirm_email(response=response)  # they opened the emailed link
    _answer_all(response, wave)
    services.response_submit(response=response, notify=False)
    services.response_submit(response=response, notify=False)  # a double click
    tallies = AnswerTally.objects.filter(wave=wave)
    assert tallies.count() == response.answers.count()
    assert {(t.company_type, t.org_size, t.count) for t in tallies} == {("startup", "1-9", 1)}
    grid = tallies.get(question__key="pillar_remit", row="insight")
    assert grid.choice == "none"


def test_deleting_a_response_takes_its_answers_out_of_the_tallies(wave):
    responses = []
    for number in range(2):
        response, _ = services.response_start(wave=wave, email=f"r{number}@example.com")
        services.response_confirm_email(response=response)  # they opened the emailed link
        _answer_all(response, wave)
        responses.append(services.response_submit(response=response, notify=False))
    services.response_delete(response=responses[0])
    counts = set(AnswerTally.objects.filter(wave=wave).values_list("count", flat=True))
    assert counts == {1}
    services.response_delete(response=responses[1])
    counts = set(AnswerTally.objects.filter(wave=wave).values_list("count", flat=True))
    assert counts == {0}


def test_a_response_with_missing_required_answers_cannot_be_submitted(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    with pytest.raises(ValidationError, match=r"required questions still need an answer \(page"):
        services.response_submit(response=response)
    assert not Response.objects.get(pk=response.pk).is_submitted


def test_a_grid_needs_every_pillar(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    grid = wave.questions.get(key="pillar_remit")
    Answer.objects.filter(response=response, question=grid, row="tools").delete()
    assert [q.key for q in services.missing_answers(response=response)] == ["pillar_remit"]


def test_submitting_twice_submits_once(wave, mailoutbox, eager_tasks,
                                       django_capture_on_commit_callbacks):  # fmt: skip
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.response_submit(response=response)
        services.response_submit(response=response)
    assert first.is_submitted
    (confirmation,) = mailoutbox
    assert "Office hours." in confirmation.body
    assert confirmation.alternatives[0][1] == "text/html"


def test_a_submitted_response_no_longer_changes(wave):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    services.response_submit(response=response)
    with pytest.raises(ValidationError, match="already submitted"):
        services.response_save_page(response=response, page=1, answers={})


def test_each_resume_request_is_emailed_once(wave, mailoutbox):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    services.response_send_resume_link(response=response)
    send_resume_link.apply(args=[response.pk])
    send_resume_link.apply(args=[response.pk])  # a retry or a duplicate: nothing more
    assert len(mailoutbox) == 1
    assert "/survey/benchmark-test/continue/" in mailoutbox[0].body
    services.response_send_resume_link(response=response)  # asked again later
    send_resume_link.apply(args=[response.pk])
    assert len(mailoutbox) == 2


def test_the_confirmation_is_emailed_once(wave, mailoutbox):
    response, _ = services.response_start(wave=wave, email="a@example.com")
    _answer_all(response, wave)
    services.response_submit(response=response)
    send_confirmation.apply(args=[response.pk])
    send_confirmation.apply(args=[response.pk])
    assert len(mailoutbox) == 1


def test_copying_a_wave_keeps_question_keys(wave):
    copy = services.wave_copy(wave=wave, title="2027", year=2027, slug="benchmark-2027")
    assert copy.status == SurveyWave.Status.DRAFT
    assert list(copy.questions.values_list("key", flat=True)) == list(
        wave.questions.values_list("key", flat=True)
    )


def test_deleting_an_account_leaves_its_answers_unlinked(wave, member):
    from members.services import account_delete

    response, _ = services.response_start(wave=wave, email=member.email, user=member)
    _answer_all(response, wave)
    account_delete(user=member)
    response.refresh_from_db()
    assert response.email is None
    assert response.user is None
    assert response.answers.count() > 0


@pytest.mark.django_db(transaction=True)
def test_two_racing_submits_leave_one_submitted_response(mailoutbox, eager_tasks):
    wave = make_wave(slug="race")
    response, _ = services.response_start(wave=wave, email="racer@example.com")
    services.response_confirm_email(response=response)  # they opened the emailed link
    _answer_all(response, wave)
    barrier = threading.Barrier(2)
    errors = []

    def submit():
        try:
            barrier.wait()
            services.response_submit(response=Response.objects.get(pk=response.pk))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Response.objects.filter(wave=wave).count() == 1
    assert Response.objects.get(pk=response.pk).is_submitted
    assert len(mailoutbox) == 1  # one confirmation: only one submit won
    # and its answers are counted once in the results' tallies
    assert set(AnswerTally.objects.filter(wave=wave).values_list("count", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_two_racing_starts_for_one_email_make_one_response():
    wave = make_wave(slug="race-start")
    barrier = threading.Barrier(2)
    results = []

    def start():
        barrier.wait()
        results.append(services.response_start(wave=wave, email="same@example.com")[0].pk)
        connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert Response.objects.filter(wave=wave).count() == 1


def test_a_resume_email_sent_again_for_one_request_is_the_same_message(wave, mailoutbox):
    """A worker killed between the send and its record sends the email again: the same
    Message-ID lets the mailbox fold the two. A new request is a new message."""
    response, _ = services.response_start(wave=wave, email="a@example.com")
    services.response_send_resume_link(response=response)
    send_resume_link.apply(args=[response.pk])
    Response.objects.filter(pk=response.pk).update(resume_sent_at=None)  # as if never recorded
    send_resume_link.apply(args=[response.pk])
    first, again = (m.extra_headers["Message-ID"] for m in mailoutbox)
    assert first == again and first.startswith(f"<resume-{response.pk}-")
    services.response_send_resume_link(response=response)  # asked again later
    send_resume_link.apply(args=[response.pk])
    assert mailoutbox[2].extra_headers["Message-ID"] != first
