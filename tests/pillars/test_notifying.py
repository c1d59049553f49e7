"""The manifesto's notifications: a reply tells the thread's author and earlier repliers, a
resolution tells the thread's author, a new version tells past endorsers; each once, to the
right people only, withdrawn when its comment leaves sight, read when its page is opened; the
manifesto's own emails record themselves in the ledger."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind
from notifications.models import Kind, Notification
from notifications.targets import visible_keys
from pillars import services
from pillars.models import ManifestoVersion
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("members:email_preferences")


def _comment(version, author, body="Say more about qualitative research.", **kw):
    kw.setdefault("section_key", "insight")
    return services.comment_create(version=version, author=author, body=body, **kw)


def _told(**filters):
    return list(Notification.objects.filter(**filters).order_by("user_id"))


# --- A reply in a thread -----------------------------------------------------------------------


def test_a_reply_tells_the_threads_author_and_earlier_repliers_once(v1):
    author, first, second, bystander = (MemberFactory() for _ in range(4))
    thread = _comment(v1, author, body="What about research ops?")
    _comment(v1, first, body="We run it inside Insight.", parent=thread)
    _comment(v1, bystander, body="Another thread.")
    reply = _comment(v1, second, body="So do we.", parent=thread)

    told = {n.user_id: n for n in _told(event_key=f"pillars.reply:{reply.pk}")}
    assert set(told) == {author.pk, first.pk}  # neither the replier nor the bystander
    to_author, to_first = told[author.pk], told[first.pk]
    assert to_author.kind == Kind.MANIFESTO and to_author.email_kind == ""
    assert to_author.target_key == f"pillars.comment:{thread.pk}"
    assert to_author.url == reply.get_absolute_url()
    assert to_author.why == "You wrote this comment"
    assert to_first.why == "You replied in this thread"
    assert (to_author.change_url, to_author.change_label) == (PREFERENCES, "Email settings")
    assert to_author.headline == f"{second.display_name} replied to your comment on “Insight”"
    assert to_author.excerpt == "So do we."
    # The first reply told the author only, once.
    assert Notification.objects.filter(user=author).count() == 2
    assert Notification.objects.filter(user=first).count() == 1


def test_the_threads_author_replying_tells_the_others_not_themselves(v1):
    author, other = MemberFactory(), MemberFactory()
    thread = _comment(v1, author)
    _comment(v1, other, body="A question.", parent=thread)
    answer = _comment(v1, author, body="An answer.", parent=thread)
    assert [n.user_id for n in _told(event_key=f"pillars.reply:{answer.pk}")] == [other.pk]


def test_a_reply_with_notifications_off_tells_nobody(v1):
    thread = _comment(v1, MemberFactory())
    _comment(v1, MemberFactory(), body="Quiet.", parent=thread, notify=False)
    assert not Notification.objects.exists()


def test_a_deleted_account_is_not_told(v1):
    author = MemberFactory()
    thread = _comment(v1, author)
    member_services.account_delete(user=author)
    _comment(v1, MemberFactory(), body="Anyone there?", parent=thread)
    assert not Notification.objects.exists()


def test_a_hidden_reply_takes_its_notifications_away(v1):
    author, replier, staff = MemberFactory(), MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    kept = _comment(v1, replier, body="Useful.", parent=thread)
    hidden = _comment(v1, replier, body="Rude.", parent=thread)

    services.comment_hide(comment=hidden, hidden_by=staff)

    shown = Notification.objects.filter(user=author, withdrawn_at=None)
    assert [n.event_key for n in shown] == [f"pillars.reply:{kept.pk}"]


def test_a_hidden_thread_is_not_shown_to_anyone(v1, client):
    author, replier, staff = MemberFactory(), MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    _comment(v1, replier, body="Reply.", parent=thread)
    services.comment_hide(comment=thread, hidden_by=staff)

    (notification,) = _told(user=author)
    assert notification.withdrawn_at is not None
    key = f"pillars.comment:{thread.pk}"
    assert visible_keys(user=author, keys=[key]) == set()
    client.force_login(author)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    # Shown again by staff, it is visible, but not announced again.
    services.comment_unhide(comment=thread, unhidden_by=staff)
    assert visible_keys(user=author, keys=[key]) == {key}


def test_a_deleted_reply_takes_its_notification_away(v1):
    author, replier = MemberFactory(), MemberFactory()
    thread = _comment(v1, author)
    reply = _comment(v1, replier, body="Second thoughts.", parent=thread)
    services.comment_delete(comment=reply, user=replier)
    assert Notification.objects.get(user=author).withdrawn_at is not None


# --- A thread resolved -------------------------------------------------------------------------


def test_a_thread_resolved_by_staff_tells_its_author_once(v1):
    author, staff = MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    services.comment_resolve(thread=thread, user=staff)

    (notification,) = _told()
    assert notification.user_id == author.pk and notification.actor_id == staff.pk
    assert notification.why == "You wrote this comment"
    assert notification.target_key == f"pillars.comment:{thread.pk}"
    assert notification.headline == f"{staff.display_name} resolved your comment on “Insight”"


def test_a_thread_resolved_by_its_author_tells_nobody(v1):
    author = MemberFactory()
    services.comment_resolve(thread=_comment(v1, author), user=author)
    assert not Notification.objects.exists()


def test_a_thread_resolved_again_is_news_again(v1, monkeypatch):
    author, staff = MemberFactory(), StaffFactory()
    thread = _comment(v1, author)
    services.comment_resolve(thread=thread, user=staff)
    services.comment_unresolve(thread=thread, user=staff)
    later = timezone.now() + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    services.comment_resolve(thread=thread, user=staff)
    assert Notification.objects.filter(user=author).count() == 2


def test_a_version_answering_a_thread_tells_its_author(v1):
    author = MemberFactory()
    thread = _comment(v1, author)
    v2 = publish(changes={"insight": "Answered."}, resolves=[thread.pk])

    (notification,) = _told(target_key=f"pillars.comment:{thread.pk}")
    assert notification.user_id == author.pk
    assert notification.verb == "answered in v2 your comment on"
    assert notification.actor_id == v2.published_by_id


# --- A new version -----------------------------------------------------------------------------


def test_a_past_endorser_of_v1_is_told_of_v2_with_why(v1):
    endorser, other = MemberFactory(), MemberFactory()
    services.endorsement_create(version=v1, member=endorser)

    v2 = publish(changes={"insight": "Sharper."}, note="Sharper insight.")

    (notification,) = _told(kind=Kind.MANIFESTO)
    assert notification.user_id == endorser.pk
    assert notification.why == "You endorsed v1"
    assert notification.target_key == f"pillars.version:{v2.pk}"
    assert notification.url == "/manifesto/v2/"
    assert notification.target_title == "v2 of the manifesto"
    assert notification.excerpt == "Sharper insight."
    assert (notification.change_url, notification.change_label) == (PREFERENCES, "Email settings")
    assert not Notification.objects.filter(user=other).exists()


def test_each_endorser_is_told_of_the_latest_version_they_endorsed(v1):
    old, recent = MemberFactory(), MemberFactory()
    services.endorsement_create(version=v1, member=old)
    v2 = publish(changes={"insight": "Two."})
    services.endorsement_create(version=v1, member=recent)
    services.endorsement_create(version=v2, member=recent)

    v3 = publish(changes={"insight": "Three."}, major=True)

    told = {n.user_id: n.why for n in _told(event_key=f"pillars.version:{v3.pk}")}
    assert told == {old.pk: "You endorsed v1", recent.pk: "You endorsed v2"}


def test_a_draft_never_notifies_anyone(v1):
    staff = StaffFactory()
    services.endorsement_create(version=v1, member=MemberFactory())
    draft = services.draft_start(started_by=staff)
    section = draft.sections.get(key="insight")
    services.section_save(
        draft=draft, key="insight", title=section.title, statement="", body="New.", edited_by=staff
    )
    services.section_add(draft=draft, key="closing", title="Closing", edited_by=staff)
    assert not Notification.objects.exists()
    services.draft_discard(draft=draft, discarded_by=staff)
    assert not Notification.objects.exists()


def test_a_draft_version_is_visible_to_staff_only(v1):
    draft = services.draft_start(started_by=StaffFactory())
    key = f"pillars.version:{draft.pk}"
    assert visible_keys(user=MemberFactory(), keys=[key]) == set()
    assert visible_keys(user=StaffFactory(), keys=[key]) == {key}
    published = f"pillars.version:{v1.pk}"
    assert visible_keys(user=MemberFactory(), keys=[published]) == {published}


# --- Read when seen ----------------------------------------------------------------------------


def test_opening_the_section_marks_its_threads_read(v1, client):
    author = MemberFactory()
    thread = _comment(v1, author)
    _comment(v1, MemberFactory(), body="Reply.", parent=thread)
    elsewhere = _comment(v1, author, section_key="people", body="People.")
    _comment(v1, MemberFactory(), body="Reply there.", parent=elsewhere, section_key="people")
    client.force_login(author)

    assert client.get(reverse("pillars:section", args=[1, "insight"])).status_code == 200

    read = {n.target_key: n.read_at is not None for n in _told(user=author)}
    assert read == {f"pillars.comment:{thread.pk}": True, f"pillars.comment:{elsewhere.pk}": False}
    client.get(f"/manifesto/v1/people/?thread={elsewhere.pk}")
    assert not Notification.objects.filter(user=author, read_at=None).exists()


def test_opening_a_version_marks_its_announcement_read(v1, client):
    endorser = MemberFactory()
    services.endorsement_create(version=v1, member=endorser)
    v2 = publish(changes={"insight": "Sharper."})
    client.force_login(endorser)
    client.get(reverse("pillars:version", args=[1]))
    assert Notification.objects.get(user=endorser).read_at is None
    client.get(reverse("pillars:manifesto"))  # the latest version, v2, at its shared address
    assert Notification.objects.get(user=endorser).read_at is not None
    assert v2.number == 2


# --- The ledger: the manifesto's own emails -----------------------------------------------------


def test_the_reply_email_marks_the_notification_emailed(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, replier, earlier = MemberFactory(), MemberFactory(), MemberFactory()
    thread = _comment(v1, author)
    _comment(v1, earlier, body="First.", parent=thread, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        reply = _comment(v1, replier, body="Second.", parent=thread)

    assert [message.to for message in mailoutbox] == [[author.email]]
    emailed = {n.user_id: n.emailed_at for n in _told(event_key=f"pillars.reply:{reply.pk}")}
    assert emailed[author.pk] is not None
    assert emailed[earlier.pk] is None  # told in the app (and the digest) only


def test_a_reply_not_emailed_is_not_marked_emailed(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    member_services.email_kind_unsubscribe(user=author, kind=EmailKind.MANIFESTO)
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(v1, MemberFactory(), body="Hello.", parent=thread)
    assert not mailoutbox
    assert Notification.objects.get(user=author).emailed_at is None


def test_the_resolution_email_marks_the_notification_emailed(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    thread = _comment(v1, author)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_resolve(thread=thread, user=StaffFactory())
    assert len(mailoutbox) == 1
    assert Notification.objects.get(user=author).emailed_at is not None


def test_the_endorsement_request_marks_the_version_notification_emailed(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    endorser = MemberFactory()
    services.endorsement_create(version=v1, member=endorser)
    with django_capture_on_commit_callbacks(execute=True):
        publish(changes={"insight": "Major."}, major=True)
    (message,) = mailoutbox
    assert message.to == [endorser.email]
    assert Notification.objects.get(user=endorser).emailed_at is not None


def test_a_minor_version_is_not_emailed(
    v1, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    endorser = MemberFactory()
    services.endorsement_create(version=v1, member=endorser)
    with django_capture_on_commit_callbacks(execute=True):
        publish(changes={"insight": "Minor."})
    assert not mailoutbox
    notification = Notification.objects.get(user=endorser)
    assert notification.emailed_at is None and notification.email_kind == ""
    assert ManifestoVersion.objects.filter(number=2).exists()
