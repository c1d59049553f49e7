"""Discussing a section: its page with its threads, comment, reply, edit, delete, hide, resolve.

Every form here works without JavaScript; what was typed comes back with the reason it was
refused. Actions return to the page they were asked from (`next`), at the comment.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from alliance.access import login_required, member_required, staff_required
from pillars import notifying, services
from pillars.access import can_discuss, get_published_version, require_discussion
from pillars.models import ManifestoVersion
from pillars.selectors.comments import comment_for_action, section_threads
from pillars.selectors.reading import latest_number
from pillars.services.comments import MAX_BODY, may_resolve

BODY_HELP = "Markdown works: **bold**, _italic_, [a link](https://…), lists and > quotes."


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_BODY,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write something before you send it."},
    )


class ReplyForm(CommentForm):
    pass


def _back(request, default: str) -> str:
    """Where the form asked to return to, if that is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _section_of(version: ManifestoVersion, key: str):
    section = version.sections.filter(key=key).first()
    if section is None:
        raise Http404("This version has no such section.")
    return section


def _section_page(request, version, section, *, form=None, reply_to=None, page_number=None):
    """The section's page; `form` is the comment form as typed, or a reply form for the thread
    `reply_to`, each shown again with what was typed and why it was refused."""
    raw_thread = request.GET.get("thread", "")
    discussion = section_threads(
        version=version,
        section=section,
        viewer=request.user,
        page_number=page_number or request.GET.get("page"),
        thread_id=int(raw_thread)
        if raw_thread.isascii() and raw_thread.isdigit() and len(raw_thread) < 10
        else None,
    )
    notifying.threads_seen(user=request.user, thread_ids=[t.pk for t in discussion.threads])
    here = _section_url(version, section.key)
    if discussion.thread_id is not None:
        here += f"?thread={discussion.thread_id}"
    elif discussion.page.number > 1:
        here += f"?page={discussion.page.number}"
    context = {
        "version": version,
        "section": section,
        "latest_number": latest_number(),
        "discussion": discussion,
        "here": here,
        "can_discuss": can_discuss(request.user),
        "form": form if reply_to is None and form is not None else CommentForm(),
        "reply_to": reply_to.pk if reply_to is not None else None,
        "reply_form": form if reply_to is not None else None,
        # A reply refused for a thread no longer listed (deleted meanwhile): the reason and
        # the text are shown above the threads instead, so that nothing typed is lost.
        "reply_orphaned": reply_to is not None
        and all(thread.pk != reply_to.pk for thread in discussion.threads),
    }
    return render(request, "pillars/section.html", context)


def _section_url(version, key, comment=None) -> str:
    url = reverse("pillars:section", args=[version.number, key])
    return f"{url}#comment-{comment.pk}" if comment is not None else url


def section(request, number, key):
    version = get_published_version(number=number)
    section = _section_of(version, key)
    if request.method != "POST":
        return _section_page(request, version, section)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require_discussion(request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                version=version,
                section_key=key,
                author=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your comment is posted.")
            return redirect(_section_url(version, key, comment))
    return _section_page(request, version, section, form=form)


def _reply_version(request, thread):
    """The version the reply was written from (the page's), else the thread's own."""
    raw = request.POST.get("version", "")
    if raw.isascii() and raw.isdigit() and len(raw) < 10 and int(raw) > thread.version.number:
        version = ManifestoVersion.objects.filter(
            status=ManifestoVersion.Status.PUBLISHED, number=int(raw)
        ).first()
        if version is not None and version.sections.filter(key=thread.section_key).exists():
            return version
    return thread.version


@member_required
@require_POST
def reply(request, comment_id):
    comment = comment_for_action(comment_id=comment_id)
    thread = comment.parent if comment.parent_id else comment
    version = _reply_version(request, thread)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            answer = services.comment_create(
                version=version,
                section_key=thread.section_key,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=thread,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(_section_url(version, thread.section_key, answer))
    section = _section_of(version, thread.section_key)
    page_number = request.POST.get("page")
    return _section_page(
        request, version, section, form=form, reply_to=thread, page_number=page_number
    )


@member_required
def edit(request, comment_id):
    comment = comment_for_action(comment_id=comment_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only the author edits a comment.")
    if comment.deleted_at:
        raise Http404("This comment was deleted.")
    form = CommentForm(request.POST or None, initial={"body": comment.body_markdown})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your comment is updated.")
            return redirect(_back(request, comment.get_absolute_url()))
    section = comment.version.sections.filter(key=comment.section_key).first()
    context = {"comment": comment, "section": section, "form": form, "next": _back(request, "")}
    return render(request, "pillars/comment_edit.html", context)


@login_required
@require_POST
def delete(request, comment_id):
    comment = comment_for_action(comment_id=comment_id)
    services.comment_delete(comment=comment, user=request.user)
    messages.success(request, "Your comment is deleted.")
    return redirect(_back(request, comment.get_absolute_url()))


@staff_required
@require_POST
def hide(request, comment_id):
    comment = comment_for_action(comment_id=comment_id)
    if comment.is_hidden:
        services.comment_unhide(comment=comment, unhidden_by=request.user)
        messages.success(request, "The comment is shown again.")
    else:
        services.comment_hide(comment=comment, hidden_by=request.user)
        messages.success(request, "The comment is hidden: others see that staff hid it.")
    return redirect(_back(request, comment.get_absolute_url()))


@login_required
@require_POST
def resolve(request, comment_id):
    thread = comment_for_action(comment_id=comment_id)
    if not thread.is_thread or not may_resolve(request.user, thread):
        raise PermissionDenied("Staff or the thread's author mark it resolved.")
    try:
        if thread.is_resolved:
            services.comment_unresolve(thread=thread, user=request.user)
            messages.success(request, "The thread is open again.")
        else:
            services.comment_resolve(thread=thread, user=request.user)
            messages.success(request, "The thread is marked resolved.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request, thread.get_absolute_url()))
