import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services
from surveys.models import ResultsDelivery, ResultSnapshot, SurveyWave
from surveys.tasks import send_results_batch
from surveys.tokens import resume_token
from tests.factories import ApplicantFactory, make_wave
from tests.surveys.test_services import _answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_wave(db):
    wave = make_wave(slug="answered")
    for number in range(6):
        response, _ = services.response_start(wave=wave, email=f"r{number}@example.com")
        services.response_confirm_email(response=response)  # they opened the emailed link
        _answer_all(response, wave)
        services.response_submit(response=response, notify=False)
    return wave


def _computed(wave, **options):
    snapshot = services.results_request(wave=wave, requested_by=None, **options)
    return services.results_compute(snapshot=snapshot)


def test_the_summary_says_when_no_results_are_published(client, wave):
    page = client.get(reverse("surveys:results", args=[wave.slug])).content.decode()
    assert "published when the wave closes" in page


def test_the_public_summary_shows_the_pillar_table(client, answered_wave):
    _computed(answered_wave)
    page = client.get(reverse("surveys:results", args=[answered_wave.slug])).content.decode()
    assert "How much of each pillar is in respondents' remit (n = 6)" in page
    assert '<th scope="row">Insight</th>' in page


def test_the_home_page_takes_the_pillar_figures_from_the_latest_results(client, answered_wave):
    _computed(answered_wave)
    page = client.get(reverse("home")).content.decode()
    assert "say all of it is in their remit" in page
    assert "(n = 6)" in page


def test_a_member_reads_the_full_report_with_charts_tables_and_n(member_client, answered_wave):
    _computed(answered_wave)
    page = member_client.get(reverse("surveys:report", args=[answered_wave.slug])).content
    page = page.decode()
    assert 'role="img"' in page
    assert "n = 6" in page
    assert "Which best describes your role?" in page
    assert "/groups/starting-and-scaling/" in page


def test_a_respondent_reads_the_report_with_where_they_stand(answered_wave, client):
    _computed(answered_wave)
    respondent = client.__class__()
    respondent.post(reverse("surveys:start", args=[answered_wave.slug]), {"email": "new@x.com"})
    response, _ = services.response_start(wave=answered_wave, email="new@x.com")
    respondent.get(reverse("surveys:resume", args=[answered_wave.slug, resume_token(response)]))
    _answer_all(response, answered_wave)
    services.response_submit(response=response, notify=False)
    page = respondent.get(reverse("surveys:report", args=[answered_wave.slug])).content.decode()
    assert "You:</strong>" in page


def test_the_full_report_is_refused_to_an_applicant_who_did_not_answer(client, answered_wave):
    client.force_login(ApplicantFactory())
    assert client.get(reverse("surveys:report", args=[answered_wave.slug])).status_code == 403


def test_closing_the_wave_computes_and_emails_every_respondent_once(
    staff_client, answered_wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("surveys:close", args=[answered_wave.slug]))
    assert response.status_code == 302
    answered_wave.refresh_from_db()
    assert answered_wave.status == SurveyWave.Status.CLOSED
    snapshot = answered_wave.snapshots.get()
    assert snapshot.status == ResultSnapshot.Status.READY
    assert sorted(m.to[0] for m in mailoutbox) == [f"r{n}@example.com" for n in range(6)]
    message = mailoutbox[0]
    assert "Where you stand" in message.alternatives[0][0]
    assert "WHERE YOU STAND" in message.body
    assert message.extra_headers["Message-ID"].startswith("<results-")
    # Short lines: the parts go as plain 8-bit text, not re-encoded as quoted-printable.
    mime = message.message()
    for part in mime.get_payload():
        assert part["Content-Transfer-Encoding"] == "8bit"
    assert max(len(line) for line in mime.as_bytes().splitlines()) <= 998
    assert snapshot.deliveries.filter(status=ResultsDelivery.Status.SENT).count() == 6
    # Running a batch again sends nothing more.
    send_results_batch.apply(args=[list(snapshot.deliveries.values_list("pk", flat=True))])
    assert len(mailoutbox) == 6


def test_a_failed_email_is_retried_and_a_correction_goes_only_to_those_asked(
    staff_client, answered_wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = _computed(answered_wave, send=True)
    assert len(mailoutbox) == 6
    snapshot.deliveries.filter(email="r1@example.com").update(
        status=ResultsDelivery.Status.FAILED, error="550 mailbox unavailable"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("surveys:results_retry", args=[answered_wave.slug, snapshot.pk]))
    assert [m.to for m in mailoutbox] == [["r1@example.com"]]

    corrected = _computed(answered_wave)  # a new version, sent to no one by itself
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("surveys:results_resend", args=[answered_wave.slug, corrected.pk]),
            {"emails": "r2@example.com, r4@example.com"},
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["r2@example.com", "r4@example.com"]


def test_a_resend_to_something_that_is_not_an_email_says_so(staff_client, answered_wave):
    snapshot = _computed(answered_wave)
    response = staff_client.post(
        reverse("surveys:results_resend", args=[answered_wave.slug, snapshot.pk]),
        {"emails": "r2@example.com, nonsense"},
        follow=True,
    )
    assert "Not email addresses: nonsense." in response.content.decode()


def test_staff_download_the_aggregate_csv(staff_client, answered_wave):
    snapshot = _computed(answered_wave)
    export = staff_client.get(
        reverse("surveys:results_csv", args=[answered_wave.slug, snapshot.pk])
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    role = [r for r in rows if r["question"] == "role" and r["segment"] == "all"]
    assert {r["option"]: r["count"] for r in role}["lead"] == "6"
    # Six respondents in one company type and one size: their segment is shown (k = 5).
    assert any(r["segment"] == "company_type" and r["segment_value"] == "startup" for r in rows)


def test_a_small_segment_never_reaches_the_csv(staff_client, answered_wave, settings):
    settings.SURVEY_MIN_SEGMENT = 7  # the six respondents are now too few to show
    snapshot = _computed(answered_wave)
    export = staff_client.get(
        reverse("surveys:results_csv", args=[answered_wave.slug, snapshot.pk])
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {r["segment"] for r in rows} == {"all"}


@pytest.mark.parametrize("versions", [1, 8])
def test_the_staff_page_query_count_does_not_grow_with_versions(
    staff_client, answered_wave, versions
):
    for _ in range(versions):
        _computed(answered_wave)
    # session, user, wave, counts, page count, responses, their answer counts, versions with
    # their email counts; the header bell's unread count.
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("surveys:staff_overview", args=[answered_wave.slug]))
    assert response.status_code == 200
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_stuck_deliveries_are_sent_again_by_the_sweeper(
    answered_wave, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    snapshot = _computed(answered_wave)
    responses = answered_wave.responses.filter(submitted_at__isnull=False)
    services.results_deliveries_create(snapshot=snapshot, responses=responses)  # not committed
    long_ago = timezone.now() - timedelta(hours=1)
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=long_ago)
    snapshot.deliveries.filter(email="r0@example.com").update(
        status=ResultsDelivery.Status.SENDING, claimed_at=long_ago
    )
    # Beat runs the sweep outside a transaction, where enqueued work is published at once.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.results_sweep_stuck() == 6
    assert len(mailoutbox) == 6


def test_the_survey_index_links_published_results(client, answered_wave):
    before = client.get(reverse("surveys:index")).content.decode()
    assert reverse("surveys:results", args=[answered_wave.slug]) not in before
    _computed(answered_wave)
    after = client.get(reverse("surveys:index")).content.decode()
    assert reverse("surveys:results", args=[answered_wave.slug]) in after


@pytest.mark.parametrize("waves", [1, 6])
def test_the_survey_index_query_count_does_not_grow_with_waves(client, waves):
    for number in range(waves):
        _computed(make_wave(slug=f"wave-{number}"))
    # session, open waves, waves with published results.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("surveys:index"))
    assert response.status_code == 200
    assert len(queries) <= 3, [q["sql"] for q in queries]
