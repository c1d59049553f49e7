from django import forms


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form; allauth adds email and password."""

    name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "Ada Lovelace"}),
        help_text="Shown to other members beside your posts.",
    )

    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Please tell us your name.")
        return name

    def signup(self, request, user):
        """allauth calls this after saving; the adapter has already stored the name."""
