"""The manifesto's comment emails: a reply to your comment, a thread you started resolved.
Each is sent once, with a text and an HTML part and a one-click unsubscribe, and re-checks
when it is sent that its recipient may still read it and wants it."""

import time
from email.header import decode_header, make_header

import pytest

from members import services as member_services
from members.models import EmailKind, Profile
from pillars import services, tasks
from pillars.models import ManifestoComment
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import founders_version, publish


def _comment(version, author, body="Say more about qualitative research.", **kw):
    kw.setdefault("section_key", "insight")
    kw.setdefault("notify", False)
    return services.comment_create(version=version, author=author, body=body, **kw)


def _parts(message):
    return message.body, message.alternatives[0][0]


# --- A reply to your comment -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reply_emails_the_threads_author_once(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, replier = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    thread = _comment(v1, author, body="What about <research ops>?")
    with django_capture_on_commit_callbacks(execute=True):
        reply = _comment(
            v1, replier, body="We run it **inside** Insight.", parent=thread, notify=True
        )
    (message,) = mailoutbox
    assert message.to == [author.email]
    assert message.subject == (
        "[Product Ops Alliance] Kenji Watanabe replied to your comment on “Insight”"
    )
    text, html = _parts(message)
    # The text part is not HTML-escaped; the HTML part is.
    assert "What about <research ops>?" in text and "We run it **inside** Insight." in text
    assert "What about &lt;research ops&gt;?" in html
    assert f"/manifesto/v1/insight/?thread={reply.parent_id}#comment-{reply.pk}" in text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/members/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    reply.refresh_from_db()
    assert reply.parent_author_notified_at is not None
    tasks.send_comment_reply_email.apply(args=[reply.pk])  # a retry, or a second worker
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_email_for_a_reply_to_oneself(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(v1, author, body="And another thing.", parent=thread, notify=True)
    assert mailoutbox == []


def _reply_then(v1, change):
    author = MemberFactory(name="Amara Okafor")
    thread = _comment(v1, author)
    reply = _comment(v1, MemberFactory(), body="An answer.", parent=thread)
    change(author=author, thread=thread, reply=reply)
    tasks.send_comment_reply_email.apply(args=[reply.pk])
    return author


def _turn_off(author, **_):
    member_services.email_preferences_update(
        user=author, enabled=set(EmailKind.values) - {EmailKind.MANIFESTO}
    )


def _end_membership(author, **_):
    Profile.objects.filter(user=author).update(member_since=None)


def _delete_account(author, **_):
    member_services.account_delete(user=author)


def _delete_reply(reply, **_):
    services.comment_delete(comment=reply, user=reply.author)


def _hide_reply(reply, **_):
    services.comment_hide(comment=reply, hidden_by=StaffFactory())


def _hide_thread(thread, **_):
    services.comment_hide(comment=thread, hidden_by=StaffFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [_turn_off, _end_membership, _delete_account, _delete_reply, _hide_reply, _hide_thread],
)
def test_no_reply_email_when_things_changed_before_it_was_sent(v1, mailoutbox, change):
    _reply_then(v1, change)
    assert mailoutbox == []


# --- A thread you started, resolved ------------------------------------------------------------


@pytest.mark.django_db
def test_staff_resolving_a_thread_email_its_author_who_did_it(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, staff = MemberFactory(name="Amara Okafor"), StaffFactory(name="Sam Staff")
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_resolve(thread=thread, user=staff)
    (message,) = mailoutbox
    assert message.to == [author.email]
    assert "Your comment on “Insight” is resolved" in message.subject
    text, html = _parts(message)
    assert "Sam Staff marked your comment on “Insight” resolved." in text
    assert f"/manifesto/v1/insight/#comment-{thread.pk}" in text and "compare" not in text
    assert "List-Unsubscribe" in message.extra_headers and "Sam Staff" in html
    thread.refresh_from_db()
    assert thread.resolution_notified_at is not None


@pytest.mark.django_db
def test_a_version_that_answers_a_thread_emails_its_author_a_link_to_the_diff(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory(name="Amara Okafor")
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            by=StaffFactory(name="Sam Staff"), changes={"insight": "Now with research ops."},
            resolves=[thread.pk],
        )  # fmt: skip
    (message,) = [m for m in mailoutbox if m.to == [author.email]]
    text, html = _parts(message)
    assert "Version 2 of the manifesto answers your comment on “Insight”" in text
    assert "Sam Staff marked it resolved when they published it" in text
    assert "/manifesto/compare/1/2/#insight" in text and "/manifesto/compare/1/2/#insight" in html


@pytest.mark.django_db
def test_no_email_when_the_author_resolves_their_own_thread(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_resolve(thread=thread, user=author)
    tasks.send_thread_resolved_email.apply(args=[thread.pk])  # even if asked
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_thread_reopened_before_the_email_is_not_announced_until_resolved_again(
    v1, mailoutbox, django_capture_on_commit_callbacks
):
    author, staff = MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    services.comment_resolve(thread=thread, user=staff)
    services.comment_unresolve(thread=thread, user=author)
    tasks.send_thread_resolved_email.apply(args=[thread.pk])
    assert mailoutbox == []
    services.comment_resolve(thread=thread, user=staff)
    tasks.send_thread_resolved_email.apply(args=[thread.pk])
    tasks.send_thread_resolved_email.apply(args=[thread.pk])
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_thread_resolved_by_someone_whose_account_is_gone_is_still_announced(v1, mailoutbox):
    author, staff = MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    services.comment_resolve(thread=thread, user=staff)
    staff.delete()
    tasks.send_thread_resolved_email.apply(args=[thread.pk])
    (message,) = mailoutbox
    assert "The alliance's staff marked your comment" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("change", [_turn_off, _end_membership, _delete_account, _hide_thread])
def test_no_resolved_email_when_things_changed_before_it_was_sent(v1, mailoutbox, change):
    author = MemberFactory()
    thread = _comment(v1, author)
    services.comment_resolve(thread=thread, user=StaffFactory())
    change(author=author, thread=thread)
    tasks.send_thread_resolved_email.apply(args=[thread.pk])
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_task_for_a_comment_that_is_gone_does_nothing(mailoutbox):
    tasks.send_comment_reply_email.apply(args=[999_999])
    tasks.send_thread_resolved_email.apply(args=[999_999])
    assert mailoutbox == []


# --- Through a real worker ---------------------------------------------------------------------


def _wait_for(worker, count):
    deadline = time.monotonic() + 30
    while len(worker.sent_emails()) < count:
        assert time.monotonic() < deadline, "the worker sent too few emails"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    return worker.sent_emails()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_a_reply_and_a_resolution_once_each(celery_worker_process):
    # A transactional test before this one may have emptied the tables, migrations' rows too.
    v1 = founders_version()
    author, replier = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    thread = _comment(v1, author)
    _comment(v1, replier, body="Inside Insight.", parent=thread, notify=True)
    services.comment_resolve(thread=thread, user=StaffFactory(name="Sam Staff"))

    messages = _wait_for(celery_worker_process, 2)
    assert len(messages) == 2
    subjects = sorted(str(make_header(decode_header(m["Subject"]))) for m in messages)
    assert "Kenji Watanabe replied to your comment" in subjects[0]
    assert "is resolved" in subjects[1]
    for message in messages:
        assert message["To"] == author.email
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert {"text/plain", "text/html"} <= {p.get_content_type() for p in message.walk()}
    assert not ManifestoComment.objects.filter(parent=thread, parent_author_notified_at=None)
    thread.refresh_from_db()
    assert thread.resolution_notified_at is not None
