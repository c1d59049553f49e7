import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from alliance.pillars import Pillar

FORMER_MEMBER = "Former member"


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
    # Set when the person deleted their account: the row stays so their posts keep an author,
    # but everything personal is gone and they show as "Former member".
    deleted_at = models.DateTimeField(null=True, blank=True)
    # When the person last opened a page (kept to within a few minutes): "only when away"
    # emails, and digests stop for people gone for months.
    last_seen_at = models.DateTimeField(null=True, blank=True)

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
        if self.deleted_at:
            return FORMER_MEMBER
        return self.name or self.email.split("@")[0]

    @property
    def initials(self):
        words = self.display_name.split()
        return "".join(word[0] for word in words[:2]).upper() or "?"


class CompanyType(models.TextChoices):
    STARTUP = "startup", "Startup"
    VC_FUNDED = "vc_funded", "VC-funded"
    PE_ROLLUP = "pe_rollup", "Private-equity roll-up"
    CONSULTING = "consulting", "Consulting"
    PUBLIC = "public", "Public company"
    OTHER = "other", "Other"


class OrgSize(models.TextChoices):
    """Product people in the organization (product managers, designers, product ops...)."""

    XS = "1-9", "1–9 product people"
    S = "10-49", "10–49 product people"
    M = "50-199", "50–199 product people"
    L = "200-999", "200–999 product people"
    XL = "1000+", "1,000+ product people"


TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


# What a person edits on their profile (the name lives on the account).
PROFILE_FIELDS = (
    "job_title",
    "company",
    "company_type",
    "org_size",
    "pillars",
    "bio",
    "linkedin_url",
    "time_zone",
    "show_in_directory",
    "show_email",
)


class Profile(models.Model):
    """What a person tells the community about themselves, and whether they are a member."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    job_title = models.CharField(max_length=120)
    company = models.CharField(max_length=120)
    company_type = models.CharField(max_length=20, choices=CompanyType.choices)
    org_size = models.CharField("product org size", max_length=10, choices=OrgSize.choices)
    pillars = ArrayField(
        models.CharField(max_length=20, choices=Pillar.choices),
        default=list,
        blank=True,
        verbose_name="pillars of interest",
    )
    bio = models.TextField(max_length=600, blank=True)
    linkedin_url = models.URLField("LinkedIn profile", blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    show_in_directory = models.BooleanField("show me in the member directory", default=True)
    show_email = models.BooleanField("show my email address to members", default=False)
    # Set when staff approve the application: from then on the person is a member.
    member_since = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [GinIndex(fields=["pillars"], name="members_profile_pillars_gin")]

    def __str__(self):
        return f"{self.user.display_name}, {self.job_title} at {self.company}"

    def get_absolute_url(self):
        return reverse("members:profile", args=[self.user_id])

    @property
    def is_member(self):
        return self.member_since is not None

    def get_pillars_display(self):
        return [Pillar(key).label for key in self.pillars]


class Application(models.Model):
    """A request to join the alliance, decided by staff (or at once for a listed domain)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="applications")
    motivation = models.TextField("why I want to join", max_length=1500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(blank=True)
    auto_approved = models.BooleanField(default=False)
    # Claimed before the decision email is sent, so a retried task never sends it twice.
    decision_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="members_one_pending_application_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.user.display_name} ({self.get_status_display()})"


class AutoApproveDomain(models.Model):
    """Applicants whose verified email is at this domain become members without review."""

    domain = models.CharField(
        max_length=253, unique=True, help_text="For example productco.com (no @)."
    )
    note = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = "auto-approved email domain"

    def __str__(self):
        return self.domain


class EmailKind(models.TextChoices):
    """Emails a person may turn off. Account and application emails are not among them."""

    MENTIONS = "mentions", "When someone mentions me"
    REPLIES = "replies", "Replies to my posts"
    DIGEST = "digest", "The digest: what I have not seen yet, daily or weekly"
    CALLS = "calls", "Working-group call invitations and reminders"
    ANNOUNCEMENTS = "announcements", "News and announcements from the alliance"
    MANIFESTO = "manifesto", "Replies to my manifesto comments, and my threads resolved"
    MANIFESTO_VERSIONS = "manifesto_versions", "A new major version of a manifesto I endorsed"
    LIBRARY = "library", "Reviews of what I write or curate for the library, and credits offered"
    GROUP_ACTIVITY = "group_activity", "New posts and replies in the groups and threads I watch"
    MODERATION = "moderation", "Join requests and reports in the groups I lead"


class EmailPreferences(models.Model):
    """The kinds of email a person has turned off; every kind is on until they do."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="email_preferences"
    )

    class DigestFrequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly (Monday)"

    turned_off = ArrayField(
        models.CharField(max_length=20, choices=EmailKind.choices), default=list, blank=True
    )
    # When the digest (if on) arrives: at seven in the morning of the member's time zone.
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    # Discourse's "only when away": no notification email while the member is on the hub.
    only_when_away = models.BooleanField(
        "email me only when I have not been on the hub for a while", default=False
    )

    def __str__(self):
        return f"Email preferences of {self.user.display_name}"

    def allows(self, kind):
        return kind not in self.turned_off
