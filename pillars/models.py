"""The manifesto: versions made of sections, comments on a section, endorsements of a version.

A section keeps one stable key across versions (definition, people, process, insight, tools,
stakeholders, and any key staff add), so comments, figures and diffs follow it from version to
version, as Wagtail's comments follow a field's content path.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alliance.pillars import Pillar


class ManifestoVersion(models.Model):
    """One version of the manifesto: a draft while staff edit it, frozen once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Given when the version is published: 1, 2, 3…
    number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    is_major = models.BooleanField(
        "major change",
        default=False,
        help_text="A major change asks the people who endorsed an earlier version to look again.",
    )
    change_note = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            # Two drafts would each be published over the other's changes.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="pillars_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, published_at__isnull=False),
                name="pillars_published_version_has_number_and_date",
            ),
        ]

    def __str__(self):
        return f"v{self.number}" if self.number else "Draft"

    def get_absolute_url(self):
        if self.number is None:
            return reverse("pillars:draft")
        return reverse("pillars:version", args=[self.number])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def label(self):
        return f"v{self.number}" if self.number else "the draft"


class ManifestoSection(models.Model):
    """A part of one version: the definition, a pillar, or a section staff added."""

    version = models.ForeignKey(ManifestoVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        max_length=40, help_text="Stays the same across versions: comments and diffs follow it."
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    statement = models.CharField(max_length=400, blank=True)
    body_markdown = models.TextField(blank=True)
    # Rendered and sanitized once, when written (alliance.text).
    body_html = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="pillars_one_section_per_key")
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"

    @property
    def pillar(self):
        return Pillar(self.key) if self.key in Pillar.values else None

    @property
    def text(self):
        """What a reader reads, as one text: what diffs compare and comments are checked against."""
        return "\n\n".join(
            part for part in (self.title, self.statement, self.body_markdown) if part
        )


class ManifestoComment(models.Model):
    """A comment on a section of a published version, or a reply to one (one level deep)."""

    version = models.ForeignKey(
        ManifestoVersion,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text="The version the comment was written on.",
    )
    section_key = models.SlugField(max_length=40)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="manifesto_comments"
    )
    body_markdown = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A thread (a top-level comment) is resolved by staff or its author, or by a version that
    # answers it (resolved_in).
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_in = models.ForeignKey(
        ManifestoVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Claimed before an email goes out, so a retried task never sends twice.
    parent_author_notified_at = models.DateTimeField(null=True, blank=True)
    resolution_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["section_key", "created_at", "id"],
                condition=Q(parent=None),
                name="pillars_comment_threads",
            ),
            models.Index(fields=["parent", "created_at", "id"], name="pillars_comment_replies"),
        ]

    def __str__(self):
        return self.body_markdown[:60]

    def get_absolute_url(self):
        page = reverse("pillars:section", args=[self.version.number, self.section_key])
        if self.parent_id is not None:
            # A long thread shows its latest replies only: a reply's link opens its whole thread.
            return f"{page}?thread={self.parent_id}#comment-{self.pk}"
        return f"{page}#comment-{self.pk}"

    @property
    def is_thread(self):
        return self.parent_id is None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class CommentRevision(models.Model):
    """An earlier text of an edited comment, kept as the groups keep a post's."""

    comment = models.ForeignKey(
        ManifestoComment, on_delete=models.CASCADE, related_name="revisions"
    )
    body_markdown = models.TextField()
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"Earlier text of comment {self.comment_id}"


class Endorsement(models.Model):
    """A member's endorsement of one published version (not of the manifesto in general)."""

    version = models.ForeignKey(
        ManifestoVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements"
    )
    # The company's name as it was when they endorsed on its behalf; blank when personal.
    on_behalf_of = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="pillars_endorse_once")
        ]
        indexes = [models.Index(fields=["member", "version"], name="pillars_endorsement_member")]

    def __str__(self):
        return f"{self.member} endorsed {self.version}"


class EndorsementRequest(models.Model):
    """After a major version: one past endorser asked, by email, to look again. Claimed before
    it is sent, so a retried or second worker never sends it twice."""

    version = models.ForeignKey(
        ManifestoVersion, on_delete=models.CASCADE, related_name="endorsement_requests"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endorsed = models.ForeignKey(
        ManifestoVersion,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The latest version they had endorsed.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="pillars_ask_once")
        ]

    def __str__(self):
        return f"Ask {self.member} to look at {self.version}"
