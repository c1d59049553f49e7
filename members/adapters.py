from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account flow, with the full name the signup form asks for."""

    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data["name"].strip()
        return super().save_user(request, user, form, commit=commit)
