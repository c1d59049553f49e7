import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services, tokens
from surveys.access import SURVEY_SESSION_KEY
from surveys.models import Response
from tests.factories import make_wave

pytestmark = pytest.mark.django_db


def _start(client, wave, email="leader@example.com"):
    """Start as a respondent does without an account: give the address, then open the link
    emailed to it (the start page itself opens nothing). Returns the link's answer."""
    client.post(reverse("surveys:start", args=[wave.slug]), {"email": email})
    response = Response.objects.get(wave=wave, email=email)
    return client.get(reverse("surveys:resume", args=[wave.slug, tokens.resume_token(response)]))


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
        started = client.post(
            reverse("surveys:start", args=[wave.slug]), {"email": "leader@example.com"}
        )
    assert "Check your inbox" in started.content.decode()
    (resume_email,) = mailoutbox
    assert "/continue/" in resume_email.body
    link = re.search(r"https?://\S+/continue/\S+/", resume_email.body)[0]
    response = client.get(urlsplit(link).path)
    assert response.url == reverse("surveys:page", args=[wave.slug, 1])
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
    response = other.post(
        reverse("surveys:start", args=[wave.slug]), {"email": "leader@example.com"}
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert other.get(reverse("surveys:page", args=[wave.slug, 1])).status_code == 302
    assert Response.objects.filter(wave=wave).count() == 1


def test_the_emailed_link_reopens_the_response_in_any_browser(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers, pages=(1, 2, 3))
    token = tokens.resume_token(Response.objects.get(wave=wave))
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
    # session, user, wave, counts, page count, page of responses, their answer counts; the
    # staff navigation's library review count; the bell's unread count.
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("surveys:staff_overview", args=[wave.slug]))
    assert response.status_code == 200
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_responses_stay_private_from_members_and_applicants(member_client, wave):
    assert member_client.get(reverse("surveys:staff_overview", args=[wave.slug])).status_code == 403
    assert member_client.get(reverse("surveys:export_csv", args=[wave.slug])).status_code == 403


# --- A resume link that does not work ---------------------------------------------------------
CSRF = re.compile(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"')


def _fresh_link_form(page):
    """The form of a page that offers a fresh link, or None."""
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    return form and {"action": form[1], "body": form[2]}


def _resume(client, wave, token):
    return client.get(reverse("surveys:resume", args=[wave.slug, token]))


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "x" * 5000,
        "eyJyZXNwb25zZSI6MX0:1vabcd:" + "A" * 43,  # shaped like a real link, not signed by us
        ".eJyrVipKLS7Oz1OyMtRRKi1OLUpVsgIAVOYHDQ:1vabcd:bad",  # a compressed payload
        "déjà-vu:ünïcode:☃",
        "::::",
        "%00%ff",
        "..",
    ],
    ids=["word", "very-long", "unsigned", "compressed", "unicode", "colons", "bytes", "dots"],
)
def test_a_broken_link_answers_with_a_page_that_offers_a_fresh_one(client, wave, token):
    response = _resume(client, wave, token)
    page = response.content.decode()
    assert response.status_code == 404  # the link points at nothing, but the page helps
    assert "This link doesn't work any more" in page
    assert "Part of this link is missing or has been changed" in page
    form = _fresh_link_form(page)
    assert form["action"] == reverse("surveys:fresh_link", args=[wave.slug])
    assert '<label for="id_email">Your email address' in form["body"]
    assert 'type="email" name="email"' in form["body"]
    assert "Email me a fresh link" in form["body"]


@pytest.mark.parametrize("raw", ["%00%ff", "%ff%fe", "a%0Ab", "%E2%98%83"])
def test_raw_bytes_in_a_link_still_get_the_page(client, wave, raw):
    response = client.get(f"/survey/{wave.slug}/continue/{raw}/")  # as typed, not quoted again
    assert response.status_code == 404
    assert "This link doesn't work any more" in response.content.decode()


def test_a_link_changed_by_one_character_is_broken(client, wave):
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    token = tokens.resume_token(response)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    page = _resume(client, wave, tampered).content.decode()
    assert "Part of this link is missing or has been changed" in page
    assert _fresh_link_form(page)


def test_a_link_to_a_deleted_response_says_the_answers_are_gone(client, wave):
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    token = tokens.resume_token(response)
    services.response_delete(response=response)
    answer = _resume(client, wave, token)
    page = answer.content.decode()
    assert answer.status_code == 404
    assert "This link doesn't work any more" in page
    assert "The answers this link opened are no longer here" in page
    assert _fresh_link_form(page)


def test_a_link_to_another_waves_response_says_so(client, wave):
    other = make_wave(slug="another-wave")
    response, _ = services.response_start(wave=other, email="leader@example.com")
    answer = _resume(client, wave, tokens.resume_token(response))
    page = answer.content.decode()
    assert answer.status_code == 404
    assert f"This link is for another survey, not the {wave.title}." in page
    assert _fresh_link_form(page)
    assert SURVEY_SESSION_KEY not in client.session  # it opened nothing


def test_an_expired_link_says_it_has_expired(client, wave, monkeypatch):
    # Links do not expire yet; when they do, signing raises SignatureExpired for old ones.
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    token = tokens.resume_token(response)

    def expired(*args, **kwargs):
        raise signing.SignatureExpired("Signature age 9000 > 3600 seconds")

    monkeypatch.setattr(signing, "loads", expired)
    page = _resume(client, wave, token).content.decode()
    assert "This link doesn't work any more" in page
    assert "this one has expired" in page
    assert "Part of this link is missing" not in page
    assert _fresh_link_form(page)


def test_a_broken_link_in_the_browser_that_answered_leads_to_the_answers(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers, pages=(1,))
    page = _resume(client, wave, "forged").content.decode()
    assert "This browser already has your answers" in page
    assert f'href="{reverse("surveys:page", args=[wave.slug, 2])}"' in page
    assert _fresh_link_form(page)


def _ask_for_a_fresh_link(client, wave, email):
    return client.post(reverse("surveys:fresh_link", args=[wave.slug]), {"email": email})


def test_asking_for_a_fresh_link_looks_the_same_for_known_and_unknown_addresses(
    client, wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    services.response_start(wave=wave, email="leader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        known = _ask_for_a_fresh_link(client, wave, " Leader@Example.com ")
    (fresh,) = mailoutbox
    assert fresh.to == ["leader@example.com"]
    assert "/continue/" in fresh.body
    with django_capture_on_commit_callbacks(execute=True):
        unknown = _ask_for_a_fresh_link(client, wave, "stranger@example.com")
    assert len(mailoutbox) == 1  # nothing for an address that has not started
    assert known.status_code == unknown.status_code == 200
    page = CSRF.sub("", known.content.decode())
    assert page == CSRF.sub("", unknown.content.decode())
    assert "If you've started this survey with that address, we've emailed you a fresh link" in (
        page
    )
    assert "stranger@example.com" not in page and "leader@example.com" not in page


def test_the_fresh_link_opens_the_response(
    client, wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    services.response_start(wave=wave, email="leader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        _ask_for_a_fresh_link(client, wave, "leader@example.com")
    link = re.search(r"https?://\S+/continue/\S+/", mailoutbox[0].body)[0]
    opened = client.__class__().get(urlsplit(link).path)
    assert opened.url == reverse("surveys:page", args=[wave.slug, 1])


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the email address you started the survey with."),
        ("not-an-email", "Enter an email address like you@company.com."),
    ],
)
def test_a_bad_address_for_a_fresh_link_is_marked_at_the_field(
    client, wave, mailoutbox, eager_tasks, typed, error
):
    services.response_start(wave=wave, email="leader@example.com")
    response = _ask_for_a_fresh_link(client, wave, typed)
    assert response.status_code == 200
    form = _fresh_link_form(response.content.decode())
    # The message sits in the field's group, tied to the input, and the input keeps the text.
    assert re.search(
        rf'<label for="id_email">.*<ul class="errorlist" id="id_email_error"><li>{error}</li>'
        r".*<input[^>]*aria-invalid=\"true\"",
        form["body"],
        re.S,
    )
    field = re.search(r'<input type="email"[^>]*>', form["body"])[0]
    assert (f'value="{typed}"' in field) if typed else ("value=" not in field)
    assert "we've emailed you a fresh link" not in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_broken_link_to_a_wave_that_takes_no_answers_says_so_instead(
    client, status, mailoutbox, eager_tasks
):
    wave = make_wave(slug=f"wave-{status}", status=status)
    page = _resume(client, wave, "forged").content.decode()
    assert "This link doesn't work any more" in page
    assert ("has closed" in page) if status == "closed" else ("not open yet" in page)
    assert _fresh_link_form(page) is None
    asked = _ask_for_a_fresh_link(client, wave, "leader@example.com").content.decode()
    assert _fresh_link_form(asked) is None
    assert "we've emailed you" not in asked
    assert mailoutbox == []


def test_a_submitted_response_opens_read_only_from_its_link(client, wave, answers):
    _start(client, wave)
    _answer_pages(client, wave, answers)
    client.post(reverse("surveys:review", args=[wave.slug]))
    token = tokens.resume_token(Response.objects.get(wave=wave))
    fresh = client.__class__()
    opened = _resume(fresh, wave, token)
    assert opened.url == reverse("surveys:done", args=[wave.slug])
    page = fresh.get(opened.url).content.decode()
    assert "Aligning twelve teams on one roadmap format." in page
    assert "Change your answer" not in page and "<form" not in page.split('id="main"', 1)[1]


def test_the_fresh_link_page_reads_a_fixed_number_of_queries(
    client, wave, django_assert_num_queries
):
    # The wave; on a post, the response of the address given (and, when there is one, the
    # mark that a link was asked for). The same for any number of responses.
    url = reverse("surveys:fresh_link", args=[wave.slug])
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(2):
        assert client.post(url, {"email": "nobody@example.com"}).status_code == 200
    for n in range(20):
        services.response_start(wave=wave, email=f"r{n}@example.com")
    with django_assert_num_queries(2):
        assert client.post(url, {"email": "nobody@example.com"}).status_code == 200
