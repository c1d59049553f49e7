from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from alliance.pillars import Pillar
from members.models import User
from surveys.options import option_problems, parse_options


class SurveyWave(models.Model):
    """One run of the Product Ops Benchmarking Survey, e.g. the 2026 wave."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    year = models.PositiveSmallIntegerField()
    intro = models.TextField(
        blank=True, help_text="Shown before the first question: why answer, how long it takes."
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:start", args=[self.slug])

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The survey must close after it opens."})

    @property
    def is_over(self):
        closed = self.closes_at is not None and self.closes_at <= timezone.now()
        return self.status == self.Status.CLOSED or closed

    @property
    def accepting_answers(self):
        now = timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "Scale"
        NUMBER = "number", "Number"
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        PILLAR_GRID = "pillar_grid", "Pillar remit grid"

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    class Remit(models.TextChoices):
        """The columns of the pillar-remit grid."""

        ALL = "all", "All of it is in my remit"
        SOME = "some", "Some of it is in my remit"
        NONE = "none", "None of it is in my remit"

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=60,
        help_text="Stable name of the question: reuse it in a later wave to compare years.",
    )
    page = models.PositiveSmallIntegerField(
        default=1, help_text="Questions with the same page number are asked together."
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    prompt = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    options = models.TextField(
        blank=True,
        help_text="Choices, one per line. Write 'value: Label' to fix the stored value (any "
        "word without spaces or colons, such as 1000+ or vc_funded); otherwise it is made from "
        "the label.",
    )
    scale_min = models.SmallIntegerField(null=True, blank=True, help_text="1 or 0")
    scale_max = models.SmallIntegerField(null=True, blank=True, help_text="5 or 10")
    min_label = models.CharField(max_length=60, blank=True)
    max_label = models.CharField(max_length=60, blank=True)
    min_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    discuss_in = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Slug of the working group where members discuss this question's results.",
    )

    class Meta:
        ordering = ["page", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "key"], name="surveys_question_key_per_wave")
        ]

    def __str__(self):
        return f"{self.key}: {self.prompt}"

    def clean(self):
        errors = {}
        if self.kind in self.CHOICE_KINDS:
            problems = option_problems(self.options)
            if len(self.choices) < 2:
                problems.insert(0, "A choice question needs at least two options, one per line.")
            if problems:
                errors["options"] = problems
        scale = (self.scale_min, self.scale_max)
        if self.kind == self.Kind.SCALE and scale not in ((1, 5), (0, 10)):
            errors["scale_max"] = "A scale runs from 1 to 5 or from 0 to 10."
        bounds = (self.min_value, self.max_value)
        if self.kind == self.Kind.NUMBER and None not in bounds and bounds[0] >= bounds[1]:
            errors["max_value"] = "The largest number must be above the smallest."
        if errors:
            raise ValidationError(errors)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The options as (stored value, label) pairs."""
        if self.kind == self.Kind.PILLAR_GRID:
            return list(self.Remit.choices)
        return [(value, label) for _, value, label in parse_options(self.options)]

    @property
    def rows(self) -> list[tuple[str, str]]:
        """The rows of a pillar grid; other kinds have one unnamed row."""
        return list(Pillar.choices) if self.kind == self.Kind.PILLAR_GRID else [("", "")]

    @property
    def grid_columns(self) -> list[tuple[str, str]]:
        """Short column headings of the remit grid ("All of it"); cells carry the full label."""
        return [(value, label.split(" is in")[0]) for value, label in self.Remit.choices]

    def label_of(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    @property
    def values(self) -> set[str]:
        """Every value an answer to this question may hold (choices, or scale points)."""
        if self.kind == self.Kind.SCALE:
            return {str(point) for point in range(self.scale_min, self.scale_max + 1)}
        return {value for value, _ in self.choices}


class ResponseQuerySet(models.QuerySet):
    def counted(self):
        """The responses that count in the results, and are sent them: submitted, by someone
        who proved they own the address (surveys.services.response_confirm_email)."""
        return self.filter(submitted_at__isnull=False, email_confirmed_at__isnull=False)


class Response(models.Model):
    """One person's answers to one wave; resumable until submitted."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    # Null once the person deleted their account: the answers then count only in aggregates.
    # NULL, not "", so that many anonymized responses fit the one-per-email constraint.
    email = models.EmailField(null=True, blank=True)  # noqa: DJ001
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_responses"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Typing an address on the start page proves nothing: it is confirmed when its emailed
    # link is opened, or by a signed-in account whose address is verified. Until then the
    # response counts nowhere (tallies, results, results emails).
    email_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_page = models.PositiveSmallIntegerField(default=1)
    # Each request for the resume link is sent once: the task claims it by moving
    # resume_sent_at past resume_requested_at before sending.
    resume_requested_at = models.DateTimeField(null=True, blank=True)
    resume_sent_at = models.DateTimeField(null=True, blank=True)
    # Claimed before the confirmation email is sent, so it goes out once.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The respondent's segments, copied from their answers when they submit (and checked
    # again by every results computation), so that results group answers with one join.
    company_type = models.CharField(max_length=60, blank=True, editable=False)
    org_size = models.CharField(max_length=60, blank=True, editable=False)
    # Its answers are counted in the wave's AnswerTally rows (once, when it is both submitted
    # and confirmed, whichever comes last).
    tallied = models.BooleanField(default=False, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            # One response per person per wave: a second start resumes the first.
            models.UniqueConstraint(fields=["wave", "email"], name="surveys_one_response_per_email")
        ]
        indexes = [models.Index(fields=["wave", "submitted_at"])]

    def __str__(self):
        return f"{self.email or 'anonymous'} — {self.wave}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_confirmed(self):
        return self.email_confirmed_at is not None


class Answer(models.Model):
    """One answer; a pillar grid has one per pillar (`row`). Shaped for SQL aggregation."""

    # The column each kind of question keeps its answers in: the one place this is decided.
    # Saving (`fields_for`), reading (`value`: the answer sheet, the page form, the CSV) and
    # "where you stand" (surveys/standing.py) go through it; the results SQL reads the same
    # columns in a CASE of its own (CHOICES in surveys/results/figures.py), which mirrors it.
    COLUMN_OF_KIND = {
        Question.Kind.SINGLE: "choice",
        Question.Kind.PILLAR_GRID: "choice",
        Question.Kind.MULTIPLE: "choices",
        Question.Kind.SCALE: "number",
        Question.Kind.NUMBER: "number",
        Question.Kind.SHORT_TEXT: "text",
        Question.Kind.LONG_TEXT: "text",
    }
    VALUE_COLUMNS = ("choice", "choices", "number", "text")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.CharField(max_length=20, blank=True)
    choice = models.CharField(max_length=60, blank=True)
    choices = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "row"], name="surveys_one_answer_per_row"
            )
        ]
        indexes = [models.Index(fields=["question", "row", "choice"])]

    def __str__(self):
        return f"{self.question.key}{'/' + self.row if self.row else ''}"

    @classmethod
    def fields_for(cls, kind: str, value) -> dict:
        """The column a cleaned, non-empty answer to this kind of question is stored in, with
        the value as that column holds it: {"number": Decimal("40")}."""
        column = cls.COLUMN_OF_KIND[kind]
        if column == "choices":
            value = list(value)
        elif column == "number":
            value = Decimal(value)
        return {column: value}

    @property
    def value(self):
        return getattr(self, self.COLUMN_OF_KIND[self.question.kind])

    def display(self) -> str:
        value = self.value
        if isinstance(value, list):
            return ", ".join(self.question.label_of(v) for v in value)
        if isinstance(value, Decimal):
            return plain_number(value)
        if self.question.kind in (Question.Kind.SINGLE, Question.Kind.PILLAR_GRID):
            return self.question.label_of(value)
        return value


def plain_number(number: Decimal) -> str:
    """A stored number as people write it: 40, not 40.00; 2.5, not 2.50."""
    return f"{number.normalize():f}"


class AnswerTally(models.Model):
    """How many counted responses (submitted and confirmed) gave one answer, in one pair of
    segments. Kept up to date as responses are counted and deleted, so a wave's results are
    rolled up from these counts (a few per distinct answer) instead of from every answer row."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    row = models.CharField(max_length=20, blank=True)
    company_type = models.CharField(max_length=60, blank=True)
    org_size = models.CharField(max_length=60, blank=True)
    choice = models.CharField(max_length=60, blank=True)
    choices = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "question", "row", "company_type", "org_size", "choice",
                        "choices", "number"],
                name="surveys_one_tally_per_answer",
                nulls_distinct=False,  # one row for "no number", not one per response
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.question_id}/{self.row}: {self.count}"


class ResultSnapshot(models.Model):
    """The computed results of a wave, versioned: pages and emails read one, never recompute."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        COMPUTING = "computing", "Computing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Email every respondent once the snapshot is ready (a plain recompute sends nothing).
    send_when_ready = models.BooleanField(default=False)
    k = models.PositiveSmallIntegerField(help_text="Smallest segment shown.")
    respondents = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "version"], name="surveys_snapshot_version")
        ]

    def __str__(self):
        return f"{self.wave} results v{self.version}"

    def question(self, key: str) -> dict | None:
        return next((q for q in self.data.get("questions", []) if q["key"] == key), None)


class ResultsDelivery(models.Model):
    """One respondent's results email for one snapshot: claimed before it is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    snapshot = models.ForeignKey(
        ResultSnapshot, on_delete=models.CASCADE, related_name="deliveries"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "response"], name="surveys_one_delivery_per_snapshot"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "status"])]

    def __str__(self):
        return f"{self.email}: {self.get_status_display()}"

    @property
    def message_id(self):
        """The same Message-ID on every attempt, so a mailbox folds a rare duplicate."""
        return f"<results-{self.snapshot_id}-{self.response_id}@product-ops-alliance>"
