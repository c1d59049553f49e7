"""One ledger of what the hub told each member: shown in the app (the bell), emailed, digested.

A notification is written by the part of the hub where something happened (a reply, a review, a
call), in that part's transaction, through `notifications.services.notify`. It keeps the actor's
name and the target's title as they were (Misago's denormalised shape), so a rename or a deleted
account leaves it readable; whether the member may still open the target is asked again each
time it is shown or sent (`notifications.targets`).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    MENTION = "mention", "Mentions"
    REPLY = "reply", "Replies"
    REACTION = "reaction", "Reactions"
    NEW_POST = "new_post", "New posts"
    JOIN_REQUEST = "join_request", "Join requests"
    REPORT = "report", "Reports"
    MEMBERSHIP = "membership", "Membership"
    MANIFESTO = "manifesto", "Manifesto"
    LIBRARY = "library", "Library"
    CALL = "call", "Calls"


class Notification(models.Model):
    """One thing one member was told, and through which channels it reached them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What happened ("working_groups.reply:55"): a member is told of one event once, whichever
    # of its reasons came first (a reply that mentions the post's author is one notification).
    event_key = models.CharField(max_length=100)
    # The page the notification opens ("working_groups.post:12"): visiting it marks the
    # notification read, and the target's app says whether the member may still see it.
    target_key = models.CharField(max_length=100)
    # Where it happened ("working_groups.group:5"): leaving a group withdraws its notifications.
    scope_key = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=500)
    target_title = models.CharField(max_length=300)
    verb = models.CharField(max_length=120, help_text="“replied to your post”, “mentioned you in”")
    excerpt = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # Consolidation ("Ana and 4 others reacted"): every actor once, the latest first.
    actor_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # Why the member was told, in words, and where to change it.
    reason = models.CharField(max_length=30)
    why = models.CharField(max_length=200)
    change_url = models.CharField(max_length=500, blank=True)
    change_label = models.CharField(max_length=80, blank=True)
    # The email kind (members.EmailKind) this may be emailed under; blank: in-app and digest only.
    email_kind = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)
    # Set when the target went out of the member's sight (hidden, deleted, they left the group).
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="notifications_one_per_event_and_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=Q(read_at=None, withdrawn_at=None),
                name="notifications_unread",
            ),
            models.Index(fields=["user", "-created_at"], name="notifications_by_member"),
            models.Index(fields=["user", "target_key"], name="notifications_by_target"),
            models.Index(fields=["event_key"], name="notifications_by_event"),
        ]

    def __str__(self):
        return f"{self.headline} (to {self.user_id})"

    @property
    def others_count(self) -> int:
        return max(len(self.actor_ids) - 1, 0)

    @property
    def headline(self) -> str:
        actor = self.actor_name or "Someone"
        if self.others_count == 1:
            actor = f"{actor} and 1 other"
        elif self.others_count > 1:
            actor = f"{actor} and {self.others_count} others"
        return f"{actor} {self.verb} {self.target_title}".strip()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DigestDelivery(models.Model):
    """One digest to one member for one local day, claimed before it is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    local_date = models.DateField(help_text="The member's own date the digest is for.")
    since = models.DateTimeField(help_text="What is new from this instant on.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Claimed and found empty: nothing was sent.
    skipped = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_date"], name="notifications_one_digest_a_day"
            )
        ]

    def __str__(self):
        return f"Digest of {self.local_date} to {self.user_id}"
