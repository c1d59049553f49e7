"""Who gets a digest when: at seven in the morning of their own time zone, daily or on their
Monday, once a local day whoever runs the beat, and not after months away."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings

from alliance.jobs import registered
from members import services as member_services
from members.models import EmailKind, Profile, User
from notifications import digest
from notifications.models import DigestDelivery
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

# Monday 30 November 2026, seven in the morning (and five minutes) in three zones.
AUCKLAND_7 = datetime(2026, 11, 29, 18, 5, tzinfo=UTC)  # NZDT, UTC+13
BERLIN_7 = datetime(2026, 11, 30, 6, 5, tzinfo=UTC)  # CET, UTC+1
LOS_ANGELES_7 = datetime(2026, 11, 30, 15, 5, tzinfo=UTC)  # PST, UTC-8
MONDAY = date(2026, 11, 30)


def reader(zone, *, frequency="daily", seen_days_ago=1, **fields):
    person = MemberFactory(time_zone=zone, **fields)
    member_services.email_preferences_update(
        user=person, enabled=set(EmailKind.values), digest_frequency=frequency
    )
    User.objects.filter(pk=person.pk).update(last_seen_at=BERLIN_7 - timedelta(days=seen_days_ago))
    return person


def queued_to(now):
    digest.digests_schedule(now=now)
    return set(DigestDelivery.objects.filter(created_at=now).values_list("user_id", flat=True))


def test_each_member_gets_the_digest_at_seven_in_their_own_morning():
    auckland = reader("Pacific/Auckland")
    berlin = reader("Europe/Berlin")
    los_angeles = reader("America/Los_Angeles")
    assert queued_to(AUCKLAND_7) == {auckland.pk}
    assert queued_to(BERLIN_7) == {berlin.pk}
    assert queued_to(LOS_ANGELES_7) == {los_angeles.pk}
    # Each for their own Monday, whatever the date in UTC.
    assert set(DigestDelivery.objects.values_list("local_date", flat=True)) == {MONDAY}
    # Before seven, and after the quarter hour, nobody.
    assert queued_to(BERLIN_7 - timedelta(minutes=10)) == set()
    assert queued_to(BERLIN_7 + timedelta(minutes=10)) == set()


def test_a_zone_a_quarter_hour_off_the_hour_gets_it_too():
    kathmandu = reader("Asia/Kathmandu")  # UTC+5:45
    assert queued_to(datetime(2026, 11, 30, 1, 15, tzinfo=UTC)) == {kathmandu.pk}


def test_the_digest_is_queued_once_however_often_the_beat_runs(django_capture_on_commit_callbacks):
    berlin = reader("Europe/Berlin")
    with django_capture_on_commit_callbacks() as queued:
        assert digest.digests_schedule(now=BERLIN_7) == 1
        assert digest.digests_schedule(now=BERLIN_7) == 0
        assert digest.digests_schedule(now=BERLIN_7 + timedelta(minutes=5)) == 0
    assert len(queued) == 1
    assert DigestDelivery.objects.get().user == berlin


def test_a_weekly_reader_gets_it_on_their_monday_only():
    weekly = reader("Pacific/Auckland", frequency="weekly")
    daily = reader("Pacific/Auckland")
    sunday, tuesday = AUCKLAND_7 - timedelta(days=1), AUCKLAND_7 + timedelta(days=1)
    assert queued_to(sunday) == {daily.pk}
    # Sunday evening in UTC, and already Monday morning in Auckland: their Monday counts.
    assert AUCKLAND_7.weekday() == 6
    assert queued_to(AUCKLAND_7) == {weekly.pk, daily.pk}
    assert queued_to(tuesday) == {daily.pk}


def test_weekly_is_the_default():
    person = MemberFactory(time_zone="Europe/Berlin")
    User.objects.filter(pk=person.pk).update(last_seen_at=BERLIN_7)
    assert queued_to(BERLIN_7 + timedelta(days=1)) == set()
    assert queued_to(BERLIN_7 + timedelta(days=7)) == {person.pk}


def test_no_digest_when_it_is_turned_off_or_the_account_is_gone():
    off = reader("Europe/Berlin")
    member_services.email_kind_unsubscribe(user=off, kind=EmailKind.DIGEST)
    gone = reader("Europe/Berlin")
    member_services.account_delete(user=gone)
    assert queued_to(BERLIN_7) == set()


def test_the_digest_stops_after_120_days_away():
    recent = reader("Europe/Berlin", seen_days_ago=119)
    reader("Europe/Berlin", seen_days_ago=121)
    never_seen_new = MemberFactory(time_zone="Europe/Berlin")
    never_seen_old = MemberFactory(time_zone="Europe/Berlin")
    User.objects.filter(pk=never_seen_new.pk).update(date_joined=BERLIN_7 - timedelta(days=30))
    User.objects.filter(pk=never_seen_old.pk).update(date_joined=BERLIN_7 - timedelta(days=200))
    assert queued_to(BERLIN_7) == {recent.pk, never_seen_new.pk}


def test_someone_without_a_profile_reads_it_in_utc():
    applicant = member_services.user_create(email="a@example.com", name="A", password=None)
    User.objects.filter(pk=applicant.pk).update(last_seen_at=BERLIN_7)
    assert not Profile.objects.filter(user=applicant).exists()
    assert queued_to(datetime(2026, 11, 30, 7, 0, tzinfo=UTC)) == {applicant.pk}


def test_a_digest_starts_where_the_previous_one_was_queued():
    daily = reader("Europe/Berlin")
    weekly = reader("Europe/Berlin", frequency="weekly")
    digest.digests_schedule(now=BERLIN_7)
    first = {d.user_id: d for d in DigestDelivery.objects.all()}
    assert first[daily.pk].since == BERLIN_7 - timedelta(days=1)
    assert first[weekly.pk].since == BERLIN_7 - timedelta(days=7)
    tuesday = BERLIN_7 + timedelta(days=1, minutes=3)
    digest.digests_schedule(now=tuesday)
    second = DigestDelivery.objects.get(user=daily, local_date=MONDAY + timedelta(days=1))
    assert second.since == BERLIN_7


def test_after_a_long_pause_a_digest_tells_two_weeks_at_most():
    daily = reader("Europe/Berlin")
    digest.digests_schedule(now=BERLIN_7)
    User.objects.filter(pk=daily.pk).update(last_seen_at=BERLIN_7 + timedelta(days=40))
    later = BERLIN_7 + timedelta(days=50)
    digest.digests_schedule(now=later)
    assert DigestDelivery.objects.get(user=daily, created_at=later).since == later - digest.LONGEST


def test_the_beat_runs_the_digest_every_quarter_hour():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "notifications.tasks.send_due_digests"
    ]
    assert str(entry["schedule"]._orig_minute) == "*/15"
    assert registered("notifications.tasks.send_due_digests")
    assert not [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if "weekly" in entry["task"]
    ]


def test_the_beat_task_can_replay_a_given_quarter_hour():
    from notifications import tasks

    berlin = reader("Europe/Berlin")
    assert tasks.send_due_digests.apply(kwargs={"now": BERLIN_7.isoformat()}).get() == 1
    assert DigestDelivery.objects.get().user == berlin
