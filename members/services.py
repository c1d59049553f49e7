from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alliance.jobs import enqueue
from members.models import (
    PROFILE_FIELDS,
    Application,
    AutoApproveDomain,
    EmailKind,
    EmailPreferences,
    Profile,
    User,
)
from members.signals import account_deleting


def user_create(
    *,
    email: str,
    name: str,
    password: str | None,
    is_staff: bool = False,
    email_verified: bool = False,
) -> User:
    """Create an account with its primary email address, verified or not."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, name=name, is_staff=is_staff, is_superuser=is_staff
        )
        EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=email_verified
        )
    return user


def user_ensure(
    *, email: str, name: str, password: str, is_staff: bool = False
) -> tuple[User, bool]:
    """Return the verified account with this email, creating it first if it does not exist."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    return user_create(
        email=email, name=name, password=password, is_staff=is_staff, email_verified=True
    ), True


# How stale a person's last_seen_at may grow before a request writes it again.
SEEN_EVERY = timedelta(minutes=5)


def user_seen(*, user: User, now: datetime) -> bool:
    """The person is on the hub now: record it, at most once every SEEN_EVERY (a conditional
    UPDATE, so two tabs at once write once). True if it wrote."""
    if user.last_seen_at is not None and user.last_seen_at > now - SEEN_EVERY:
        return False
    stale = Q(last_seen_at=None) | Q(last_seen_at__lte=now - SEEN_EVERY)
    if not User.objects.filter(stale, pk=user.pk).update(last_seen_at=now):
        return False
    user.last_seen_at = now
    return True


def user_rename(*, user: User, name: str) -> User:
    """Change the full name shown beside everything the person writes."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Please tell us your name."})
    user.name = name
    user.save(update_fields=["name"])
    return user


def profile_save(*, user: User, name: str, **fields) -> Profile:
    """Create or update the person's profile (and their name, which lives on the account)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        user_rename(user=user, name=name)
        profile = Profile.objects.filter(user=user).first() or Profile(user=user)
        for key, value in fields.items():
            setattr(profile, key, value)
        profile.full_clean()
        profile.save()
    return profile


def _email_domain(user: User) -> str:
    return user.email.rsplit("@", 1)[-1].lower()


def application_submit(*, user: User, motivation: str) -> Application:
    """Apply to join; approve at once when the verified email's domain is on the staff's list."""
    motivation = motivation.strip()
    if not motivation:
        raise ValidationError({"motivation": "Tell us in a sentence or two why you want to join."})
    if not Profile.objects.filter(user=user).exists():
        raise ValidationError("Complete your profile before you apply.")
    if Profile.objects.filter(user=user, member_since__isnull=False).exists():
        raise ValidationError("You are already a member.")
    try:
        with transaction.atomic():
            application = Application.objects.create(user=user, motivation=motivation)
    except IntegrityError:
        # The partial unique index allows one pending application: a double submit lands here.
        raise ValidationError("Your application is already waiting for review.") from None
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True)
    listed = AutoApproveDomain.objects.filter(domain=_email_domain(user))
    if verified.exists() and listed.exists():
        application = _decide(
            application=application,
            status=Application.Status.APPROVED,
            decided_by=None,
            message="",
            auto=True,
        )
    return application


def application_approve(
    *, application: Application, decided_by: User | None, message: str = "", notify: bool = True
) -> Application:
    """Make the applicant a member and email them the news (not for imported members)."""
    return _decide(
        application=application,
        status=Application.Status.APPROVED,
        decided_by=decided_by,
        message=message,
        notify=notify,
    )


def application_decline(
    *, application: Application, decided_by: User | None, message: str = "", notify: bool = True
) -> Application:
    """Decline the application and email the applicant, with the staff's message if any."""
    return _decide(
        application=application,
        status=Application.Status.DECLINED,
        decided_by=decided_by,
        message=message,
        notify=notify,
    )


def _decide(*, application, status, decided_by, message, notify=True, auto=False):
    now = timezone.now()
    with transaction.atomic():
        # Only a pending application can be decided: two staff deciding at once, one wins.
        decided = Application.objects.filter(
            pk=application.pk, status=Application.Status.PENDING
        ).update(
            status=status,
            decided_at=now,
            decided_by=decided_by,
            decision_message=message.strip(),
            auto_approved=auto,
        )
        if not decided:
            raise ValidationError("This application has already been decided.")
        if status == Application.Status.APPROVED:
            Profile.objects.filter(user_id=application.user_id, member_since=None).update(
                member_since=now
            )
        if notify:
            enqueue("members.tasks.send_application_decision", application.pk)
            # The bell and the ledger hear of it too (as already emailed): notifications stand
            # above the members part, so the task is named, not imported.
            enqueue("notifications.tasks.application_decided", application.pk)
    application.refresh_from_db()
    return application


def email_preferences_update(
    *,
    user: User,
    enabled: set[str],
    digest_frequency: str | None = None,
    only_when_away: bool | None = None,
) -> EmailPreferences:
    """Keep the kinds of email the person wants and turn off the others (and, when given, set
    how often the digest comes and whether emails wait until they are away)."""
    defaults = {"turned_off": sorted(set(EmailKind.values) - set(enabled))}
    if digest_frequency is not None:
        if digest_frequency not in EmailPreferences.DigestFrequency.values:
            raise ValidationError({"digest_frequency": "Choose daily or weekly."})
        defaults["digest_frequency"] = digest_frequency
    if only_when_away is not None:
        defaults["only_when_away"] = only_when_away
    preferences, _ = EmailPreferences.objects.update_or_create(user=user, defaults=defaults)
    return preferences


def email_kind_unsubscribe(*, user: User, kind: str) -> EmailPreferences:
    """Turn off one kind of email (the one-click unsubscribe link in that email)."""
    if kind not in EmailKind.values:
        raise ValidationError(f"Unknown kind of email: {kind}")
    with transaction.atomic():
        preferences, _ = EmailPreferences.objects.select_for_update().get_or_create(user=user)
        if kind not in preferences.turned_off:
            preferences.turned_off = sorted([*preferences.turned_off, kind])
            preferences.save(update_fields=["turned_off"])
    return preferences


def account_delete(*, user: User) -> None:
    """Remove everything personal; keep an anonymous row so the person's posts stay readable."""
    with transaction.atomic():
        account_deleting.send(sender=User, user=user)
        Profile.objects.filter(user=user).delete()
        Application.objects.filter(user=user).delete()
        EmailPreferences.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.name = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.deleted_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


def auto_approve_domain_save(*, domain: AutoApproveDomain) -> AutoApproveDomain:
    """Store a domain the staff trust, normalized so it matches how emails are compared."""
    domain.domain = domain.domain.strip().lower().lstrip("@")
    domain.full_clean()
    domain.save()
    return domain
