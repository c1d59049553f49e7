from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from alliance.pillars import Pillar

# Slugs a group may not take: they are the first segment of other URLs under /groups/.
RESERVED_SLUGS = {
    "posts", "replies", "reports", "search", "mentions", "new", "notifications", "calendar",
}  # fmt: skip


class WatchLevel(models.TextChoices):
    """How closely a member follows a group (Discourse's levels, in the hub's words)."""

    WATCHING = "watching", "Watching: every new post and every reply"
    NEW_POSTS = "new_posts", "New posts only"
    NORMAL = "normal", "Normal: only what concerns me, and the group in my digest"
    MUTED = "muted", "Muted: nothing, and not in my digest"


class WorkingGroup(models.Model):
    """A circle of members who talk about one part of Product Ops in the group's feed."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", "Open: any member joins at once"
        REQUEST = "request", "Request to join: a lead approves"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    purpose = models.TextField(help_text="What the group talks about, shown to everyone.")
    pillar = models.CharField("related pillar", max_length=20, choices=Pillar.choices, blank=True)
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    # Kept by the services so the index page never counts over the memberships or posts.
    member_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    default_watch_level = models.CharField(
        "watch level of new members",
        max_length=10,
        choices=WatchLevel.choices,
        default=WatchLevel.NORMAL,
        help_text="How closely a member who joins follows the group until they change it.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("working_groups:group", args=[self.slug])

    @property
    def is_open(self):
        return self.join_policy == self.JoinPolicy.OPEN


class GroupMembership(models.Model):
    """A member in a group: a plain member or a lead; active, or waiting for a lead's yes."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        LEAD = "lead", "Lead"

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        REQUESTED = "requested", "Requested"

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    watch_level = models.CharField(
        max_length=10, choices=WatchLevel.choices, default=WatchLevel.NORMAL
    )
    # The member's switch for every email from this group (mentions, replies, new posts).
    emails_off = models.BooleanField("no emails from this group", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="wg_one_membership_per_group")
        ]
        indexes = [models.Index(fields=["group", "state", "role"])]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role}, {self.state})"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    @property
    def is_lead(self):
        return self.is_active and self.role == self.Role.LEAD


class Post(models.Model):
    """A conversation started in a group's feed; its replies hang under it, one level deep."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(max_length=200, blank=True)
    body_markdown = models.TextField()
    # Rendered and sanitized once, when written (alliance.text).
    body_html = models.TextField()
    tags = TaggableManager(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The feed's order: a new reply brings the conversation back up.
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        indexes = [
            # The feed: a keyset walk over one group's live posts (and the deleted ones whose
            # replies still show, as tombstones), pinned first, then newest activity first.
            models.Index(
                "group",
                models.F("is_pinned").desc(),
                models.F("last_activity_at").desc(),
                models.F("id").desc(),
                condition=Q(deleted_at=None) | Q(reply_count__gt=0),
                name="wg_post_feed",
            ),
            GinIndex(fields=["search_vector"], name="wg_post_search"),
        ]

    def __str__(self):
        return self.title or self.body_markdown[:60]

    def get_absolute_url(self):
        return reverse("working_groups:post", args=[self.pk])

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class PostWatch(models.Model):
    """A member's own setting for one thread, stronger than their group's watch level: watch it
    (every reply) or mute it (nothing from it). Starting or replying to a post watches it."""

    class Level(models.TextChoices):
        WATCHING = "watching", "Watching"
        MUTED = "muted", "Muted"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_watches"
    )
    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=Level.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="wg_one_watch_per_thread")
        ]
        indexes = [models.Index(fields=["post", "level"])]

    def __str__(self):
        return f"{self.user_id} {self.level} post {self.post_id}"


class PostRevision(models.Model):
    """An earlier version of an edited post, kept for the group's leads and the staff."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body_markdown = models.TextField()
    written_at = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"Version of post {self.post_id} from {self.written_at:%Y-%m-%d %H:%M}"


class Reply(models.Model):
    """An answer under a post, optionally quoting another reply of the same thread."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies"
    )
    quoted = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body_markdown = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Written by the reply emails before notifications (working_groups/notifying.py) took
    # them over; no longer written.
    author_notified_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "replies"
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="wg_reply_thread"),
            GinIndex(fields=["search_vector"], name="wg_reply_search"),
        ]

    def __str__(self):
        return self.body_markdown[:60]

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#reply-{self.pk}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class ReactionKind(models.TextChoices):
    """The small fixed set of reactions; the label is what a screen reader says."""

    AGREE = "agree", "Agree"
    INSIGHTFUL = "insightful", "Insightful"
    THANKS = "thanks", "Thanks"
    CELEBRATE = "celebrate", "Celebrate"


REACTION_EMOJI = {
    ReactionKind.AGREE: "👍",
    ReactionKind.INSIGHTFUL: "💡",
    ReactionKind.THANKS: "🙏",
    ReactionKind.CELEBRATE: "🎉",
}


class Reaction(models.Model):
    """One member's reaction of one kind to a post or a reply; toggled on and off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(reply__isnull=True),
                name="wg_reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["post", "user", "kind"],
                condition=Q(post__isnull=False),
                name="wg_one_reaction_of_a_kind_per_post",
            ),
            models.UniqueConstraint(
                fields=["reply", "user", "kind"],
                condition=Q(reply__isnull=False),
                name="wg_one_reaction_of_a_kind_per_reply",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.kind}"


class Mention(models.Model):
    """A member named with @ in a post or a reply, recorded for notifications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    mentioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Written by the mention emails before notifications (working_groups/notifying.py) took
    # them over; no longer written.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(reply__isnull=True),
                name="wg_mention_one_target",
            ),
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(post__isnull=False),
                name="wg_one_mention_per_post",
            ),
            models.UniqueConstraint(
                fields=["reply", "user"],
                condition=Q(reply__isnull=False),
                name="wg_one_mention_per_reply",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"@{self.user} by {self.mentioned_by}"

    @property
    def target(self):
        return self.post if self.post_id else self.reply


class Report(models.Model):
    """A member's flag on a post or a reply, waiting in the group's moderation queue."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(reply__isnull=True),
                name="wg_report_one_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["group", "created_at"],
                condition=Q(resolved_at=None),
                name="wg_report_open",
            )
        ]

    def __str__(self):
        return f"Report by {self.reporter} on {self.created_at:%Y-%m-%d}"

    @property
    def target(self):
        return self.post if self.post_id else self.reply
