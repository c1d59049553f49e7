from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: signs in with its email address. The community profile hangs off it."""

    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField("full name", max_length=150)
    is_staff = models.BooleanField(
        "staff", default=False, help_text="Staff run the alliance and may use the admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [
            # Emails are compared without case: Ana@x.com and ana@x.com are one person.
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or self.email.split("@")[0]

    @property
    def initials(self):
        words = self.display_name.split()
        return "".join(word[0] for word in words[:2]).upper() or "?"
