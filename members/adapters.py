from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.html import format_html

from alliance.access import is_member
from alliance.emails import as_data, render_text
from alliance.jobs import enqueue
from members.selectors import latest_application


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account flow, with the full name the signup form asks for."""

    def save_user(self, request, user, form, commit=True):
        name = (form.cleaned_data.get("name") or "").strip()
        if name:
            user.name = name
        return super().save_user(request, user, form, commit=commit)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        # allauth renders the text part with the default engine, which escapes HTML: a
        # plain-text email must read "o'neill@example.com", as every email of the hub does.
        if message.content_subtype == "plain":
            message.body = render_text(f"{template_prefix}_message.txt", context).strip()
        return message

    def send_mail(self, template_prefix, email, context):
        # Sent by a worker through the outbox (members.tasks.send_account_email): a mail server
        # or broker that is slow or away never fails, nor holds up, the page that asked.
        # The context allauth's own send_mail gives its templates, then the caller's.
        request = allauth_context.request
        context = {"request": request, "email": email,
                   "current_site": get_current_site(request), **context}  # fmt: skip
        message = self.render_mail(template_prefix, email, context)
        enqueue("members.tasks.send_account_email", as_data(message))

    def get_login_redirect_url(self, request):
        # A new account's next step is its application; members go where they were going.
        user = request.user
        if not user.is_staff and not is_member(user) and latest_application(user=user) is None:
            return reverse("members:apply")
        return super().get_login_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # Staff can read every member's data and sign in to the admin: a password alone is one
        # phishing email away from all of it. Asked at each sign-in until they turn it on.
        if user.is_staff and not is_mfa_enabled(user):
            messages.warning(
                request,
                format_html(
                    'Staff accounts hold every member\'s data: please <a href="{}">turn on '
                    "two-factor authentication</a> with an authenticator app.",
                    reverse("mfa_index"),
                ),
            )
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Google / LinkedIn sign-ups take the person's name from the provider."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        parts = [data.get("first_name"), data.get("last_name")]
        user.name = (data.get("name") or " ".join(p for p in parts if p)).strip()
        return user
