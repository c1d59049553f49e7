from django.db.models import Q, QuerySet

from members.models import Application, EmailKind, EmailPreferences, Profile, User


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


def email_enabled_kinds(*, user: User) -> set[str]:
    preferences = EmailPreferences.objects.filter(user=user).first()
    turned_off = set(preferences.turned_off) if preferences else set()
    return set(EmailKind.values) - turned_off


def wants_email(*, user: User, kind: str) -> bool:
    """Whether a non-transactional email of this kind may be sent to the person."""
    if not user.is_active or user.deleted_at:
        return False
    return kind in email_enabled_kinds(user=user)
