"""What a digest says and what it leaves out: what the member has not been told through any
channel (one ledger), new posts in their groups but not the muted ones nor the closed ones they
are not in, nothing at all (and nothing sent) when all of that is empty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import EmailKind
from notifications import digest, services, tasks
from notifications.models import DigestDelivery, Notification
from tests.factories import MemberFactory, join, make_group, make_post
from tests.notifications.test_emails import tell
from working_groups import services as group_services
from working_groups.models import GroupMembership, PostWatch, WatchLevel
from working_groups.selectors import digest_section

pytestmark = pytest.mark.django_db


def queued(user, *, days=1):
    """The member's digest, queued as the beat queues it, covering the last `days` days."""
    return DigestDelivery.objects.create(
        user=user, local_date=timezone.localdate(), since=timezone.now() - timedelta(days=days)
    )


def send(delivery):
    tasks.send_digest.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    return delivery


def text(message):
    return message.body


@pytest.fixture
def process(db):
    return make_group(name="Process")


@pytest.fixture
def ana(db):
    return MemberFactory(name="Ana Lopez")


@pytest.fixture
def kenji(db):
    return MemberFactory(name="Kenji Watanabe", time_zone="Pacific/Auckland")


def test_a_quiet_day_sends_nothing(process, kenji, mailoutbox):
    join(process, kenji)
    delivery = send(queued(kenji))
    assert mailoutbox == []
    assert delivery.skipped is True and delivery.sent_at is not None


def test_the_digest_tells_what_is_new_once(things, process, ana, kenji, mailoutbox):
    join(process, ana, kenji)
    notification = tell(kenji, 1, actor=ana, kind="")
    make_post(group=process, author=ana, title="Roadmap standards", body="Ours, written down.")
    delivery = queued(kenji)
    send(delivery)
    send(delivery)  # a retry, or a second worker, sends nothing more
    (message,) = mailoutbox
    assert message.to == [kenji.email]
    assert message.subject.startswith("[Product Ops Alliance] Your digest for ")
    body = text(message)
    assert "Ana Lopez mentioned you in “Roadmap rituals”" in body
    assert "You were mentioned" in body
    assert f"/notifications/{notification.pk}/" in body
    assert "PROCESS — 1 new post" in body and "Roadmap standards" in body
    assert "Ana Lopez · 0 replies" in body
    assert {part.get_content_type() for part in message.message().walk()} >= {
        "text/plain",
        "text/html",
    }
    assert "/members/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.digested_at is not None
    assert notification.read_at is None  # digested is not read: the bell still shows it
    # The next digest does not tell it again.
    later = DigestDelivery.objects.create(
        user=kenji, local_date=delivery.local_date + timedelta(days=1), since=delivery.since
    )
    make_post(group=process, author=ana, title="Another", body="x", notify=False)
    send(later)
    assert "Roadmap rituals" not in text(mailoutbox[1])


def test_one_ledger_what_was_emailed_read_or_withdrawn_is_not_digested(
    things, kenji, ana, mailoutbox
):
    emailed = tell(kenji, 1, actor=ana)
    tasks.email_event.apply(args=["tests.event:1"])
    read = tell(kenji, 2, actor=ana, kind="")
    services.notification_open(notification=read)
    tell(kenji, 3, actor=ana, kind="")
    services.notifications_withdraw(target_key="tests.thing:3")
    tell(kenji, 4, actor=ana, kind="")
    things.hidden.add(4)  # the member may no longer open it
    tell(kenji, 5, actor=ana, kind="")
    old = tell(kenji, 6, actor=ana, kind="")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    mailoutbox.clear()
    send(queued(kenji))
    (message,) = mailoutbox
    assert Notification.objects.get(pk=emailed.pk).digested_at is None
    told = set(Notification.objects.exclude(digested_at=None).values_list("event_key", flat=True))
    assert told == {"tests.event:5"}
    assert text(message).count("mentioned you in") == 1


def test_a_notification_email_never_follows_its_digest(things, kenji, mailoutbox):
    # Left for the digest while the member was on the hub, then the email task ran again.
    tell(kenji, 1, kind="")
    Notification.objects.update(email_kind=EmailKind.MENTIONS)
    send(queued(kenji))
    tasks.email_event.apply(args=["tests.event:1"])
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_the_digest_was_turned_off_after_it_was_queued(
    things, kenji, mailoutbox
):
    notification = tell(kenji, 1, kind="")
    delivery = queued(kenji)
    member_services.email_kind_unsubscribe(user=kenji, kind=EmailKind.DIGEST)
    assert send(delivery).skipped is True
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.digested_at is None


def test_many_notifications_are_counted_past_the_listed_ones(things, kenji, mailoutbox):
    for n in range(digest.LISTED + 3):
        tell(kenji, n, kind="")
    send(queued(kenji))
    body = text(mailoutbox[0])
    assert body.count("mentioned you in") == digest.LISTED
    assert "And 3 more in your notifications" in body
    assert not Notification.objects.filter(digested_at=None).exists()


# --- The groups' block ------------------------------------------------------------------------


def test_a_muted_group_is_not_in_the_digest(ana, kenji):
    watched, normal, muted = (make_group(name=name) for name in ("Process", "Tools", "Data"))
    for group in (watched, normal, muted):
        join(group, ana, kenji)
        make_post(group=group, author=ana, title=f"News from {group.name}")
    mine = GroupMembership.objects.filter(user=kenji)
    group_services.watch_level_set(membership=mine.get(group=watched), level=WatchLevel.WATCHING)
    group_services.watch_level_set(membership=mine.get(group=muted), level=WatchLevel.MUTED)
    blocks = _blocks(kenji)
    assert [block["title"] for block in blocks] == ["Process", "Tools"]


def test_a_closed_groups_posts_go_to_its_members_only(ana, kenji):
    closed = make_group(name="Insights", join_policy="request", leads=[ana])
    outsider = MemberFactory()
    join(make_group(name="Process"), outsider)
    make_post(group=closed, author=ana, title="Contoso due diligence")
    assert _blocks(outsider) == []
    join(closed, kenji)  # a request to join: not yet a member
    assert _blocks(kenji) == []
    membership = GroupMembership.objects.get(group=closed, user=kenji)
    group_services.membership_approve(membership=membership, decided_by=ana)
    assert [(block["title"], block["note"]) for block in _blocks(kenji)] == [
        ("Insights", "1 new post")
    ]


def test_a_reader_who_left_a_closed_group_after_it_was_queued_gets_none_of_it(
    ana, kenji, mailoutbox
):
    closed = make_group(name="Insights", join_policy="request", leads=[ana])
    join(closed, kenji)
    group_services.membership_approve(
        membership=GroupMembership.objects.get(group=closed, user=kenji), decided_by=ana
    )
    make_post(group=closed, author=ana, title="Contoso due diligence")
    delivery = queued(kenji)
    group_services.membership_leave(group=closed, user=kenji)
    assert send(delivery).skipped is True
    assert mailoutbox == []


def test_the_block_leaves_out_what_the_member_wrote_muted_or_was_told_of(
    process, ana, kenji, staff, django_capture_on_commit_callbacks
):
    lead = staff
    join(process, ana, kenji)
    make_post(group=process, author=kenji, title="My own")
    muted = make_post(group=process, author=ana, title="A thread I muted")
    group_services.post_watch_set(post=muted, user=kenji, level=PostWatch.Level.MUTED)
    hidden = make_post(group=process, author=ana, title="Hidden")
    group_services.post_hide(post=hidden, by=lead)
    gone = make_post(group=process, author=ana, title="Deleted")
    group_services.post_delete(post=gone, user=ana)
    # A mention is a notification of its own: the digest does not also list the post.
    with django_capture_on_commit_callbacks(execute=True):
        make_post(
            group=process, author=ana, title="Mentions Kenji", body="@Kenji Watanabe?", notify=True
        )
    make_post(group=process, author=ana, title="Plain news")
    titles = [item["title"] for block in _blocks(kenji) for item in block["items"]]
    assert "My own" not in titles
    assert "A thread I muted" not in titles
    assert "Mentions Kenji" not in titles
    assert "Hidden" not in titles and "Deleted" not in titles
    assert "Plain news" in titles


def test_a_group_shows_its_five_busiest_new_posts_and_counts_the_rest(process, ana, kenji):
    join(process, ana, kenji)
    posts = [make_post(group=process, author=ana, title=f"Post {n}") for n in range(7)]
    for post in posts[:2]:
        group_services.reply_create(post=post, author=kenji, body="Yes.")
    make_post(
        group=process,
        author=ana,
        title="Too old",
        created_at=timezone.now() - timedelta(days=2),
    )
    (block,) = _blocks(kenji)
    assert (block["title"], block["note"]) == ("Process", "7 new posts")
    assert [item["title"] for item in block["items"]][:2] == ["Post 1", "Post 0"]
    assert len(block["items"]) == 5
    assert block["more"] == "And 2 more in the group."
    assert block["url"].endswith(process.get_absolute_url())


@pytest.mark.parametrize("count", [2, 40])
def test_the_groups_block_takes_one_query_however_many_posts(
    count, ana, kenji, django_assert_num_queries
):
    groups = [make_group(name=name) for name in ("Process", "Tools", "Data")]
    for group in groups:
        join(group, ana, kenji)
    for n in range(count):
        make_post(group=groups[n % 3], author=ana, title=f"Post {n}")
    kenji.refresh_from_db()
    kenji.profile  # loaded with the member, as send_digest loads it  # noqa: B018
    # One query: the new posts of the member's groups that are not muted (a subquery), ranked
    # within each group (a window), with their group and author, less those told otherwise.
    with django_assert_num_queries(1):
        blocks = digest_section(
            user=kenji, since=timezone.now() - timedelta(days=1), until=timezone.now()
        )
    assert sum(len(block["items"]) for block in blocks) == min(count, 15)


def _blocks(user):
    return digest_section(
        user=user, since=timezone.now() - timedelta(days=1), until=timezone.now() + timedelta(1)
    )
