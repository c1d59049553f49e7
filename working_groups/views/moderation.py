"""Moderation: the queue, join requests, reports, earlier versions, and acting on posts and
replies. Open to the group's leads and the staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.access import member_required
from working_groups import selectors, services
from working_groups.access import (
    get_group_for_user,
    get_post_for_user,
    get_reply_for_user,
    get_report_for_moderator,
    get_request_to_decide,
    require_moderate,
)
from working_groups.forms import DefaultWatchLevelForm, ModerateForm
from working_groups.views.common import back, error_text


@member_required
@require_GET
def moderation(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    require_moderate(request.user, group)
    queue = selectors.moderation_queue(group=group)
    form = DefaultWatchLevelForm(initial={"level": group.default_watch_level})
    context = {"group": group, "queue": queue, "default_watch_form": form}
    return render(request, "working_groups/moderation.html", context)


@member_required
@require_POST
def request_decide(request, slug, membership_id):
    membership = get_request_to_decide(viewer=request.user, slug=slug, membership_id=membership_id)
    group = membership.group
    try:
        if request.POST.get("decision") == "approve":
            services.membership_approve(membership=membership, decided_by=request.user)
            messages.success(request, f"{membership.user.display_name} is now in {group.name}.")
        else:
            services.membership_decline(membership=membership, decided_by=request.user)
            messages.success(request, f"You declined {membership.user.display_name}'s request.")
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("working_groups:moderation", slug=group.slug)


@member_required
@require_POST
def report_dismiss(request, report_id):
    report, membership = get_report_for_moderator(viewer=request.user, report_id=report_id)
    services.report_dismiss(report=report, by=request.user, membership=membership)
    messages.success(request, "The report is dismissed.")
    return redirect("working_groups:moderation", slug=report.group.slug)


@member_required
@require_GET
def post_history(request, post_id):
    post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    if post.author_id != request.user.pk:  # the author reads their own, the moderators all
        require_moderate(request.user, post.group, membership)
    revisions = list(post.revisions.all())
    return render(
        request,
        "working_groups/post_history.html",
        {"post": post, "group": post.group, "revisions": revisions},
    )


_MODERATE_POST = {
    "hide": (services.post_hide, {}, "The post is hidden."),
    "restore": (services.post_restore, {}, "The post is visible again."),
    "pin": (services.post_pin, {"pinned": True}, "The post is pinned to the top of the feed."),
    "unpin": (services.post_pin, {"pinned": False}, "The post is unpinned."),
    "lock": (services.post_lock, {"locked": True}, "The thread is locked."),
    "unlock": (services.post_lock, {"locked": False}, "The thread is open again."),
}


@member_required
@require_POST
def post_moderate(request, post_id):
    post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    require_moderate(request.user, post.group, membership)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That moderation action is unknown.")
        return redirect(post)
    service, options, done = _MODERATE_POST[form.cleaned_data["action"]]
    service(post=post, by=request.user, membership=membership, **options)
    messages.success(request, done)
    return redirect(back(request, post.get_absolute_url()))


_MODERATE_REPLY = {
    "hide": (services.reply_hide, "The reply is hidden."),
    "restore": (services.reply_restore, "The reply is visible again."),
}


@member_required
@require_POST
def reply_moderate(request, reply_id):
    reply, membership = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    require_moderate(request.user, reply.post.group, membership)
    action = request.POST.get("action")
    if action in _MODERATE_REPLY:
        service, done = _MODERATE_REPLY[action]
        service(reply=reply, by=request.user, membership=membership)
        messages.success(request, done)
    else:
        messages.error(request, "That moderation action is unknown.")
    return redirect(back(request, reply.get_absolute_url()))
