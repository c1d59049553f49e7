"""Replies: write one (in place with htmx, or as a whole page), delete, react and report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from alliance.access import member_required
from working_groups import ratelimit, selectors, services
from working_groups.access import (
    can_moderate,
    get_post_for_user,
    get_reply_for_user,
    get_visible_reply,
    require_post_in,
)
from working_groups.forms import ReplyForm
from working_groups.views.common import (
    RATE_LIMITED,
    error_text,
    report_page,
    thread_context,
    toggle_reaction,
)

TOO_FAST = (
    "You are replying faster than the hub allows. Your text is kept below: "
    "wait a minute, then send it again."
)


def _write_reply(request, post, membership, form):
    """The new reply, or None with the reason it was refused added to the form."""
    quoted = None
    if form.cleaned_data["quoted"]:
        quoted = post.replies.filter(pk=form.cleaned_data["quoted"]).first()
    try:
        return services.reply_create(
            post=post,
            author=request.user,
            body=form.cleaned_data["body"],
            quoted=quoted,
            membership=membership,
        )
    except ValidationError as error:
        form.add_error(None, error_text(error))
        return None


def _reply_added(request, post, membership, reply):
    """With htmx, the new reply and a fresh form; without, back to the thread at the reply."""
    if request.htmx:
        context = {
            "reply": selectors.post_thread_reply(reply=reply, viewer=request.user),
            "post": post,
            "group": post.group,
            "can_post": True,
            "can_moderate": can_moderate(request.user, post.group, membership),
            "reply_form": ReplyForm(),
            "oob_form": True,
        }
        return render(request, "working_groups/post.html#reply-added", context)
    messages.success(request, "Your reply is posted.")
    return redirect(f"{post.get_absolute_url()}#reply-{reply.pk}")


def _reply_form_again(request, post, membership, form, status):
    """The form with what was typed and why it was not sent: in place, or the whole thread."""
    if request.htmx:
        context = {"post": post, "group": post.group, "can_post": True, "reply_form": form}
        response = render(request, "working_groups/post.html#reply-form", context, status=status)
        return reswap(retarget(response, "#reply-form"), "outerHTML")
    context = thread_context(request, post, membership, form)
    return render(request, "working_groups/post.html", context, status=status)


@member_required
@require_POST
def reply_create(request, post_id):
    post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    require_post_in(request.user, post.group, membership)
    form = ReplyForm(request.POST)
    status = 200
    if form.is_valid():
        if not ratelimit.allow(user_id=request.user.pk, action="reply"):
            form.add_error(None, TOO_FAST)
            status = RATE_LIMITED
        elif (reply := _write_reply(request, post, membership, form)) is not None:
            return _reply_added(request, post, membership, reply)
    return _reply_form_again(request, post, membership, form, status)


@member_required
@require_POST
def reply_delete(request, reply_id):
    reply = get_visible_reply(viewer=request.user, reply_id=reply_id)
    if reply.author_id != request.user.pk:
        raise PermissionDenied("Only the author deletes a reply.")
    services.reply_delete(reply=reply, user=request.user)
    messages.success(request, "Your reply is deleted.")
    return redirect(reply.post)


@member_required
@require_POST
def reply_react(request, reply_id):
    reply, membership = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    require_post_in(request.user, reply.post.group, membership)
    return toggle_reaction(request, membership, reply=reply, done=reply.get_absolute_url())


@member_required
def reply_report(request, reply_id):
    reply = get_visible_reply(viewer=request.user, reply_id=reply_id)
    return report_page(request, reply.post.group, {"reply": reply}, reply.get_absolute_url())
