"""The form of one survey page, built from its questions; and the email form that starts it."""

from typing import NamedTuple

from django import forms
from django.forms import BoundField

from surveys.models import Question


def field_name(question: Question, row: str = "") -> str:
    return f"q_{question.key}__{row}" if row else f"q_{question.key}"


def _field_for(question: Question, required: bool) -> forms.Field:
    kind, Kind = question.kind, Question.Kind
    common = {"label": question.prompt, "help_text": question.help_text, "required": required}
    if kind == Kind.SINGLE:
        return forms.ChoiceField(choices=question.choices, widget=forms.RadioSelect, **common)
    if kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Kind.SCALE:
        points = range(question.scale_min, question.scale_max + 1)
        return forms.TypedChoiceField(
            choices=[(str(point), str(point)) for point in points],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose a point on the scale."},
            **common,
        )
    if kind == Kind.NUMBER:
        low, high = question.min_value, question.max_value
        messages = {
            "min_value": f"Enter a number of at least {low.normalize():f}."
            if low is not None
            else "",
            "max_value": f"Enter a number of at most {high.normalize():f}."
            if high is not None
            else "",
            "invalid": "Enter a number, like 12 or 3.5.",
        }
        return forms.DecimalField(
            min_value=low,
            max_value=high,
            max_digits=12,
            decimal_places=2,
            error_messages={key: text for key, text in messages.items() if text},
            widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=300, **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **common)


class QuestionGroup(NamedTuple):
    """One question on the page, and the ids that tie its help and errors to its inputs.

    Django's widgets name `<id>_helptext` and `<id>_error` in their own aria-describedby, so the
    template gives the help and the error list those ids. A text or number input is described
    that way by Django; a group of radios or checkboxes is not (Django describes its fieldset
    instead), so `described_by` is what the question's fieldset names: its help and errors, and
    a scale's meaning. Each row of a pillar grid is described by its own error, in the row.
    """

    question: Question
    fields: list[BoundField]
    help_id: str
    described_by: str


def _group(question: Question, fields: list[BoundField]) -> QuestionGroup:
    if question.kind == Question.Kind.PILLAR_GRID:
        help_id = f"question-{question.key}-help"
        return QuestionGroup(question, fields, help_id, help_id if question.help_text else "")
    field = fields[0]
    help_id = f"{field.auto_id}_helptext"
    described_by = []
    if field.field.widget.use_fieldset:
        described_by = [field.aria_describedby or ""]
        if question.kind == Question.Kind.SCALE and question.min_label:
            described_by.append(f"{field.auto_id}_scale")
    return QuestionGroup(question, fields, help_id, " ".join(filter(None, described_by)))


class SurveyPageForm(forms.Form):
    """One page of questions. With `enforce_required` off (saving for later, going back),
    empty answers are accepted, but a typed value must still be valid to be saved."""

    required_message = "Please answer this question."

    def __init__(self, *args, questions, enforce_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            required = question.required and enforce_required
            if question.kind == Question.Kind.PILLAR_GRID:
                for row, row_label in question.rows:
                    field = forms.ChoiceField(
                        label=row_label,
                        choices=question.choices,
                        widget=forms.RadioSelect,
                        required=required,
                    )
                    self.fields[field_name(question, row)] = field
            else:
                self.fields[field_name(question)] = _field_for(question, required)
        for field in self.fields.values():
            field.error_messages["required"] = self.required_message

    def valid_answers(self) -> dict[tuple[int, str], object]:
        """Every answer on the page that is valid, keyed by (question id, row); empty ones too,
        so clearing an answer is saved. Call after is_valid()."""
        cleaned = getattr(self, "cleaned_data", {})
        answers = {}
        for question in self.questions:
            for row, _ in question.rows:
                name = field_name(question, row)
                if name in cleaned:
                    answers[(question.pk, row)] = cleaned[name]
        return answers

    def grouped(self) -> list[QuestionGroup]:
        """Each question with its bound fields, in page order, for the template."""
        return [
            _group(question, [self[field_name(question, row)] for row, _ in question.rows])
            for question in self.questions
        ]


class StartForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        help_text="We send the aggregate results here when the survey closes, and a link to "
        "continue later. We never show it to other members.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address like you@company.com."},
    )


class ResendForm(forms.Form):
    emails = forms.CharField(
        label="Send this version again to",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "one@example.com, two@example.com"}),
        help_text="Respondents' email addresses, separated by commas or new lines.",
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").split()
        field = forms.EmailField()
        bad = []
        for email in raw:
            try:
                field.clean(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(f"Not email addresses: {', '.join(bad)}.")
        return raw


class FreshLinkForm(forms.Form):
    """The address to email a fresh link to, when a link to continue no longer works."""

    email = forms.EmailField(
        label="Your email address",
        help_text="The address you started the survey with.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter the email address you started the survey with.",
            "invalid": "Enter an email address like you@company.com.",
        },
    )
