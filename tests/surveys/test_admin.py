import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services
from surveys.models import Question, Response, ResultSnapshot, SurveyWave

pytestmark = pytest.mark.django_db


def test_staff_copy_a_wave_from_the_admin(staff_client, wave):
    response = staff_client.post(
        reverse("admin:surveys_surveywave_changelist"),
        {"action": "copy_waves", "_selected_action": [wave.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = SurveyWave.objects.exclude(pk=wave.pk).get()
    assert copy.status == SurveyWave.Status.DRAFT
    assert copy.questions.count() == wave.questions.count()


def test_the_admin_shows_a_wave_with_its_questions(staff_client, wave):
    page = staff_client.get(reverse("admin:surveys_surveywave_change", args=[wave.pk]))
    assert page.status_code == 200
    assert "How much of each pillar is in your remit?" in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "single", "options": "Only one"}, "at least two options"),
        ({"kind": "multiple", "options": "a: A\na: Again"}, "same value"),
        ({"kind": "scale", "scale_min": 1, "scale_max": 7}, "1 to 5 or from 0 to 10"),
        ({"kind": "number", "min_value": 10, "max_value": 5}, "must be above the smallest"),
    ],
)
def test_a_badly_built_question_is_refused_with_a_clear_message(wave, fields, message):
    question = Question(wave=wave, key="new", prompt="New question?", **fields)
    with pytest.raises(ValidationError, match=message):
        question.full_clean()


def test_options_keep_their_values_when_given_and_derive_them_otherwise():
    question = Question(kind="single", options="cpo: Chief Product Officer\nSomeone Else\n\n")
    assert question.choices == [("cpo", "Chief Product Officer"), ("someone-else", "Someone Else")]


# --- Closing and deleting go through the services ---------------------------------------------


def _messages(page):
    return [(m.level_tag, str(m)) for m in page.context["messages"]]


def _wave_form(wave, **changes):
    """The wave's change form as the admin posts it, leaving its questions as they are."""
    data = {
        "title": wave.title,
        "slug": wave.slug,
        "year": wave.year,
        "intro": wave.intro,
        "opens_at_0": "", "opens_at_1": "", "closes_at_0": "", "closes_at_1": "",
        "status": wave.status,
        "questions-TOTAL_FORMS": 0, "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0, "questions-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def answered_wave(db):
    """An open wave with three submitted responses (its one question is optional)."""
    wave = SurveyWave.objects.create(
        title="Benchmark answered", slug="answered", year=2026, status="open"
    )
    Question.objects.create(
        wave=wave, key="one_tip", kind="short_text", prompt="One tip?", required=False
    )
    for number in range(3):
        response, _ = services.response_start(wave=wave, email=f"r{number}@example.com")
        services.response_confirm_email(response=response)  # they opened the emailed link
        services.response_submit(response=response, notify=False)
    return wave


def test_the_wave_form_does_not_offer_to_close_the_wave(staff_client, wave):
    page = staff_client.get(reverse("admin:surveys_surveywave_change", args=[wave.pk]))
    html = page.content.decode()
    assert 'value="open"' in html
    assert 'value="closed"' not in html
    assert "Close the selected waves and email their results" in html


def test_saving_the_wave_form_with_closed_is_refused(staff_client, wave):
    url = reverse("admin:surveys_surveywave_change", args=[wave.pk])
    assert staff_client.post(url, _wave_form(wave, title="Renamed")).status_code == 302
    page = staff_client.post(url, _wave_form(wave, status="closed"))
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    wave.refresh_from_db()
    assert (wave.title, wave.status) == ("Renamed", SurveyWave.Status.OPEN)
    assert not wave.snapshots.exists()


def test_a_new_wave_cannot_be_added_closed(staff_client):
    data = _wave_form(SurveyWave(title="Benchmark 2027", slug="benchmark-2027", year=2027))
    page = staff_client.post(reverse("admin:surveys_surveywave_add"), {**data, "status": "closed"})
    assert page.status_code == 200
    assert not SurveyWave.objects.exists()


def test_a_closed_wave_keeps_its_status_when_its_form_is_saved(staff_client, wave):
    services.wave_close(wave=wave, closed_by=None)
    url = reverse("admin:surveys_surveywave_change", args=[wave.pk])
    response = staff_client.post(url, _wave_form(wave, title="Renamed", status="open"))
    assert response.status_code == 302
    wave.refresh_from_db()
    assert (wave.title, wave.status) == ("Renamed", SurveyWave.Status.CLOSED)


def test_the_close_action_closes_the_wave_computes_and_emails_its_results(
    staff_client, staff, answered_wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(
            reverse("admin:surveys_surveywave_changelist"),
            {"action": "close_waves", "_selected_action": [answered_wave.pk]},
            follow=True,
        )
    answered_wave.refresh_from_db()
    assert answered_wave.status == SurveyWave.Status.CLOSED
    snapshot = answered_wave.snapshots.get()
    assert snapshot.send_when_ready
    assert snapshot.requested_by == staff
    assert snapshot.status == ResultSnapshot.Status.READY
    assert sorted(m.to[0] for m in mailoutbox) == [f"r{n}@example.com" for n in range(3)]
    assert _messages(page) == [
        ("success", "Closed “Benchmark answered”: its results are being computed and emailed "
         "to its 3 respondents."),
    ]  # fmt: skip


def test_the_close_action_warns_about_a_wave_already_closed(staff_client, wave, answered_wave):
    services.wave_close(wave=answered_wave, closed_by=None)
    page = staff_client.post(
        reverse("admin:surveys_surveywave_changelist"),
        {"action": "close_waves", "_selected_action": [wave.pk, answered_wave.pk]},
        follow=True,
    )
    assert answered_wave.snapshots.count() == 1  # nothing computed or sent again
    wave.refresh_from_db()
    assert wave.status == SurveyWave.Status.CLOSED
    messages = _messages(page)
    warning = (
        "“Benchmark answered”: This wave is already closed. Nothing was sent again; its "
        "“Progress and CSV” page computes and sends a new version."
    )
    assert ("warning", warning) in messages
    assert len(messages) == 2


def test_a_wave_with_submitted_responses_cannot_be_deleted(staff_client, answered_wave):
    url = reverse("admin:surveys_surveywave_delete", args=[answered_wave.pk])
    page = staff_client.post(url, {"post": "yes"})
    assert page.status_code == 200
    assert "submitted response" in page.content.decode()
    page = staff_client.post(
        reverse("admin:surveys_surveywave_changelist"),
        {"action": "delete_selected", "_selected_action": [answered_wave.pk], "post": "yes"},
    )
    assert page.status_code == 200
    assert SurveyWave.objects.filter(pk=answered_wave.pk).exists()
    assert Response.objects.filter(wave=answered_wave).count() == 3


def test_a_wave_without_submitted_responses_can_still_be_deleted(staff_client, wave):
    services.response_start(wave=wave, email="started@example.com")
    url = reverse("admin:surveys_surveywave_delete", args=[wave.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not SurveyWave.objects.exists()


def test_questions_of_a_wave_with_submitted_responses_cannot_be_deleted(
    staff_client, wave, answered_wave
):
    def can_delete(wave):
        page = staff_client.get(reverse("admin:surveys_surveywave_change", args=[wave.pk]))
        return page.context["inline_admin_formsets"][0].formset.can_delete

    assert can_delete(wave)
    assert not can_delete(answered_wave)
