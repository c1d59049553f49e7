import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.hashers import make_password

from alliance.pillars import Pillar
from members.models import (
    PROFILE_FIELDS,
    TIME_ZONES,
    Application,
    EmailKind,
    EmailPreferences,
    Profile,
)
from members.widgets import TimeZoneSelect

NAME_REFUSED = (
    "Use letters, spaces and punctuation only: no line breaks, tabs or control characters."
)
LINKEDIN_REFUSED = (
    "Enter the address of a LinkedIn profile, like https://www.linkedin.com/in/your-name."
)


def clean_display_name(value: str) -> str:
    """A person's name as it is shown and put in the To: of their emails. A line break there
    makes every email to them fail (a header cannot hold one), so control characters and line
    or paragraph separators are refused, at the field, where the person can fix them."""
    name = value.strip()
    if not name:
        raise forms.ValidationError("Please tell us your name.")
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in name):
        raise forms.ValidationError(NAME_REFUSED)
    return name


def is_linkedin_url(url: str) -> bool:
    """Whether the address opens LinkedIn, parsed strictly: browsers read a backslash as a
    slash and drop "user@" before the host, so `https://evil.example\\@www.linkedin.com/` opens
    evil.example although its text ends in linkedin.com."""
    if "\\" in url or any(char.isspace() or not char.isprintable() for char in url):
        return False
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme == "https"
        and "@" not in parts.netloc
        and port is None
        and (host == "linkedin.com" or host.endswith(".linkedin.com"))
    )


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form; allauth adds email and password."""

    name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Shown to other members beside your posts.",
    )

    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self):
        return clean_display_name(self.cleaned_data["name"])

    def full_clean(self):
        super().full_clean()
        # allauth's form (which extends this one) saves a new account, hashing its password,
        # but for an address that has one it only sends an email: a much quicker answer that
        # would tell who has an account. Spend the same hash, as Django's ModelBackend does for
        # an unknown login. Only on a form that will be saved: an invalid one hashes nothing.
        if getattr(self, "account_already_exists", False) and self.is_bound and not self.errors:
            make_password(self.cleaned_data.get("password1"))

    def signup(self, request, user):
        """allauth calls this after saving; the adapter has already stored the name."""


class ProfileForm(forms.ModelForm):
    name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    pillars = forms.MultipleChoiceField(
        label="Pillars of interest",
        choices=Pillar.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The parts of Product Ops you most want to talk about.",
    )
    linkedin_url = forms.URLField(
        label="LinkedIn profile",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/your-name"}),
    )
    time_zone = forms.ChoiceField(
        choices=[(zone, zone.replace("_", " ")) for zone in TIME_ZONES],
        initial="UTC",
        help_text="Used to show working-group calls in your local time.",
        widget=TimeZoneSelect,
    )

    class Meta:
        model = Profile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 600}),
        }
        help_texts = {
            "bio": "A few lines about your work in Product Ops (600 characters at most).",
            "org_size": "Everyone in product: product managers, designers, product ops.",
        }
        error_messages = {
            "company_type": {"required": "Choose the kind of company you work for."},
            "org_size": {"required": "Choose the size of your product organization."},
        }

    field_order = ["name", *Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = user.name
        if self.instance.pk is None:
            self.fields["time_zone"].widget.attrs["data-guess-time-zone"] = ""
        self.fields["company_type"].choices = [
            ("", "Choose one…"),
            *Profile._meta.get_field("company_type").choices,
        ]
        self.fields["org_size"].choices = [
            ("", "Choose one…"),
            *Profile._meta.get_field("org_size").choices,
        ]

    def clean_name(self):
        return clean_display_name(self.cleaned_data["name"])

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        if url and not is_linkedin_url(url):
            raise forms.ValidationError(LINKEDIN_REFUSED)
        return url


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["motivation"]
        labels = {"motivation": "Why do you want to join?"}
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4, "maxlength": 1500})}
        help_texts = {
            "motivation": "A few sentences for the staff who review applications: what you do "
            "in Product Ops and what you hope to share or learn."
        }
        error_messages = {
            "motivation": {"required": "Tell us in a sentence or two why you want to join."}
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    message = forms.CharField(
        label="Message to the applicant (optional)",
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    company_type = forms.ChoiceField(
        label="Company type",
        required=False,
        choices=[("", "Any company type"), *Profile._meta.get_field("company_type").choices],
    )
    org_size = forms.ChoiceField(
        label="Product org size",
        required=False,
        choices=[("", "Any size"), *Profile._meta.get_field("org_size").choices],
    )
    pillar = forms.ChoiceField(
        label="Pillar of interest", required=False, choices=[("", "Any pillar"), *Pillar.choices]
    )


class EmailPreferencesForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label="Send me an email…",
        choices=EmailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Emails about your account and your application are always sent.",
    )
    digest_frequency = forms.ChoiceField(
        label="How often the digest comes",
        choices=EmailPreferences.DigestFrequency.choices,
        # Left out of a form posted without it (an older page): the frequency stays as it was.
        required=False,
        widget=forms.RadioSelect,
        help_text="At seven in the morning in your profile's time zone, and only when there "
        "is something you have not seen.",
    )
    only_when_away = forms.BooleanField(
        label="Email me only when I have not been on the hub for a while",
        label_suffix="",
        required=False,
        help_text="While you are on the hub, what happens shows in the bell instead; "
        "what you have not read by the next digest goes into it.",
    )

    def __init__(self, *args, preferences: EmailPreferences, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "enabled": sorted(set(EmailKind.values) - set(preferences.turned_off)),
                "digest_frequency": preferences.digest_frequency,
                "only_when_away": preferences.only_when_away,
            },
        )
        super().__init__(*args, **kwargs)


class AccountDeleteForm(forms.Form):
    """Confirm with the password, or with the email address for an account without one."""

    confirmation = forms.CharField(label="Your password", widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            self.fields["confirmation"].label = "Type your email address to confirm"
            self.fields["confirmation"].widget = forms.EmailInput()

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(typed):
                raise forms.ValidationError("That is not your password. Nothing was deleted.")
        elif typed.strip().lower() != self.user.email.lower():
            raise forms.ValidationError("That is not your email address. Nothing was deleted.")
        return typed


# Imported here, below SignupForm: allauth's forms module builds its signup form on
# ACCOUNT_SIGNUP_FORM_CLASS (this module's SignupForm), so importing it at the top is a circle.
from allauth.account import forms as allauth_forms  # noqa: E402


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form in the hub's words: its "Remember Me:" becomes a plain sentence
    (templates/allauth/elements/fields.html puts the checkbox before it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            remember = self.fields["remember"]
            remember.label = "Keep me signed in on this device"
            remember.label_suffix = ""
