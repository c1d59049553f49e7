"""A survey cannot be answered as someone else (security point 4).

Nothing proves that whoever types an address on the start page owns it. So the start page
only emails that address a link, and shows the same page whether the address has a response
or not; the link opens the survey and confirms the address. A response counts (tallies,
results, results emails, public counts) only once its address is confirmed: by that link, or
by a signed-in account whose address is verified. The links are rate-limited per address and
per client, so the form cannot flood an inbox; staff see unconfirmed responses as such.
"""

import csv
import io
import logging
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from surveys import services
from surveys.access import SURVEY_SESSION_KEY
from surveys.models import Answer, AnswerTally, Response, ResultsDelivery, ResultSnapshot
from tests.factories import ApplicantFactory, MemberFactory
from tests.surveys.test_services import _answer_all

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"')


@pytest.fixture
def sent(mailoutbox, eager_tasks, django_capture_on_commit_callbacks):
    """Make a request, then run what it enqueued (as a worker would): the emails pile up in
    the returned outbox."""

    def request(make, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make(*args, **kwargs)

    request.outbox = mailoutbox
    return request


def _start(client, wave, email, ip="198.51.100.1"):
    return client.post(reverse("surveys:start", args=[wave.slug]), {"email": email}, REMOTE_ADDR=ip)


def _ask_for_a_fresh_link(client, wave, email, ip="198.51.100.1"):
    return client.post(
        reverse("surveys:fresh_link", args=[wave.slug]), {"email": email}, REMOTE_ADDR=ip
    )


def _link_in(message):
    return urlsplit(re.search(r"https?://\S+/continue/\S+/", message.body)[0]).path


def _same_page(page, email):
    """A page as the visitor sees it, without what differs from one request to the next (the
    CSRF token) or what they typed themselves (the address)."""
    return CSRF.sub("", page.content.decode()).replace(email, "ADDRESS")


def _respondent(wave, email, *, confirmed, submitted=True):
    response, _ = services.response_start(wave=wave, email=email)
    if confirmed:
        services.response_confirm_email(response=response)
    _answer_all(response, wave)
    if submitted:
        services.response_submit(response=response, notify=False)
    return response


# --- Starting proves nothing; the emailed link does ------------------------------------------


def test_starting_with_an_address_opens_nothing_until_its_emailed_link_is_followed(
    client, wave, answers, sent
):
    started = sent(_start, client, wave, "ceo@bigco.example")
    assert started.status_code == 200
    assert "Check your inbox" in started.content.decode()
    assert SURVEY_SESSION_KEY not in client.session
    # Whoever typed the address cannot answer in its name.
    start = reverse("surveys:start", args=[wave.slug])
    assert client.get(reverse("surveys:page", args=[wave.slug, 1])).url == start
    assert client.post(reverse("surveys:page", args=[wave.slug, 1]), answers[1]).url == start
    assert client.post(reverse("surveys:review", args=[wave.slug])).url == start
    assert not Answer.objects.exists()
    (message,) = sent.outbox
    assert message.to == ["ceo@bigco.example"]
    assert Response.objects.get(wave=wave).email_confirmed_at is None

    # The owner of the address follows the link, in any browser: it opens the survey.
    owner = client.__class__()
    opened = owner.get(_link_in(message))
    assert opened.url == reverse("surveys:page", args=[wave.slug, 1])
    assert Response.objects.get(wave=wave).email_confirmed_at is not None
    assert owner.post(reverse("surveys:page", args=[wave.slug, 1]), answers[1]).status_code == 302
    assert Answer.objects.filter(response__email="ceo@bigco.example").exists()


def test_known_and_unknown_addresses_get_the_same_page_and_one_email_each(client, wave, sent):
    services.response_start(wave=wave, email="known@example.com")
    known = sent(_start, client, wave, "known@example.com")
    unknown = sent(_start, client.__class__(), wave, "unknown@example.com")
    assert known.status_code == unknown.status_code == 200
    assert _same_page(known, "known@example.com") == _same_page(unknown, "unknown@example.com")
    page = known.content.decode()
    assert "Check your inbox" in page
    assert "<strong>known@example.com</strong>" in page  # so a typo can be seen
    assert "spam" in page
    assert [message.to for message in sent.outbox] == [
        ["known@example.com"],
        ["unknown@example.com"],
    ]


def test_both_paths_only_enqueue_the_email(client, wave, django_capture_on_commit_callbacks):
    # No slow work (sending, rendering an email) on one path only: both answer as fast.
    services.response_start(wave=wave, email="known@example.com")
    with django_capture_on_commit_callbacks() as known:
        _start(client, wave, "known@example.com")
    with django_capture_on_commit_callbacks() as unknown:
        _start(client, wave, "unknown@example.com")
    assert len(known) == len(unknown) == 1


def test_the_email_to_a_new_address_invites_to_start_and_says_what_to_do_if_it_was_not_you(
    client, wave, sent
):
    sent(_start, client, wave, "new@example.com")
    (message,) = sent.outbox
    assert message.subject == f"[Product Ops Alliance] Your link to the {wave.title}"
    for part in (message.body, message.alternatives[0].content):
        assert "Start the survey" in part
        assert "If it wasn't you" in part
        assert "saved as you go" not in part


# --- Only confirmed responses count ---------------------------------------------------------


def _computed(wave, **options):
    snapshot = services.results_request(wave=wave, requested_by=None, **options)
    return services.results_compute(snapshot=snapshot)


def test_an_unconfirmed_response_counts_nowhere_until_its_address_is_confirmed(wave):
    response = _respondent(wave, "ceo@bigco.example", confirmed=False)
    assert response.is_submitted
    assert not AnswerTally.objects.filter(wave=wave, count__gt=0).exists()
    assert _computed(wave).respondents == 0

    services.response_confirm_email(response=response)
    services.response_confirm_email(response=response)  # the link opened twice: counted once
    tallies = AnswerTally.objects.filter(wave=wave)
    assert tallies.count() == response.answers.count()
    assert set(tallies.values_list("count", flat=True)) == {1}
    assert _computed(wave).respondents == 1


def test_the_results_are_emailed_only_to_confirmed_respondents(
    staff_client, wave, django_capture_on_commit_callbacks
):
    _respondent(wave, "confirmed@example.com", confirmed=True)
    _respondent(wave, "ceo@bigco.example", confirmed=False)
    with django_capture_on_commit_callbacks():
        snapshot = _computed(wave, send=True)
    emailed = ResultsDelivery.objects.filter(snapshot=snapshot)
    assert list(emailed.values_list("email", flat=True)) == ["confirmed@example.com"]

    # Nor does staff's "send to some respondents" reach an unconfirmed address.
    with django_capture_on_commit_callbacks():
        count = services.results_resend(
            snapshot=snapshot, emails=["ceo@bigco.example", "confirmed@example.com"]
        )
    assert count == 1
    assert list(emailed.values_list("email", flat=True)) == ["confirmed@example.com"]
    # The staff's "Email to every respondent" button counts the same people.
    later = _computed(wave)
    with django_capture_on_commit_callbacks():
        page = staff_client.post(
            reverse("surveys:results_send", args=[wave.slug, later.pk]), follow=True
        )
    assert "to 1 respondents" in page.content.decode()


def test_the_public_summary_counts_only_confirmed_respondents(client, wave):
    _respondent(wave, "confirmed@example.com", confirmed=True)
    for number in range(3):
        _respondent(wave, f"invented{number}@bigco.example", confirmed=False)
    _computed(wave)
    page = client.get(reverse("surveys:results", args=[wave.slug])).content.decode()
    assert "<dt>Respondents</dt><dd>1</dd>" in page


def test_a_signed_in_member_with_a_verified_address_is_confirmed_at_once(
    member_client, member, wave
):
    member_client.post(reverse("surveys:start", args=[wave.slug]))
    assert Response.objects.get(wave=wave, user=member).email_confirmed_at is not None


def test_an_account_whose_address_is_not_verified_counts_once_it_is(client, wave, answers):
    member = MemberFactory(email="unverified@example.com", email_verified=False)
    client.force_login(member)
    client.post(reverse("surveys:start", args=[wave.slug]))
    response = Response.objects.get(wave=wave)
    assert response.email_confirmed_at is None
    EmailAddress.objects.filter(user=member).update(verified=True)
    client.post(reverse("surveys:page", args=[wave.slug, 1]), answers[1])
    response.refresh_from_db()
    assert response.email_confirmed_at is not None


def test_the_demo_respondents_answered_as_verified_accounts_and_count(settings):
    settings.DEBUG = True  # as `make run` runs it
    call_command("seed_demo")
    assert Response.objects.exists()
    assert not Response.objects.filter(email_confirmed_at=None).exists()
    snapshots = ResultSnapshot.objects.filter(status=ResultSnapshot.Status.READY)
    assert snapshots.exists()
    for snapshot in snapshots:
        assert snapshot.respondents == snapshot.wave.responses.counted().count() > 0


def test_an_unconfirmed_respondent_does_not_get_the_full_report(client, wave):
    applicant = ApplicantFactory(email="applicant@example.com", email_verified=False)
    response = _respondent(wave, "applicant@example.com", confirmed=False)
    _computed(wave)
    client.force_login(applicant)
    assert response.email_confirmed_at is None
    assert client.get(reverse("surveys:report", args=[wave.slug])).status_code == 403


# --- Rate limits ----------------------------------------------------------------------------


def test_an_address_gets_three_links_an_hour_however_often_it_is_started(client, wave, sent):
    pages = {
        _same_page(sent(_start, client.__class__(), wave, "ceo@bigco.example", ip=f"203.0.113.{n}"),
                   "ceo@bigco.example")
        for n in range(20)
    }  # fmt: skip
    assert len(sent.outbox) == 3
    assert len(pages) == 1  # and the page never says the limit was reached
    # Asking for a fresh link counts towards the same limit.
    sent(_ask_for_a_fresh_link, client, wave, "ceo@bigco.example", ip="192.0.2.1")
    assert len(sent.outbox) == 3


def test_the_fresh_link_form_sends_three_links_an_hour_to_an_address(client, wave, sent):
    services.response_start(wave=wave, email="leader@example.com")
    for n in range(20):
        sent(_ask_for_a_fresh_link, client, wave, "leader@example.com", ip=f"203.0.113.{n}")
    assert len(sent.outbox) == 3


def test_a_client_gets_ten_links_an_hour_and_invents_no_more_respondents(client, wave, sent):
    pages = set()
    for n in range(20):
        email = f"invented{n}@bigco.example"
        pages.add(_same_page(sent(_start, client, wave, email), email))
    assert len(sent.outbox) == 10
    assert Response.objects.filter(wave=wave).count() == 10
    assert len(pages) == 1
    # Another client is not held back by this one.
    sent(_start, client.__class__(), wave, "someone@example.com", ip="192.0.2.7")
    assert len(sent.outbox) == 11


def test_a_link_held_back_by_a_limit_is_logged(client, wave, sent, caplog):
    with caplog.at_level(logging.WARNING, logger="surveys.services"):
        for n in range(4):
            sent(_start, client, wave, "ceo@bigco.example", ip=f"203.0.113.{n}")
    (record,) = [r for r in caplog.records if r.name.startswith("surveys.services")]
    assert "rate limit" in record.getMessage()
    assert "ceo@bigco.example" not in record.getMessage()  # no address in the logs


def test_links_still_go_out_when_the_cache_is_down(client, wave, sent, monkeypatch):
    class DownCache:
        def add(self, *args, **kwargs):
            raise RedisConnectionError("Connection refused")

        incr = add

    monkeypatch.setattr("alliance.ratelimit.cache", DownCache())
    for n in range(5):
        page = sent(_start, client, wave, "leader@example.com", ip=f"203.0.113.{n}")
        assert page.status_code == 200
    assert len(sent.outbox) == 5


# --- Staff see who is not confirmed ---------------------------------------------------------


def test_staff_see_unconfirmed_responses_marked_and_not_counted(staff_client, wave):
    _respondent(wave, "confirmed@example.com", confirmed=True)
    _respondent(wave, "ceo@bigco.example", confirmed=False)
    services.response_start(wave=wave, email="started@example.com")

    page = staff_client.get(reverse("surveys:staff_overview", args=[wave.slug])).content.decode()
    assert "<dt>Started</dt><dd>3</dd>" in page
    assert "<dt>Completed</dt><dd>2</dd>" in page
    assert "<dt>Counted in the results</dt><dd>1</dd>" in page
    assert "<dt>Address not confirmed</dt><dd>2</dd>" in page
    rows = {
        email: row
        for row in re.findall(r"<tr>.*?</tr>", page, re.S)
        for email in ("confirmed@example.com", "ceo@bigco.example", "started@example.com")
        if f"<td>{email}" in row
    }
    assert "not confirmed" not in rows["confirmed@example.com"]
    assert "not confirmed" in rows["ceo@bigco.example"]
    assert "not confirmed" in rows["started@example.com"]

    export = staff_client.get(reverse("surveys:export_csv", args=[wave.slug]))
    exported = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    confirmed = {row["email"]: row["email_confirmed_at"] != "" for row in exported}
    assert confirmed == {
        "confirmed@example.com": True,
        "ceo@bigco.example": False,
        "started@example.com": False,
    }
