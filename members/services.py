from allauth.account.models import EmailAddress
from django.db import transaction

from members.models import User


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
