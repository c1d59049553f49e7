"""Writing and curating: new drafts, editing, the author's preview and the shared preview
link, submitting, deleting, co-authors and their invitations, and "My library"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from alliance.emails import absolute
from library import notifying
from library.access import (
    can_write,
    get_invitation,
    get_item_for_author,
    require_contributor,
    require_writer,
)
from library.forms import CoauthorForm, PreviewLinkForm, form_for
from library.models import Item
from library.selectors import writing as selectors
from library.services import writing as services

# Longer than any token preview_link_create makes: refused before the database is asked.
MAX_TOKEN = 64


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _initial(item: Item) -> dict:
    return {
        "title": item.title, "summary": item.summary, "pillars": item.pillars,
        "tags": ", ".join(sorted(item.tags.names(), key=str.lower)), "body": item.body_markdown,
        "url": item.url, "original_author": item.original_author,
        "curator_note": item.curator_note, "quote": item.quote,
    }  # fmt: skip


def _form_page(request, *, kind, form, item=None, coauthor_form=None):
    """The writing form: for a new item, or an item's edit page with its credits and the
    note staff left when they asked for changes."""
    context = {"kind": kind, "form": form, "item": item}
    if item is not None:
        context.update(
            credits=item.credits.all(),
            is_creator=request.user.pk == item.created_by_id or request.user.is_staff,
            coauthor_form=coauthor_form or CoauthorForm(),
            change_request=selectors.change_request(item=item),
        )
    return render(request, "library/item_form.html", context)


def _saved(form, save):
    """Call the service with what the form read; its messages go to their fields."""
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _after_save(request, item: Item):
    if request.POST.get("then") == "preview":
        return redirect("library:preview", item.pk)
    messages.success(request, "Your draft is saved. Only you and your co-authors can see it.")
    return redirect("library:edit", item.pk)


def _new(request, kind: str):
    require_contributor(request.user)
    form = form_for(kind)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = _saved(
            form,
            lambda **fields: services.item_create(kind=kind, created_by=request.user, **fields),
        )
        if item is not None:
            return _after_save(request, item)
    return _form_page(request, kind=kind, form=form)


def new_article(request):
    return _new(request, Item.Kind.ARTICLE)


def new_link(request):
    return _new(request, Item.Kind.LINK)


def edit(request, item_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    if not item.is_editable:
        messages.info(
            request, f"It is {item.get_status_display().lower()}: it cannot be edited now."
        )
        return redirect("library:preview", item.pk)
    require_writer(request.user, item)
    notifying.item_seen(user=request.user, item=item)
    form = form_for(item.kind)(request.POST or None, initial=_initial(item))
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            form,
            lambda **fields: services.item_edit(item=item, user=request.user, **fields),
        )
        if saved is not None:
            return _after_save(request, saved)
    return _form_page(request, kind=item.kind, form=form, item=item)


@require_GET
def preview(request, item_id):
    item, credit = get_item_for_author(user=request.user, item_id=item_id)
    if item.is_published:
        return redirect(item)
    notifying.item_seen(user=request.user, item=item)
    context = {
        "item": selectors.preview_item(item=item),
        "credit": credit,
        "can_write": can_write(request.user, item),
        "pending": selectors.pending_credits(item=item),
        "preview_url": _shared_url(item),
        "can_share": item.status in services.PREVIEWABLE,
    }
    return render(request, "library/preview.html", context)


def _shared_url(item: Item) -> str:
    if not item.preview_token:
        return ""
    return absolute(reverse("library:shared_preview", args=[item.preview_token]))


@never_cache
@require_GET
def shared_preview(request, token):
    if not token or len(token) > MAX_TOKEN or "\x00" in token:
        raise Http404("No such preview.")
    item = Item.objects.filter(preview_token=token).prefetch_related("credits__member").first()
    if item is None or item.status in (Item.Status.DECLINED, Item.Status.WITHDRAWN):
        raise Http404("No such preview.")
    if item.is_published:
        return redirect(item)
    context = {"item": selectors.preview_item(item=item), "shared": True}
    response = render(request, "library/shared_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address holds the token: never sent on to the sites the draft links to.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def submit(request, item_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    require_writer(request.user, item)
    try:
        services.item_submit(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("library:preview", item.pk)
    messages.success(request, f"“{item.title}” is submitted. Staff will review it.")
    # Not blocking: an invitation not yet answered may be accepted during the review; the
    # name shows once it is, and never before.
    if pending := selectors.pending_credits(item=item):
        names = ", ".join(credit.member.display_name for credit in pending)
        messages.info(request, f"Not yet accepted: {names}. Their names show once they accept.")
    return redirect("library:mine")


@require_POST
def delete(request, item_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    try:
        services.item_delete(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("library:preview", item.pk)
    messages.success(request, f"The draft “{item.title}” is deleted.")
    return redirect("library:mine")


@require_POST
def preview_link(request, item_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    require_writer(request.user, item)
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to make a preview link or to stop the current one.")
    elif form.cleaned_data["action"] == "revoke":
        services.preview_link_revoke(item=item, user=request.user)
        messages.success(request, "The preview link no longer works.")
    else:
        try:
            services.preview_link_create(item=item, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, "Anyone with the preview link can read the draft. Copy it below."
            )
    return redirect(reverse("library:preview", args=[item.pk]) + "#preview-link")


@require_POST
def credit_add(request, item_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    require_writer(request.user, item)
    if not item.is_editable:
        messages.error(request, "Co-authors are named while the article is a draft.")
        return redirect("library:preview", item.pk)
    form = CoauthorForm(request.POST)
    if form.is_valid():
        member = selectors.member_by_email(form.cleaned_data["email"])
        if member is None:
            form.add_error("email", "No member of the alliance signs in with this address.")
        else:
            try:
                services.credit_invite(item=item, member=member, invited_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"{member.display_name} is invited. Their name shows once they accept."
                )
                return redirect(reverse("library:edit", args=[item.pk]) + "#credits")
    item_form = form_for(item.kind)(initial=_initial(item))
    return _form_page(request, kind=item.kind, form=item_form, item=item, coauthor_form=form)


@require_POST
def credit_remove(request, item_id, credit_id):
    item, _credit = get_item_for_author(user=request.user, item_id=item_id)
    credit = next((c for c in item.credits.all() if c.pk == credit_id), None)
    if credit is None:
        raise Http404("No such credit.")
    try:
        services.credit_remove(credit=credit, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{credit.member.display_name} is no longer named.")
    return redirect(reverse("library:edit", args=[item.pk]) + "#credits")


@require_POST
def credit_accept(request, credit_id):
    credit = get_invitation(user=request.user, credit_id=credit_id)
    try:
        services.credit_accept(credit=credit, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("library:mine")
    messages.success(request, f"You are credited on “{credit.item.title}”.")
    return redirect("library:preview", credit.item_id)


@require_POST
def credit_decline(request, credit_id):
    credit = get_invitation(user=request.user, credit_id=credit_id)
    try:
        services.credit_decline(credit=credit, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"You declined to be credited on “{credit.item.title}”.")
    return redirect("library:mine")


@require_GET
def mine(request):
    require_contributor(request.user)
    context = {
        "sections": selectors.my_items(user=request.user),
        "invitations": selectors.my_invitations(user=request.user),
    }
    return render(request, "library/mine.html", context)
