"""What several working-groups views share: the way back, errors as text, the thread's
context, toggling a reaction and the report form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from working_groups import selectors, services
from working_groups.access import can_moderate, can_post_in
from working_groups.forms import ReactionForm, ReplyForm, ReportForm

RATE_LIMITED = 429


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def back(request, default: str) -> str:
    """Where a form asked to return to, if that is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def thread_context(request, post, membership, reply_form=None) -> dict:
    """The context of a post's page, with its replies and what the viewer may do there."""
    group = post.group
    replies = selectors.post_thread(post=post, viewer=request.user, membership=membership)
    quoting = None
    if reply_form is not None:
        quoted_id = reply_form["quoted"].value()
        quoting = next((r for r in replies if str(r.pk) == str(quoted_id)), None)
    can_post = can_post_in(request.user, group, membership)
    return {
        "group": group,
        "post": post,
        "membership": membership,
        "replies": replies,
        "quoting": quoting,
        "can_post": can_post,
        "can_moderate": can_moderate(request.user, group, membership),
        "reply_form": reply_form or ReplyForm(),
        # The thread's watch buttons are its members' (one query, for them only).
        "watch": selectors.thread_watch(post=post, viewer=request.user) if can_post else "",
    }


def toggle_reaction(request, membership, *, post=None, reply=None, done: str):
    """Toggle the viewer's reaction on a post or a reply (the access checks done). With htmx,
    answer its reaction buttons as they now stand, to swap in place; without, go to `done`."""
    form = ReactionForm(request.POST)
    if form.is_valid():
        services.reaction_toggle(
            user=request.user,
            kind=form.cleaned_data["kind"],
            post=post,
            reply=reply,
            membership=membership,
        )
    if not request.htmx:
        return redirect(done)
    context = {
        "target": post if post is not None else reply,
        "target_type": "post" if post is not None else "reply",
        "buttons": selectors.reaction_buttons(viewer=request.user, post=post, reply=reply),
        "can_react": True,
    }
    return render(request, "working_groups/_reactions.html", context)


def report_page(request, group, target, back_to):
    """Report a post or a reply (`target`: {"post": post} or {"reply": reply}); not one's own."""
    if next(iter(target.values())).author_id == request.user.pk:
        raise PermissionDenied("You cannot report your own post or reply.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_create(reporter=request.user, reason=form.cleaned_data["reason"], **target)
        messages.success(request, "Thank you. The group's leads will look at it.")
        return redirect(back_to)
    context = {
        "group": group,
        "form": form,
        "back": back_to,
        "target": next(iter(target.values())),
    }
    context.update(target)
    return render(request, "working_groups/report.html", context)
