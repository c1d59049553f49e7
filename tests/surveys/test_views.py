import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import emails, services
from surveys.models import Response
from tests.factories import make_wave

pytestmark = pytest.mark.django_db


def _start(client, wave, email="leader@example.com"):
    return client.post(reverse("surveys:start", args=[wave.slug]), {"email": email})


def _answer_pages(client, wave, answers, pages=(1, 2, 3, 4, 5)):
    for number in pages:
        response = client.post(reverse("surveys:page", args=[wave.slug, number]), answers[number])
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_survey_index_lists_open_waves(client, wave):
    page = client.get(reverse("surveys:index")).content.decode()
    assert wave.title in page
    assert wave.get_absolute_url() in page


def test_anyone_answers_with_an_email_and_gets_a_confirmation(
    client, wave, answers, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, wave)
    assert response.url == reverse("surveys:page", args=[wave.slug, 1])
    (resume_email,) = mailoutbox
    assert "/continue/" in resume_email.body
    last = _answer_pages(client, wave, answers)
    assert last.url == reverse("surveys:review", args=[wave.slug])
    review = client.get(last.url).content.decode()
    assert "Aligning twelve teams on one roadmap format." in review
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(last.url)
    assert done.url == reverse("surveys:done", args=[wave.slug])
    page = client.get(done.url).content.decode()
    assert "Thank you!" in page
    assert "Join the working groups you chose" in page
    assert Response.objects.get(wave=wave).is_submitted
    assert "Thank you for answering" in mailoutbox[-1].subject


def test_a_page_with_bad_input_keeps_everything_typed_and_saves_the_rest(client, wave, answers):
    _start(client, wave)
    data = {**answers[3], "q_product_managers": "-5", "q_maturity": "9"}
    response = client.post(reverse("surveys:page", args=[wave.slug, 3]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a number of at least 0." in page
    assert "Choose a point on the scale." in page
    assert 'value="-5"' in page
    saved = Response.objects.get(wave=wave).answers.select_related("question")
    assert {answer.question.key for answer in saved} == {"product_ops_team", "reports_to"}


def test_a_required_question_left_empty_is_marked(client, wave):
    _start(client, wave)
    response = client.post(reverse("surveys:page", args=[wave.slug, 1]), {"q_role": "head"})
    assert "Please answer this question." in response.content.decode()


def test_saving_for_later_does_not_demand_required_answers(client, wave):
    _start(client, wave)
    response = client.post(
        reverse("surveys:page", args=[wave.slug, 2]), {"q_company_type": "public", "go": "later"}
    )
    assert "Your answers are saved" in response.content.decode()
    assert Response.objects.get(wave=wave).answers.get().choice == "public"


def test_a_page_post_reads_the_wave_and_its_questions_once(client, wave, answers):
    _start(client, wave)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("surveys:page", args=[wave.slug, 4]), answers[4])
    assert response.status_code == 302
    # The wave, the response, the pages and questions; then BEGIN, the page's answers in one
    # upsert, the response's progress, COMMIT.
    sql = [q["sql"] for q in queries]
    assert len(sql) == 7, sql
    assert sum('FROM "surveys_question"' in q for q in sql) == 1, sql


def test_going_back_keeps_the_answers_of_the_page(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers, pages=(1,))
    back = client.post(reverse("surveys:page", args=[wave.slug, 2]), {**answers[2], "go": "back"})
    assert back.url == reverse("surveys:page", args=[wave.slug, 1])
    page_two = client.get(reverse("surveys:page", args=[wave.slug, 2])).content.decode()
    assert re.search(r'value="vc_funded"[^>]*checked', page_two)


def test_starting_again_in_this_browser_resumes(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers, pages=(1, 2))
    again = client.get(reverse("surveys:start", args=[wave.slug]))
    assert again.url == reverse("surveys:page", args=[wave.slug, 3])  # where they stopped


def test_another_browser_with_the_same_email_gets_the_link_not_the_answers(client, wave, answers):
    _start(client, wave)
    other = client.__class__()
    response = _start(other, wave)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert other.get(reverse("surveys:page", args=[wave.slug, 1])).status_code == 302
    assert Response.objects.filter(wave=wave).count() == 1


def test_the_emailed_link_reopens_the_response_in_any_browser(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers, pages=(1, 2, 3))
    token = emails.resume_token(Response.objects.get(wave=wave))
    fresh = client.__class__()
    response = fresh.get(reverse("surveys:resume", args=[wave.slug, token]))
    assert response.url == reverse("surveys:page", args=[wave.slug, 4])
    page = fresh.get(reverse("surveys:page", args=[wave.slug, 3])).content.decode()
    assert 'value="40"' in page


def test_a_forged_link_is_not_found(client, wave):
    assert client.get(reverse("surveys:resume", args=[wave.slug, "forged"])).status_code == 404


def test_a_signed_in_person_answers_as_their_account(member_client, member, wave):
    response = member_client.post(reverse("surveys:start", args=[wave.slug]))
    assert response.status_code == 302
    assert Response.objects.get(wave=wave).user == member


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_wave_that_is_not_open_answers_with_a_clear_page(client, status):
    wave = make_wave(slug=f"wave-{status}", status=status)
    response = client.get(reverse("surveys:start", args=[wave.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert ("has closed" in text) if status == "closed" else ("not open yet" in text)
    page = client.get(reverse("surveys:page", args=[wave.slug, 1]))
    assert page.status_code == 200


def test_staff_see_counts_export_csv_and_delete_a_response(staff_client, wave, answers):
    respondent = staff_client.__class__()
    _start(respondent, wave, email="one@example.com")
    _answer_pages(respondent, wave, answers)
    respondent.post(reverse("surveys:review", args=[wave.slug]))
    services.response_start(wave=wave, email="two@example.com")

    overview = staff_client.get(reverse("surveys:staff_overview", args=[wave.slug]))
    assert "<dt>Started</dt><dd>2</dd>" in overview.content.decode()
    assert "<dt>Completed</dt><dd>1</dd>" in overview.content.decode()

    export = staff_client.get(reverse("surveys:export_csv", args=[wave.slug]))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert [row["email"] for row in rows] == ["one@example.com", "two@example.com"]
    assert rows[0]["pillar_remit:insight"] == "some"
    assert rows[0]["working_groups"] == "process;insights"
    assert rows[0]["years_in_product_ops"] == "4"

    second = Response.objects.get(email="two@example.com")
    staff_client.post(reverse("surveys:response_delete", args=[wave.slug, second.pk]))
    assert not Response.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize("count", [5, 60])
def test_the_staff_response_list_query_count_does_not_grow(staff_client, wave, count):
    for number in range(count):
        services.response_start(wave=wave, email=f"r{number}@example.com")
    # session, user, wave, counts, page count, page of responses with their answer counts.
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("surveys:staff_overview", args=[wave.slug]))
    assert response.status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_responses_stay_private_from_members_and_applicants(member_client, wave):
    assert member_client.get(reverse("surveys:staff_overview", args=[wave.slug])).status_code == 403
    assert member_client.get(reverse("surveys:export_csv", args=[wave.slug])).status_code == 403
