"""The groups' index, a group's page with its feed, and joining and leaving."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.access import is_member, member_required
from working_groups import selectors, services
from working_groups.access import can_moderate, can_post_in, can_read_group, get_group_for_user
from working_groups.forms import GroupNotificationsForm
from working_groups.selectors import calls as call_selectors


@require_GET
def index(request):
    groups = selectors.group_index(viewer=request.user)
    return render(request, "working_groups/index.html", {"groups": groups})


@require_GET
def group(request, slug):
    group = get_group_for_user(
        viewer=request.user, slug=slug, groups=call_selectors.groups_with_next_call()
    )
    leads, membership = selectors.group_people(group=group, viewer=request.user)
    context = {
        "group": group,
        "membership": membership,
        "leads": leads,
        "can_read": can_read_group(request.user, group, membership),
        "can_post": can_post_in(request.user, group, membership),
        "can_moderate": can_moderate(request.user, group, membership),
        "viewer_is_alliance_member": is_member(request.user),
    }
    if context["can_post"]:  # an active member chooses how they follow the group
        membership.group = group  # the form names its fields after it: no second look-up
        context["notifications_form"] = GroupNotificationsForm(membership=membership)
    if context["can_read"]:  # a closed group's calls are its members', as its feed
        context["next_call"] = call_selectors.next_call_of(group)
        cursor = request.GET.get("after", "")
        context["page"] = selectors.group_feed(
            group=group, viewer=request.user, membership=membership, cursor=cursor
        )
        context["cursor"] = cursor
        if request.htmx and cursor:
            return render(request, "working_groups/group.html#feed-page", context)
    return render(request, "working_groups/group.html", context)


@member_required
@require_POST
def group_join(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    membership = services.membership_join(group=group, user=request.user)
    if membership.is_active:
        messages.success(request, f"Welcome to {group.name}. Say hello in the feed!")
    else:
        messages.success(request, f"Your request to join {group.name} is with its leads.")
    return redirect(group)


@member_required
@require_POST
def group_leave(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    services.membership_leave(group=group, user=request.user)
    messages.success(request, f"You have left {group.name}.")
    return redirect(group)
