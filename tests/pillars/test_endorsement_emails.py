"""After a major version, past endorsers are asked by email to look at the diff and endorse
again: once each, only those who may still endorse and want the email, with one-click
unsubscribe; a run that dies half-way leaves the rest for the next run."""

import time
from unittest import mock

import pytest

from members import services as member_services
from members.models import EmailKind
from pillars import services, tasks
from pillars.models import EndorsementRequest, ManifestoVersion
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import publish


def endorse(version, *members):
    for member in members:
        services.endorsement_create(version=version, member=member)


def run(version):
    return tasks.send_endorsement_requests.apply(args=[version.pk])


def html_of(message):
    (html, kind) = message.alternatives[0]
    assert kind == "text/html"
    return html


@pytest.mark.django_db
def test_publishing_a_major_version_asks_past_endorsers_through_the_task(
    v1, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    amara = MemberFactory(name="Amara Okafor")
    endorse(v1, amara)
    with django_capture_on_commit_callbacks(execute=True):
        v2 = publish(changes={"insight": "Rewritten."}, major=True, note="Insight rewritten.")

    (message,) = mailoutbox
    assert message.to == [amara.email]
    assert "Version 2 of the manifesto" in message.subject
    assert "/manifesto/compare/1/2/" in message.body
    assert "/manifesto/v2/#endorse" in message.body
    assert "Insight rewritten." in message.body
    assert "/manifesto/compare/1/2/" in html_of(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<")
    assert EndorsementRequest.objects.get(version=v2).sent_at is not None


@pytest.mark.django_db
def test_the_text_part_is_not_html_escaped(v1, mailoutbox):
    endorse(v1, MemberFactory(name="Ana O'Neil"))
    v2 = publish(changes={"insight": "New."}, major=True, note="Tools & <process> reworded.")
    run(v2)
    (message,) = mailoutbox
    assert "Hello Ana O'Neil" in message.body
    assert "Tools & <process> reworded." in message.body
    assert "Tools &amp; &lt;process&gt; reworded." in html_of(message)


@pytest.mark.django_db
def test_a_minor_version_asks_nobody(
    v1, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    endorse(v1, MemberFactory())
    with django_capture_on_commit_callbacks(execute=True):
        publish(changes={"insight": "Typo fixed."}, major=False)
    assert mailoutbox == []
    assert not EndorsementRequest.objects.exists()


@pytest.mark.django_db
def test_only_those_who_may_still_endorse_and_want_it_are_asked(v1, mailoutbox):
    keen = MemberFactory(name="Keen Kai")
    quiet = MemberFactory(name="Quiet Quentin")
    gone = MemberFactory(name="Gone Gabriel")
    back_already = MemberFactory(name="Back Bea")
    endorse(v1, keen, quiet, gone, back_already)
    v2 = publish(changes={"insight": "New."}, major=True)
    # Between publishing and sending: one turns the emails off, one deletes their account,
    # one has already endorsed v2.
    member_services.email_preferences_update(
        user=quiet, enabled=set(EmailKind.values) - {EmailKind.MANIFESTO_VERSIONS}
    )
    member_services.account_delete(user=gone)
    endorse(v2, back_already)

    assert run(v2).result == 1
    assert [message.to for message in mailoutbox] == [[keen.email]]
    # Every request was dealt with: none is left to send.
    assert not EndorsementRequest.objects.filter(sent_at=None).exists()


@pytest.mark.django_db
def test_each_request_is_sent_once_however_often_the_task_runs(v1, mailoutbox):
    endorse(v1, MemberFactory(), MemberFactory())
    v2 = publish(changes={"insight": "New."}, major=True)
    run(v2)
    run(v2)
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_latest_endorsed_version_is_the_one_compared(v1, mailoutbox):
    member = MemberFactory()
    endorse(v1, member)
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v2, member)
    v3 = publish(changes={"insight": "Newer."}, major=True)
    run(v3)
    (message,) = mailoutbox
    assert "/manifesto/compare/2/3/" in message.body
    assert "You endorsed version 2" in message.body


@pytest.mark.django_db
def test_a_run_that_fails_half_way_leaves_the_rest_for_the_retry(v1, mailoutbox):
    members = [MemberFactory(name=f"Endorser {n}") for n in range(4)]
    endorse(v1, *members)
    v2 = publish(changes={"insight": "New."}, major=True)
    real = tasks.emails.send_endorsement_request
    calls = []

    def fails_on_the_second(*, request):
        calls.append(request.member_id)
        if len(calls) == 2:
            raise OSError("the mail server went away")
        real(request=request)

    with mock.patch.object(tasks.emails, "send_endorsement_request", fails_on_the_second):
        # Run eagerly, the retry claim_then asks for runs at once, in this same call.
        assert run(v2).state == "SUCCESS"
    # The failed request was released and sent by the retry; none was sent twice.
    assert len(calls) == 5 and calls[1] == calls[2]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in members)
    assert not EndorsementRequest.objects.filter(sent_at=None).exists()


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_taken_up_by_the_next_without_repeating(v1, mailoutbox):
    members = [MemberFactory(name=f"Endorser {n}") for n in range(3)]
    endorse(v1, *members)
    v2 = publish(changes={"insight": "New."}, major=True)
    # The first run claimed (and sent) the first request, then its worker died.
    first = EndorsementRequest.objects.order_by("pk").first()
    EndorsementRequest.objects.filter(pk=first.pk).update(sent_at=first.created_at)

    assert run(v2).result == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        m.email for m in members if m.pk != first.member_id
    )


@pytest.mark.django_db
def test_a_long_list_is_sent_in_batches_each_run_queueing_the_next(
    v1, mailoutbox, eager_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks, "ENDORSEMENT_REQUEST_BATCH", 2)
    endorse(v1, *[MemberFactory() for _ in range(5)])
    v2 = publish(changes={"insight": "New."}, major=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert run(v2).result == 2
    assert len(mailoutbox) == 5
    assert not EndorsementRequest.objects.filter(sent_at=None).exists()


@pytest.mark.django_db
def test_a_version_that_is_gone_or_a_draft_sends_nothing(v1, mailoutbox):
    draft = services.draft_start(started_by=StaffFactory())
    assert tasks.send_endorsement_requests.apply(args=[draft.pk]).result == 0
    assert tasks.send_endorsement_requests.apply(args=[999_999]).result == 0
    assert mailoutbox == []


# Through a real worker


def _published_version():
    """The latest published version. A transactional test may run after another that flushed
    the database (and with it migration 0002's version 1): then one is published here."""
    latest = ManifestoVersion.objects.filter(status="published").order_by("-number").first()
    if latest is not None:
        return latest
    staff = StaffFactory()
    draft = services.draft_start(started_by=staff)
    services.section_add(
        draft=draft, key="definition", title="What Product Ops is", body="It is.", edited_by=staff
    )
    return services.draft_publish(
        draft=draft, published_by=staff, change_note="The first text.", is_major=True
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_asks_past_endorsers_once_with_unsubscribe(celery_worker_process):
    endorsed = _published_version()
    amara = MemberFactory(name="Amara Okafor")
    quiet = MemberFactory(name="Quiet Quentin")
    endorse(endorsed, amara, quiet)
    member_services.email_preferences_update(
        user=quiet, enabled=set(EmailKind.values) - {EmailKind.MANIFESTO_VERSIONS}
    )
    staff = StaffFactory()
    draft = services.draft_start(started_by=staff)
    services.section_save(
        draft=draft,
        key="definition",
        title="What Product Ops is",
        statement="",
        body="Rewritten from the members' comments.",
        edited_by=staff,
    )
    new = services.draft_publish(
        draft=draft, published_by=staff, change_note="Rewritten.", is_major=True
    )

    deadline = time.monotonic() + 30
    while len(celery_worker_process.sent_emails()) < 1:
        assert time.monotonic() < deadline, "the worker sent no email"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    (message,) = celery_worker_process.sent_emails()
    assert message["To"] == amara.email
    assert f"Version {new.number} of the manifesto" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    assert not EndorsementRequest.objects.filter(version=new, sent_at=None).exists()
