"""The notification centre's filters, read from the query string (a bad value is left out,
never an error page)."""

from django import forms

from notifications.models import Kind


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "All"), *Kind.choices], required=False)
    unread = forms.BooleanField(label="Unread only", required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def filters(self) -> dict:
        """kind, unread_only and number, each falling back to its default when unreadable."""
        # A bad value (?page=x) drops only itself: cleaned_data keeps the fields that parsed.
        self.is_valid()
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or "",
            "unread_only": bool(data.get("unread")),
            "number": data.get("page") or 1,
        }
