"""The co-author invitation: its two parts, its unsubscribe headers, the checks made when it is
sent, and once through a real Celery worker."""

import time
from email.header import decode_header, make_header

import pytest

from library import tasks
from library.models import Credit, Item
from library.services import writing
from members import services as member_services
from members.models import EmailKind
from tests.factories import MemberFactory
from tests.library.test_writing_services import writing_article


def _invite(**names):
    author = MemberFactory(name="Amara Okafor")
    item = writing_article(author, title="Glue work <is> the job")
    invited = MemberFactory(name="Kenji Watanabe", **names)
    credit = writing.credit_invite(item=item, member=invited, invited_by=author)
    return item, invited, credit


def _parts(message):
    return message.body, message.alternatives[0][0]


@pytest.mark.django_db
def test_the_invitation_has_a_text_and_an_html_part_and_one_click_unsubscribe(mailoutbox):
    item, invited, credit = _invite()
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    (message,) = mailoutbox
    assert message.to == [invited.email]
    assert message.subject.endswith(
        "Amara Okafor invites you to co-author “Glue work <is> the job”"
    )
    text, html = _parts(message)
    # The text part is not HTML-escaped; the HTML part is.
    assert "“Glue work <is> the job”" in text and "&lt;is&gt;" in html
    assert f"/library/items/{item.pk}/preview/" in text and "/library/mine/#invitations" in text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Credit.objects.get(pk=credit.pk).invitation_sent_at is not None


@pytest.mark.django_db
def test_the_invitation_is_sent_once(mailoutbox):
    _item, _invited, credit = _invite()
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_invitation_to_a_member_who_turned_library_emails_off(mailoutbox):
    _item, invited, credit = _invite()
    member_services.email_preferences_update(
        user=invited, enabled=set(EmailKind.values) - {EmailKind.LIBRARY}
    )
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    assert mailoutbox == []


@pytest.mark.django_db
def test_no_invitation_once_taken_back_answered_or_the_item_declined(mailoutbox):
    item, invited, credit = _invite()
    writing.credit_remove(credit=credit, user=item.created_by)
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    credit = writing.credit_invite(item=item, member=invited, invited_by=item.created_by)
    writing.credit_decline(credit=credit, user=invited)
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    other, _invited, pending = _invite(email="other@example.com")
    Item.objects.filter(pk=other.pk).update(status=Item.Status.DECLINED)
    tasks.send_coauthor_invitation.apply(args=[pending.pk])
    assert mailoutbox == []


@pytest.mark.django_db
def test_no_invitation_to_someone_who_is_no_longer_a_member(mailoutbox):
    _item, invited, credit = _invite()
    invited.profile.member_since = None
    invited.profile.save()
    tasks.send_coauthor_invitation.apply(args=[credit.pk])
    assert mailoutbox == []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_invitation_once(celery_worker_process):
    _item, invited, credit = _invite()
    deadline = time.monotonic() + 30
    while not celery_worker_process.sent_emails():
        assert time.monotonic() < deadline, "the worker sent no invitation"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    (message,) = celery_worker_process.sent_emails()
    assert message["To"] == invited.email
    assert "invites you to co-author" in str(make_header(decode_header(message["Subject"])))
    assert "List-Unsubscribe" in message
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert Credit.objects.get(pk=credit.pk).invitation_sent_at is not None
