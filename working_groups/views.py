from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from alliance.access import (
    can_moderate,
    can_post_in,
    can_read_group,
    get_group_for_user,
    get_post_for_user,
    get_readable_group,
    get_reply_for_user,
    group_membership,
    is_member,
    member_required,
    require_moderate,
    require_post_in,
)
from working_groups import ratelimit, selectors, services
from working_groups.forms import (
    ModerateForm,
    PostForm,
    ReactionForm,
    ReplyForm,
    ReportForm,
    SearchForm,
)
from working_groups.models import GroupMembership, Report, WorkingGroup

RATE_LIMITED = 429


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _back(request, default: str) -> str:
    """Where a form asked to return to, if that is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Groups -----------------------------------------------------------------------------------


@require_GET
def index(request):
    groups = selectors.group_index(viewer=request.user)
    return render(request, "working_groups/index.html", {"groups": groups})


@require_GET
def group(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    leads = selectors.group_people(group=group, viewer=request.user)
    context = {
        "group": group,
        "membership": group_membership(request.user, group),
        "leads": leads,
        "can_read": can_read_group(request.user, group),
        "can_post": can_post_in(request.user, group),
        "can_moderate": can_moderate(request.user, group),
        "viewer_is_alliance_member": is_member(request.user),
    }
    if context["can_read"]:
        cursor = request.GET.get("after", "")
        context["page"] = selectors.group_feed(group=group, viewer=request.user, cursor=cursor)
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


@member_required
@require_POST
def request_decide(request, slug, membership_id):
    group = get_group_for_user(viewer=request.user, slug=slug)
    require_moderate(request.user, group)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("user", "group"), pk=membership_id, group=group
    )
    try:
        if request.POST.get("decision") == "approve":
            services.membership_approve(membership=membership, decided_by=request.user)
            messages.success(request, f"{membership.user.display_name} is now in {group.name}.")
        else:
            services.membership_decline(membership=membership, decided_by=request.user)
            messages.success(request, f"You declined {membership.user.display_name}'s request.")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("working_groups:moderation", slug=group.slug)


@member_required
@require_GET
def moderation(request, slug):
    group = get_group_for_user(viewer=request.user, slug=slug)
    require_moderate(request.user, group)
    queue = selectors.moderation_queue(group=group)
    return render(request, "working_groups/moderation.html", {"group": group, "queue": queue})


@member_required
@require_POST
def report_dismiss(request, report_id):
    report = get_object_or_404(Report.objects.select_related("group"), pk=report_id)
    require_moderate(request.user, report.group)
    services.report_dismiss(report=report, by=request.user)
    messages.success(request, "The report is dismissed.")
    return redirect("working_groups:moderation", slug=report.group.slug)


# --- Posts ------------------------------------------------------------------------------------


def _rate_limited_post(request, group, form):
    context = {
        "group": group,
        "form": form,
        "rate_limited": True,
        "settings_limit": settings.WORKING_GROUPS_POSTS_PER_MINUTE,
    }
    context["tag_suggestions"] = selectors.popular_tags()
    return render(request, "working_groups/post_form.html", context, status=RATE_LIMITED)


@member_required
def post_create(request, slug):
    group = get_readable_group(viewer=request.user, slug=slug)
    require_post_in(request.user, group)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(user_id=request.user.pk, action="post"):
            return _rate_limited_post(request, group, form)
        try:
            post = services.post_create(
                group=group,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your post is in the feed.")
            return redirect(post)
    context = {"group": group, "form": form, "tag_suggestions": selectors.popular_tags()}
    return render(request, "working_groups/post_form.html", context)


def _thread_context(request, post, reply_form=None):
    group = post.group
    replies = selectors.post_thread(post=post, viewer=request.user)
    quoting = None
    if reply_form is not None:
        quoted_id = reply_form["quoted"].value()
        quoting = next((r for r in replies if str(r.pk) == str(quoted_id)), None)
    return {
        "group": group,
        "post": post,
        "replies": replies,
        "quoting": quoting,
        "can_post": can_post_in(request.user, group),
        "can_moderate": can_moderate(request.user, group),
        "reply_form": reply_form or ReplyForm(),
    }


@member_required
@require_GET
def post(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    reply_form = None
    quote_id = request.GET.get("quote", "")
    if (
        quote_id.isdigit()
        and post.replies.filter(pk=quote_id, hidden_at=None, deleted_at=None).exists()
    ):
        # The quote is shown from the quoted reply itself, never copied into the answer, so a
        # reply hidden later disappears from every quote of it too.
        reply_form = ReplyForm(initial={"quoted": int(quote_id)})
        reply_form.fields["body"].widget.attrs["autofocus"] = True
    return render(request, "working_groups/post.html", _thread_context(request, post, reply_form))


@member_required
def post_edit(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
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
            services.post_edit(
                post=post,
                editor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your post is updated.")
            return redirect(post)
    context = {
        "group": post.group,
        "post": post,
        "form": form,
        "tag_suggestions": selectors.popular_tags(),
    }
    return render(request, "working_groups/post_form.html", context)


@member_required
def post_delete(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied("Only the author deletes a post.")
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)
        messages.success(request, "Your post is deleted.")
        return redirect(post.group)
    return render(request, "working_groups/post_delete.html", {"post": post, "group": post.group})


@member_required
@require_GET
def post_history(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    require_moderate(request.user, post.group)
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
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    require_moderate(request.user, post.group)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That moderation action is unknown.")
        return redirect(post)
    service, options, done = _MODERATE_POST[form.cleaned_data["action"]]
    service(post=post, by=request.user, **options)
    messages.success(request, done)
    return redirect(_back(request, post.get_absolute_url()))


def _reactions_response(request, *, post=None, reply=None):
    target = post if post is not None else reply
    context = {
        "target": target,
        "target_type": "post" if post is not None else "reply",
        "buttons": selectors.reaction_buttons(viewer=request.user, post=post, reply=reply),
        "can_react": True,
    }
    return render(request, "working_groups/_reactions.html", context)


@member_required
@require_POST
def post_react(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    require_post_in(request.user, post.group)
    form = ReactionForm(request.POST)
    if form.is_valid():
        services.reaction_toggle(user=request.user, kind=form.cleaned_data["kind"], post=post)
    if request.htmx:
        return _reactions_response(request, post=post)
    return redirect(_back(request, post.get_absolute_url()))


@member_required
def post_report(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    return _report(request, post.group, {"post": post}, post.get_absolute_url())


def _report(request, group, target, back):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_create(reporter=request.user, reason=form.cleaned_data["reason"], **target)
        messages.success(request, "Thank you. The group's leads will look at it.")
        return redirect(back)
    context = {"group": group, "form": form, "back": back, "target": next(iter(target.values()))}
    context.update(target)
    return render(request, "working_groups/report.html", context)


# --- Replies ----------------------------------------------------------------------------------


@member_required
@require_POST
def reply_create(request, post_id):
    post = get_post_for_user(viewer=request.user, post_id=post_id)
    require_post_in(request.user, post.group)
    form = ReplyForm(request.POST)
    status = 200
    if form.is_valid():
        if not ratelimit.allow(user_id=request.user.pk, action="reply"):
            form.add_error(
                None,
                "You are replying faster than the hub allows. Your text is kept below: "
                "wait a minute, then send it again.",
            )
            status = RATE_LIMITED
        else:
            quoted = None
            if form.cleaned_data["quoted"]:
                quoted = post.replies.filter(pk=form.cleaned_data["quoted"]).first()
            try:
                reply = services.reply_create(
                    post=post, author=request.user, body=form.cleaned_data["body"], quoted=quoted
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                if request.htmx:
                    context = {
                        "reply": selectors.post_thread_reply(reply=reply, viewer=request.user),
                        "post": post,
                        "group": post.group,
                        "can_post": True,
                        "can_moderate": can_moderate(request.user, post.group),
                        "reply_form": ReplyForm(),
                        "oob_form": True,
                    }
                    return render(request, "working_groups/post.html#reply-added", context)
                messages.success(request, "Your reply is posted.")
                return redirect(f"{post.get_absolute_url()}#reply-{reply.pk}")
    if request.htmx:
        context = {"post": post, "group": post.group, "can_post": True, "reply_form": form}
        response = render(request, "working_groups/post.html#reply-form", context, status=status)
        return reswap(retarget(response, "#reply-form"), "outerHTML")
    context = _thread_context(request, post, form)
    return render(request, "working_groups/post.html", context, status=status)


@member_required
@require_POST
def reply_delete(request, reply_id):
    reply = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    if reply.author_id != request.user.pk:
        raise PermissionDenied("Only the author deletes a reply.")
    services.reply_delete(reply=reply, user=request.user)
    messages.success(request, "Your reply is deleted.")
    return redirect(reply.post)


@member_required
@require_POST
def reply_moderate(request, reply_id):
    reply = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    require_moderate(request.user, reply.post.group)
    action = request.POST.get("action")
    if action == "hide":
        services.reply_hide(reply=reply, by=request.user)
        messages.success(request, "The reply is hidden.")
    elif action == "restore":
        services.reply_restore(reply=reply, by=request.user)
        messages.success(request, "The reply is visible again.")
    else:
        messages.error(request, "That moderation action is unknown.")
    return redirect(_back(request, reply.get_absolute_url()))


@member_required
@require_POST
def reply_react(request, reply_id):
    reply = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    require_post_in(request.user, reply.post.group)
    form = ReactionForm(request.POST)
    if form.is_valid():
        services.reaction_toggle(user=request.user, kind=form.cleaned_data["kind"], reply=reply)
    if request.htmx:
        return _reactions_response(request, reply=reply)
    return redirect(reply.get_absolute_url())


@member_required
def reply_report(request, reply_id):
    reply = get_reply_for_user(viewer=request.user, reply_id=reply_id)
    return _report(request, reply.post.group, {"reply": reply}, reply.get_absolute_url())


# --- Search and suggestions -------------------------------------------------------------------


@member_required
@require_GET
def search(request):
    readable = set(selectors.readable_group_ids(viewer=request.user))
    groups = [g for g in WorkingGroup.objects.order_by("name") if g.pk in readable]
    form = SearchForm(request.GET or None, groups=groups)
    hits = []
    if form.is_valid():
        hits = selectors.search(
            viewer=request.user,
            text=form.cleaned_data["q"],
            group_slug=form.cleaned_data["group"],
            tag=form.cleaned_data["tag"].strip().lower(),
        )
    context = {
        "form": form,
        "hits": hits,
        "searched": form.is_valid()
        and (form.cleaned_data["q"].strip() or form.cleaned_data["tag"].strip()),
        "tag_suggestions": selectors.popular_tags(),
    }
    template = (
        "working_groups/search.html#results" if request.htmx else "working_groups/search.html"
    )
    return render(request, template, context)


@member_required
@require_GET
def mention_suggestions(request):
    people = selectors.mention_suggestions(search=request.GET.get("q", ""))
    return render(request, "working_groups/mention_suggestions.html", {"people": people})
