"""The library: thought leadership about Product Ops by Product Ops. Two kinds of item in one
list, articles written on the hub and curated links to writing elsewhere, each credited to the
members who wrote or curated it, reviewed by staff before it is published.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from alliance.pillars import Pillar


class Item(models.Model):
    """An article or a curated link, from its first draft to its publication (or withdrawal)."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        LINK = "link", "Curated link"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class LinkHealth(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked yet"
        OK = "ok", "Working"
        DEAD = "dead", "Broken"
        MOVED = "moved", "Moved to another site"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=200)
    # Given when first published, never changed after: feeds and shared links keep working.
    slug = models.SlugField(max_length=220, unique=True, null=True, blank=True)
    summary = models.CharField(max_length=400)
    pillars = ArrayField(models.CharField(max_length=20, choices=Pillar.choices), default=list)
    tags = TaggableManager(blank=True)

    # An article: written here, in Markdown through alliance.text's one pipeline.
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=0)

    # A curated link: writing elsewhere, with the curator's note on why it matters.
    url = models.URLField(max_length=2000, blank=True)
    domain = models.CharField(max_length=255, blank=True)
    original_author = models.CharField("original author or publisher", max_length=200, blank=True)
    curator_note = models.TextField("why it matters", blank=True)
    curator_note_html = models.TextField(blank=True)
    quote = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="library_items"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the text last changed (the feeds' <updated>): set by the services, not by saves of
    # the workflow's own fields.
    edited_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="When scheduled.")
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_note = models.CharField(max_length=400, blank=True)

    # A draft's private preview: whoever holds the link reads it; authors can revoke it.
    preview_token = models.CharField(max_length=43, blank=True, db_index=True)

    # Featured by staff: on the home page and the manifesto's pillar sections, by order.
    featured_order = models.PositiveSmallIntegerField(null=True, blank=True)
    featured_until = models.DateTimeField(null=True, blank=True)

    # Link health, from the weekly check (library.tasks.check_links).
    link_health = models.CharField(
        max_length=10, choices=LinkHealth.choices, default=LinkHealth.UNCHECKED
    )
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_final_url = models.URLField(max_length=2000, blank=True)
    link_problem = models.CharField(max_length=300, blank=True)

    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="library_published",
            ),
            GinIndex(fields=["pillars"], name="library_item_pillars"),
            GinIndex(fields=["search_vector"], name="library_item_search"),
            models.Index(fields=["status", "submitted_at"], name="library_review_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published_at__isnull=False, slug__isnull=False),
                name="library_published_has_date_and_slug",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug:
            return reverse("library:item", args=[self.slug])
        return reverse("library:edit", args=[self.pk])

    @property
    def is_article(self):
        return self.kind == self.Kind.ARTICLE

    @property
    def is_link(self):
        return self.kind == self.Kind.LINK

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self):
        """Authors edit an item until it is published, and again once changes are asked for."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def is_featured(self):
        if self.featured_order is None:
            return False
        return self.featured_until is None or self.featured_until > timezone.now()


class Credit(models.Model):
    """A member credited on an item: an author of an article or the curator of a link.

    The member who created the item is credited at once; anyone else named accepts first, and
    until then the credit shows nowhere.
    """

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CURATOR = "curator", "Curator"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="credits")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_credits"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    # Claimed before the invitation is emailed, so a retried task never sends twice.
    invitation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="library_credit_once")
        ]

    def __str__(self):
        return f"{self.member} — {self.get_role_display()} of {self.item}"

    @property
    def is_accepted(self):
        return self.accepted_at is not None


class Revision(models.Model):
    """The text of an item as it was submitted for review: staff compare the next submission
    with the last one they reviewed."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    text = models.TextField(help_text="The body of an article, or a link's address and note.")
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.item} as submitted {self.submitted_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """What staff decided on a submission, with the note the authors read beside their text."""

    class Decision(models.TextChoices):
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reviews")
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed before the authors are emailed, so a retried task never sends twice.
    authors_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.item}"
