"""A respondent without an account opens the full report, with where they stand, from the
signed, expiring link in their results email (issue #12, point 5)."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from surveys import emails, tokens
from surveys.models import Response
from tests.factories import make_wave
from tests.surveys.test_figures import _computed, _respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(wave):
    for n in range(5):
        _respond(wave, f"r{n}@example.com", role=["head", "lead"][n % 2])
    return wave


def _link_in(message):
    text = message.body
    html = message.alternatives[0][0]
    [url] = set(re.findall(r"http://\S+/results/report/[^/\s\"]+/", text))
    assert f'href="{url}"' in html
    return url


def test_the_results_email_opens_the_full_report_without_an_account(
    client, answered, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _computed_and_sent(answered)
    message = next(m for m in mailoutbox if m.to == ["r0@example.com"])
    url = _link_in(message)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "full report" in html
    assert "<strong>You:</strong>" in html
    assert "Head or Director of Product Ops, like 60% of peers" in html
    assert page["Cache-Control"] == "private, no-store"
    # Each respondent's link is their own.
    other = next(m for m in mailoutbox if m.to == ["r1@example.com"])
    assert _link_in(other) != url


def _computed_and_sent(wave):
    from surveys import services

    snapshot = services.results_request(wave=wave, requested_by=None, send=True)
    return services.results_compute(snapshot=snapshot)


def _report_url(wave, token):
    return reverse("surveys:personal_report", args=[wave.slug, token])


def test_a_tampered_link_says_it_does_not_work(client, answered):
    _computed(answered)
    response = Response.objects.get(email="r0@example.com")
    token = tokens.report_token(response.pk)
    for bad in [token[:-2] + "xx", "nonsense", tokens.report_token(response.pk + 999), "x" * 900]:
        page = client.get(_report_url(answered, bad))
        assert page.status_code == 404
        html = page.content.decode()
        assert "This report link doesn't work" in html
        assert "<strong>You:</strong>" not in html
        assert reverse("surveys:results", args=[answered.slug]) in html


def test_an_old_link_says_it_has_expired(client, answered, monkeypatch):
    _computed(answered)
    response = Response.objects.get(email="r0@example.com")
    long_ago = time.time() - (tokens.REPORT_LINK_DAYS + 1) * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = tokens.report_token(response.pk)
    monkeypatch.undo()
    page = client.get(_report_url(answered, token))
    assert page.status_code == 404
    assert "This report link has expired" in page.content.decode()


def test_a_link_opens_only_a_submitted_response_of_its_own_wave(client, answered):
    _computed(answered)
    other_wave = make_wave(slug="other")
    stranger = _respond(other_wave, "stranger@example.com")
    draft = Response.objects.create(wave=answered, email="draft@example.com")
    for response in (stranger, draft):
        page = client.get(_report_url(answered, tokens.report_token(response.pk)))
        assert page.status_code == 404


def test_the_personal_report_reads_a_fixed_number_of_queries(
    client, answered, django_assert_num_queries
):
    # The wave, the response, the latest snapshot and the respondent's answers; the same for
    # any number of respondents and answers.
    _computed(answered)
    response = Response.objects.get(email="r0@example.com")
    url = _report_url(answered, tokens.report_token(response.pk))
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    for n in range(5, 12):
        _respond(answered, f"r{n}@example.com")
    _computed(answered)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_a_batch_builds_the_same_links_as_one_at_a_time(answered):
    urls = emails.personal_report_urls(wave_slug=answered.slug)
    for response in Response.objects.filter(wave=answered):
        assert urls(response.pk) == emails.personal_report_url(
            wave_slug=answered.slug, response_id=response.pk
        )
