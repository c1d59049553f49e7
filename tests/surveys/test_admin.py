import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys.models import Question, SurveyWave

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
