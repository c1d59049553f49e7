"""Posts: start one, read its thread, edit, delete, react and report."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.access import member_required
from notifications.services import notifications_read_target
from working_groups import notifying, ratelimit, selectors, services
from working_groups.access import (
    PostGone,
    PostHiddenFromAuthor,
    get_post_for_user,
    get_readable_group,
    get_visible_post,
    require_post_in,
)
from working_groups.forms import PostForm, ReplyForm
from working_groups.views.common import (
    RATE_LIMITED,
    back,
    report_page,
    thread_context,
    toggle_reaction,
)


def _post_form_page(request, context, status=200):
    context["tag_suggestions"] = selectors.popular_tags(viewer=request.user)
    return render(request, "working_groups/post_form.html", context, status=status)


def _rate_limited_post(request, group, form):
    context = {
        "group": group,
        "form": form,
        "rate_limited": True,
        "settings_limit": settings.WORKING_GROUPS_POSTS_PER_MINUTE,
    }
    return _post_form_page(request, context, status=RATE_LIMITED)


@member_required
def post_create(request, slug):
    group, membership = get_readable_group(viewer=request.user, slug=slug)
    require_post_in(request.user, group, membership)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(user_id=request.user.pk, action="post"):
            return _rate_limited_post(request, group, form)
        try:
            post = services.post_create(
                group=group, author=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your post is in the feed.")
            return redirect(post)
    return _post_form_page(request, {"group": group, "form": form})


def _gone_post_page(request, gone: PostGone):
    """A deleted post's tombstone, over the replies others wrote under it; or a hidden post
    shown to its author alone, with who hid it and when. Read only: it takes no replies."""
    context = thread_context(request, gone.post, gone.membership)
    context.update(can_post=False, gone=True)
    if isinstance(gone, PostHiddenFromAuthor):
        hidden_by = gone.post.hidden_by
        context["hidden_by_staff"] = hidden_by is not None and hidden_by.is_staff
    return render(request, "working_groups/post.html", context)


@member_required
@require_GET
def post(request, post_id):
    try:
        post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    except PostGone as gone:
        return _gone_post_page(request, gone)
    reply_form = None
    quote_id = request.GET.get("quote", "")
    # ASCII digits only: "²" passes isdigit() and is no id (and is refused by the query).
    if (
        quote_id.isascii()
        and quote_id.isdigit()
        and len(quote_id) < 19  # a bigint
        and post.replies.filter(pk=quote_id, hidden_at=None, deleted_at=None).exists()
    ):
        # The quote is shown from the quoted reply itself, never copied into the answer, so a
        # reply hidden later disappears from every quote of it too.
        reply_form = ReplyForm(initial={"quoted": int(quote_id)})
        reply_form.fields["body"].widget.attrs["autofocus"] = True
    # What the member was told about this thread is read once they open it (one UPDATE).
    notifications_read_target(user=request.user, target_keys=[notifying.post_key(post.pk)])
    context = thread_context(request, post, membership, reply_form)
    return render(request, "working_groups/post.html", context)


@member_required
def post_edit(request, post_id):
    post = get_visible_post(viewer=request.user, post_id=post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied("Only the author edits a post.")
    initial = {
        "title": post.title,
        "body": post.body_markdown,
        "tags": ", ".join(post.tags.names()),
    }
    form = PostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your post is updated.")
            return redirect(post)
    return _post_form_page(request, {"group": post.group, "post": post, "form": form})


@member_required
def post_delete(request, post_id):
    post = get_visible_post(viewer=request.user, post_id=post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied("Only the author deletes a post.")
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)
        messages.success(request, "Your post is deleted.")
        return redirect(post.group)
    return render(request, "working_groups/post_delete.html", {"post": post, "group": post.group})


@member_required
@require_POST
def post_react(request, post_id):
    post, membership = get_post_for_user(viewer=request.user, post_id=post_id)
    require_post_in(request.user, post.group, membership)
    done = back(request, post.get_absolute_url())
    return toggle_reaction(request, membership, post=post, done=done)


@member_required
def post_report(request, post_id):
    post = get_visible_post(viewer=request.user, post_id=post_id)
    return report_page(request, post.group, {"post": post}, post.get_absolute_url())
