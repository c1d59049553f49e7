"""A link to continue lives with its wave: it stops working a while after the wave closes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys import services, tokens
from surveys.access import ResumeLinkInvalid, get_response_for_resume_link
from surveys.models import SurveyWave

pytestmark = pytest.mark.django_db


def _link(wave):
    response, _ = services.response_start(wave=wave, email="leader@example.com")
    return response, tokens.resume_token(response)


def _close(wave, *, ago):
    SurveyWave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - ago)
    wave.refresh_from_db()


def test_a_link_works_while_the_wave_is_open_and_for_a_grace_period_after(wave):
    response, token = _link(wave)
    assert get_response_for_resume_link(wave=wave, token=token) == response
    _close(wave, ago=tokens.RESUME_LINK_GRACE - timedelta(hours=1))
    assert get_response_for_resume_link(wave=wave, token=token) == response


def test_a_link_expires_once_the_grace_period_after_the_close_is_over(client, wave):
    _, token = _link(wave)
    _close(wave, ago=tokens.RESUME_LINK_GRACE + timedelta(hours=1))
    with pytest.raises(ResumeLinkInvalid) as refused:
        get_response_for_resume_link(wave=wave, token=token)
    assert refused.value.reason == "expired"
    page = client.get(reverse("surveys:resume", args=[wave.slug, token]))
    assert page.status_code == 404
    assert "this one has expired" in page.content.decode()
    assert client.session.get("survey_responses") is None  # it opened nothing


def test_a_link_to_a_wave_closed_without_a_date_expires_with_age(wave, monkeypatch):
    _, token = _link(wave)
    SurveyWave.objects.filter(pk=wave.pk).update(status=SurveyWave.Status.CLOSED)
    wave.refresh_from_db()
    later = timezone.now() + tokens.RESUME_LINK_MAX_AGE + timedelta(days=1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    with pytest.raises(ResumeLinkInvalid) as refused:
        get_response_for_resume_link(wave=wave, token=token)
    assert refused.value.reason == "expired"
