"""How a member follows their groups and threads: a group's notifications form (on its page,
and one a row on "Your groups"), a thread's watch buttons, and the level a group's new members
start at (its moderation page). Each works as a plain form; htmx swaps the answer in place."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from alliance.access import member_required
from working_groups import selectors, services
from working_groups.access import (
    get_group_for_user,
    get_own_membership,
    get_post_for_user,
    require_moderate,
)
from working_groups.forms import (
    LEVEL_HELP,
    LEVEL_NAMES,
    DefaultWatchLevelForm,
    GroupNotificationsForm,
    PostWatchForm,
)
from working_groups.views.common import back


@member_required
@require_GET
def my_notifications(request):
    """Your groups: how you follow each, and whether it emails you."""
    forms = [
        GroupNotificationsForm(membership=membership, compact=True)
        for membership in selectors.my_groups(viewer=request.user)
    ]
    levels = [(LEVEL_NAMES[level], text) for level, text in LEVEL_HELP.items()]
    context = {"forms": forms, "levels": levels}
    return render(request, "working_groups/notifications.html", context)


@member_required
@require_POST
def group_notifications(request, slug):
    membership = get_own_membership(viewer=request.user, slug=slug)
    group = membership.group
    form = GroupNotificationsForm(request.POST, membership=membership)
    if form.is_valid():
        services.watch_level_set(membership=membership, level=form.cleaned_data["level"])
        services.group_emails_set(membership=membership, emails=form.cleaned_data["emails"])
        done = f"{group.name}: {LEVEL_NAMES[membership.watch_level]}, emails " + (
            "off." if membership.emails_off else "on."
        )
    else:
        done = "Choose one of the four ways to follow the group."
    if request.htmx:
        form = GroupNotificationsForm(membership=membership)
        context = {"group": group, "notifications_form": form, "saved": done}
        return render(request, "working_groups/_group_notifications.html", context)
    (messages.success if form.is_valid() else messages.error)(request, done)
    return redirect(back(request, f"{group.get_absolute_url()}#notifications"))


@member_required
@require_POST
def post_watch(request, post_id):
    post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    form = PostWatchForm(request.POST)
    if form.is_valid():
        services.post_watch_set(
            post=post, user=request.user, level=form.cleaned_data["level"], membership=membership
        )
    if request.htmx:
        context = {
            "post": post,
            "group": post.group,
            "membership": membership,
            "watch": selectors.thread_watch(post=post, viewer=request.user),
        }
        return render(request, "working_groups/post.html#watch", context)
    return redirect(f"{post.get_absolute_url()}#watch")


@member_required
@require_POST
def default_watch_level(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    require_moderate(request.user, group)
    form = DefaultWatchLevelForm(request.POST)
    if form.is_valid():
        level = form.cleaned_data["level"]
        services.group_default_watch_level_set(group=group, level=level, by=request.user)
        messages.success(request, f"New members follow {group.name}: {LEVEL_NAMES[level]}.")
    else:
        messages.error(request, "Choose one of the four ways to follow the group.")
    return redirect(f"{reverse('working_groups:moderation', args=[group.slug])}#new-members")
