from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from members.models import Application, EmailKind, EmailPreferences, Profile, User

# "Only when away": someone seen on the hub this recently is still there.
AWAY_AFTER = timedelta(minutes=10)


def directory_profiles(
    *,
    search: str = "",
    company_type: str = "",
    org_size: str = "",
    pillar: str = "",
) -> QuerySet[Profile]:
    """Members who chose to appear in the directory, filtered, in name order."""
    profiles = (
        Profile.objects.filter(
            member_since__isnull=False, show_in_directory=True, user__deleted_at=None
        )
        .select_related("user")
        .order_by("user__name", "user_id")
    )
    if search:
        profiles = profiles.filter(
            Q(user__name__icontains=search)
            | Q(company__icontains=search)
            | Q(job_title__icontains=search)
        )
    if company_type:
        profiles = profiles.filter(company_type=company_type)
    if org_size:
        profiles = profiles.filter(org_size=org_size)
    if pillar:
        profiles = profiles.filter(pillars__contains=[pillar])
    return profiles


def pending_applications() -> QuerySet[Application]:
    """The staff's review queue, oldest first, with what staff need to decide."""
    return (
        Application.objects.filter(status=Application.Status.PENDING)
        .select_related("user", "user__profile")
        .order_by("submitted_at", "pk")
    )


def latest_application(*, user: User) -> Application | None:
    return Application.objects.filter(user=user).order_by("-submitted_at", "-pk").first()


def email_preferences_of(*, user: User) -> EmailPreferences:
    """The person's email preferences (unsaved defaults when they never changed them), read
    afresh: a task deciding whether to send must see a switch turned off a moment ago."""
    return EmailPreferences.objects.filter(user=user).first() or EmailPreferences(user=user)


def email_enabled_kinds(*, user: User) -> set[str]:
    return set(EmailKind.values) - set(email_preferences_of(user=user).turned_off)


def wants_email(*, user: User, kind: str, preferences: EmailPreferences | None = None) -> bool:
    """Whether a non-transactional email of this kind may be sent to the person (their
    preferences read afresh unless the caller just read them)."""
    if not user.is_active or user.deleted_at:
        return False
    preferences = preferences or email_preferences_of(user=user)
    return kind in EmailKind.values and preferences.allows(kind)


def is_away(*, user: User, preferences: EmailPreferences, now: datetime) -> bool:
    """False while a person who asked for emails "only when away" is on the hub (seen within
    AWAY_AFTER): what happens then reaches them through the bell, or later the digest."""
    if not preferences.only_when_away or user.last_seen_at is None:
        return True
    return user.last_seen_at <= now - AWAY_AFTER


def digest_readers(*, seen_since: datetime, zones: list[str]) -> QuerySet:
    """Who may get a digest now: active people with the digest on, in one of `zones` (their
    profile's time zone, UTC without one), seen on the hub (or joined) since `seen_since`; rows
    (id, time zone, digest frequency), in one query. A digest stops for someone gone that long:
    mail nobody reads hurts the hub's sending reputation."""
    return (
        User.objects.filter(is_active=True, deleted_at=None)
        .filter(Q(last_seen_at__gte=seen_since) | Q(last_seen_at=None, date_joined__gte=seen_since))
        .exclude(email_preferences__turned_off__contains=[EmailKind.DIGEST])
        .annotate(
            frequency=Coalesce(
                F("email_preferences__digest_frequency"),
                Value(EmailPreferences.DigestFrequency.WEEKLY),
            ),
            zone=Coalesce(F("profile__time_zone"), Value("UTC")),
        )
        .filter(zone__in=zones)
        .order_by("pk")
        .values_list("pk", "zone", "frequency")
    )
