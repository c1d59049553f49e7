from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alliance.access import is_member, login_required, member_required, staff_required
from members import contributions, emails, selectors, services
from members.access import get_application_for_staff, get_profile_for_user
from members.forms import (
    AccountDeleteForm,
    ApplicationForm,
    DecisionForm,
    DirectoryFilterForm,
    EmailPreferencesForm,
    ProfileForm,
)
from members.models import EmailKind, Profile, User

DIRECTORY_PAGE_SIZE = 24
QUEUE_PAGE_SIZE = 20


@member_required
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.directory_profiles(
        search=filters.get("q", "").strip(),
        company_type=filters.get("company_type", ""),
        org_size=filters.get("org_size", ""),
        pillar=filters.get("pillar", ""),
    )
    page = Paginator(profiles, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "members/directory.html#results" if request.htmx else "members/directory.html"
    return render(request, template, context)


@member_required
def profile(request, user_id):
    shown = get_profile_for_user(viewer=request.user, user_id=user_id)
    sections = contributions.sections_for(user=shown.user, viewer=request.user)
    return render(request, "members/profile.html", {"profile": shown, "sections": sections})


def _profile_fields(form):
    return {key: value for key, value in form.cleaned_data.items() if key != "name"}


@login_required
def profile_edit(request):
    instance = Profile.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_save(
            user=request.user, name=form.cleaned_data["name"], **_profile_fields(form)
        )
        messages.success(request, "Your profile is saved.")
        return redirect("members:profile_edit")
    return render(request, "members/profile_edit.html", {"form": form, "profile": instance})


@login_required
def apply(request):
    if is_member(request.user):
        messages.info(request, "You are already a member of the alliance.")
        return redirect("members:directory")
    latest = selectors.latest_application(user=request.user)
    if latest and latest.status == latest.Status.PENDING:
        return render(request, "members/application_status.html", {"application": latest})
    instance = Profile.objects.filter(user=request.user).first()
    profile_form = ProfileForm(request.POST or None, instance=instance, user=request.user)
    application_form = ApplicationForm(request.POST or None)
    if request.method == "POST" and profile_form.is_valid() and application_form.is_valid():
        services.profile_save(
            user=request.user,
            name=profile_form.cleaned_data["name"],
            **_profile_fields(profile_form),
        )
        try:
            application = services.application_submit(
                user=request.user, motivation=application_form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            application_form.add_error(None, error)
        else:
            if application.status == application.Status.APPROVED:
                messages.success(request, "Welcome! Your application was approved at once.")
                return redirect("members:directory")
            messages.success(request, "Thank you! Your application is waiting for review.")
            return redirect("members:apply")
    context = {
        "profile_form": profile_form,
        "application_form": application_form,
        "previous": latest,
    }
    return render(request, "members/apply.html", context)


@staff_required
def application_queue(request):
    page = Paginator(selectors.pending_applications(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "members/application_queue.html", {"page": page, "decision_form": DecisionForm()}
    )


@staff_required
@require_POST
def application_decide(request, application_id):
    application = get_application_for_staff(viewer=request.user, application_id=application_id)
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        decide = (
            services.application_approve
            if form.cleaned_data["decision"] == "approve"
            else services.application_decline
        )
        try:
            application = decide(
                application=application,
                decided_by=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
    else:
        error = "Choose to approve or decline; a message is at most 1,500 characters."
    if request.htmx:
        context = {"application": application, "decision_form": form, "error": error}
        return render(request, "members/application_queue.html#row", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            f"{application.user.display_name}: {application.get_status_display().lower()}.",
        )
    return redirect("members:application_queue")


@login_required
def email_preferences(request):
    preferences = selectors.email_preferences_of(user=request.user)
    form = EmailPreferencesForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        services.email_preferences_update(
            user=request.user,
            enabled=set(form.cleaned_data["enabled"]),
            digest_frequency=form.cleaned_data["digest_frequency"] or None,
            only_when_away=form.cleaned_data["only_when_away"],
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("members:email_preferences")
    return render(
        request,
        "members/email_preferences.html",
        # The per-group switches live with the groups, which this part of the hub stands below.
        {"form": form, "group_settings_url": "/groups/notifications/"},
    )


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(
            request, "Your account is deleted. Thank you for being part of the alliance."
        )
        return redirect("home")
    return render(request, "members/account_delete.html", {"form": form})


def unsubscribe_page(
    request, *, user_id: int, what: str, turn_off, settings_url: str, about: str = ""
):
    """The page behind every one-click unsubscribe link (this part's kinds, notifications'
    groups): GET asks, POST does it. Mail clients send the RFC 8058 one click as a POST without
    a CSRF token, so the calling view is csrf_exempt: the signed token in its URL is what
    authorizes it, whoever holds it."""
    if not User.objects.filter(pk=user_id, deleted_at=None).exists():
        raise Http404("This unsubscribe link is not valid.")
    done = request.method == "POST"
    if done:
        turn_off()
    return render(
        request,
        "members/unsubscribe.html",
        # No address: whoever holds the link (a forwarded email) learns nothing about the account.
        {"what": what, "about": about, "done": done, "settings_url": settings_url},
    )


@csrf_exempt
def unsubscribe(request, token):
    found = emails.read_unsubscribe_token(token)
    if found is None or found[1] not in EmailKind.values:
        raise Http404("This unsubscribe link is not valid.")
    user_id, kind = found
    return unsubscribe_page(
        request,
        user_id=user_id,
        # Mid-sentence: "Stop sending the digest: what I have not seen yet… emails".
        what=f"{EmailKind(kind).label[0].lower()}{EmailKind(kind).label[1:]} emails",
        turn_off=lambda: services.email_kind_unsubscribe(
            user=User.objects.get(pk=user_id), kind=kind
        ),
        settings_url=reverse("members:email_preferences"),
    )
