"""The demo (`make run`) shows every state a member can meet in the manifesto, the library and
their notifications: one seeded database for each test, as seeding takes half a minute. Loading
it twice adds nothing: tests/alliance/test_seed_demo.py (and below, for notifications)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.members import demo_logins
from demo.notifications import DATA as NOTIFICATIONS
from demo.notifications import load_demo_notifications
from library.models import Credit, Item, Review
from members.models import EmailKind, EmailPreferences, User
from notifications.models import Notification
from notifications.targets import split
from pillars.models import Endorsement, ManifestoComment, ManifestoVersion
from working_groups.models import GroupMembership, Post, PostWatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_shows_every_state_of_the_manifesto_and_the_library(seeded, client):
    v1, v2 = ManifestoVersion.objects.filter(status="published").order_by("number")
    assert (v1.number, v2.number, v2.is_major) == (1, 2, True)
    assert v2.sections.filter(key="growing-the-practice").exists()
    assert v2.sections.get(key="insight").text != v1.sections.get(key="insight").text
    assert ManifestoVersion.objects.filter(status="draft").count() == 1
    comments = ManifestoComment.objects.all()
    # manifesto.toml's 20, and the reply notifications.toml adds to show a manifesto reply.
    assert comments.count() == 21
    assert comments.filter(resolved_in=v2).count() == 1
    assert comments.filter(hidden_at__isnull=False).count() == 1
    assert comments.filter(deleted_at__isnull=False).count() == 1
    assert comments.filter(edited_at__isnull=False, revisions__isnull=False).count() == 1
    assert comments.filter(resolved_at__isnull=False, resolved_in=None).count() == 1
    assert Endorsement.objects.filter(version=v1).count() == 12
    assert Endorsement.objects.filter(version=v2).count() == 12
    assert Endorsement.objects.exclude(on_behalf_of="").count() >= 4
    # A v1 thread on Insight, whose text v2 rewrote, reads as outdated on v2.
    page = client.get(reverse("pillars:section", args=[2, "insight"])).content.decode()
    assert "Written on v1; the text has changed since" in page
    assert "Resolved by" in page

    articles, links = Item.objects.filter(kind="article"), Item.objects.filter(kind="link")
    assert (articles.count(), links.count()) == (8, 12)
    states = set(Item.objects.values_list("status", flat=True))
    assert states == {
        "draft",
        "in_review",
        "changes_requested",
        "published",
        "declined",
        "withdrawn",
    }
    asked = Review.objects.get(decision="changes_requested")
    assert asked.note and asked.item.status == "changes_requested"
    assert Credit.objects.filter(accepted_at=None, declined_at=None).count() == 1
    featured = Item.objects.filter(featured_order__isnull=False)
    assert len({pillar for item in featured for pillar in item.pillars}) >= 3
    founders = links.filter(url__startswith="https://productledalliance.com/")
    assert founders.count() == 2 and all(item.is_published for item in founders)
    withdrawn = Item.objects.get(status="withdrawn")
    assert client.get(withdrawn.get_absolute_url()).status_code == 410
    library = client.get("/library/").content.decode()
    assert "Glue work needs an owner, not a hero" in library
    assert "Career paths for product managers" not in library  # a draft


def test_the_demo_member_meets_every_kind_of_notification(seeded, client):
    # The member the seed prints first for signing in is the one the showcase is for.
    assert demo_logins()[0][0] == NOTIFICATIONS["member"]
    member = User.objects.get(email=NOTIFICATIONS["member"])
    theirs = Notification.objects.filter(user=member)
    shown = theirs.filter(withdrawn_at=None)
    assert shown.filter(read_at=None).count() >= 5
    assert shown.filter(read_at__isnull=False).count() >= 5
    assert shown.filter(kind="reaction", read_at=None, actor_ids__len__gte=3).exists()
    assert shown.filter(kind="mention", read_at=None).exists()
    assert shown.filter(kind="mention", read_at__isnull=False).exists()
    assert shown.filter(kind="reply", why="It is a reply to your post").exists()
    assert shown.filter(kind="join_request", why="You lead the Stakeholders group").exists()
    assert shown.filter(kind="manifesto", event_key__startswith="pillars.reply:").exists()
    assert shown.filter(kind="manifesto", why="You endorsed v1").exists()
    assert shown.filter(kind="library", why__startswith="You are credited on").exists()
    assert shown.filter(emailed_at__isnull=False).exists()
    (withdrawn,) = theirs.filter(withdrawn_at__isnull=False)
    assert Post.objects.get(pk=split(withdrawn.target_key)[1]).hidden_at is not None
    assert not Notification.objects.filter(why="").exists()
    assert not Notification.objects.filter(change_url="").exists()
    # Their bell: unread first, the hidden post's mention nowhere.
    client.force_login(member)
    page = client.get("/notifications/").content.decode()
    assert "reacted to your post" in page and "Free webinar" not in page
    # What the site would have emailed then is not emailed when the seed commits.
    untold = Notification.objects.filter(
        read_at=None, emailed_at=None, digested_at=None, withdrawn_at=None
    )
    assert not untold.exclude(email_kind="").exists()
    # A second run adds nothing.
    count = Notification.objects.count()
    assert load_demo_notifications() == 0
    assert Notification.objects.count() == count


def test_the_demo_varies_watch_levels_threads_and_digests(seeded):
    member = User.objects.get(email=NOTIFICATIONS["member"])
    levels = set(
        GroupMembership.objects.filter(user=member, state="active").values_list(
            "watch_level", flat=True
        )
    )
    assert {"watching", "new_posts", "muted", "normal"} <= levels
    everyone = GroupMembership.objects.filter(state="active")
    assert everyone.filter(watch_level="muted").values("user").distinct().count() >= 3
    assert everyone.filter(watch_level="watching").values("user").distinct().count() >= 3
    watched = PostWatch.objects.filter(user=member).exclude(post__author=member)
    assert {"watching", "muted"} <= set(watched.values_list("level", flat=True))
    preferences = EmailPreferences.objects.all()
    assert {"daily", "weekly"} <= set(preferences.values_list("digest_frequency", flat=True))
    assert preferences.filter(turned_off__contains=[EmailKind.DIGEST]).exists()
    assert {True, False} <= set(preferences.values_list("only_when_away", flat=True))
    assert preferences.get(user=member).only_when_away


def test_the_demo_calls_cross_daylight_saving_with_notes_answers_and_a_full_call(seeded, client):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from working_groups.models import ActionItem, Call, CallSeries, Rsvp
    from working_groups.selectors.call_notes import carried_over

    assert CallSeries.objects.count() == 5
    new_york = CallSeries.objects.get(time_zone="America/New_York")
    calls = list(new_york.occurrences.order_by("starts_at"))
    # The wall clock stays 10:00 in New York while the UTC hour moves with daylight saving.
    assert {c.starts_at.astimezone(ZoneInfo("America/New_York")).hour for c in calls} == {10}
    assert len({c.starts_at.hour for c in calls}) == 2
    assert Call.objects.exclude(cancelled_at=None).count() == 1
    now = timezone.now()
    published = Call.objects.exclude(notes_post=None)
    assert published.count() >= 4 and all(c.starts_at < now for c in published)
    assert all(c.notes_post.title.startswith("Notes: ") for c in published)
    assert ActionItem.objects.filter(closed_at=None).exists()
    assert ActionItem.objects.exclude(closed_at=None).exists()
    # The People series' open item is carried into its next call.
    people_next = Call.objects.filter(group__slug="people", starts_at__gt=now).first()
    assert [item.text for item in carried_over(call=people_next)] == [
        "Write the level 3 → 4 promotion evidence examples"
    ]
    full = Call.objects.exclude(capacity=None).filter(starts_at__gt=now).first()
    assert full.rsvps.filter(answer=Rsvp.Answer.GOING).count() == full.capacity
    zones = set(
        Rsvp.objects.filter(answer=Rsvp.Answer.GOING).values_list(
            "user__profile__time_zone", flat=True
        )
    )
    assert len(zones) >= 5
    # Each series' invitation is dated to when its lead scheduled it, before its first call.
    for invitation in Notification.objects.filter(event_key__endswith=":invited"):
        _, call_id = split(invitation.target_key)
        assert invitation.created_at < Call.objects.get(pk=call_id).starts_at
