"""Staff's draft of the next version: start it, edit it section by section with a preview,
add or remove sections, see what it changes, then publish it or throw it away.

Every page is for staff only (a visitor is sent to log in; anyone else gets 403). A form with
a mistake comes back with the text as typed and the message at its field.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.access import staff_required
from pillars import services
from pillars.forms import NewSectionForm, PublishForm, SectionForm
from pillars.selectors.drafts import current_draft, draft_page, draft_section
from pillars.selectors.reading import latest_version
from pillars.services.versions import PERMANENT_KEYS

# Another member of staff published or discarded the draft while this one was being typed.
DRAFT_GONE = (
    "The draft was published or discarded while you were writing. Your text is below: copy "
    "it, then start a new draft from the draft page."
)


def _no_draft(request):
    messages.info(request, "There is no draft at the moment: start one first.")
    return redirect("pillars:draft")


def _draft_page(request, page, form, status=200):
    context = {"page": page, "form": form, "latest": page.latest, "permanent_keys": PERMANENT_KEYS}
    return render(request, "pillars/draft.html", context, status=status)


@staff_required
@require_GET
def draft(request):
    draft = current_draft()
    if draft is None:
        return render(request, "pillars/draft.html", {"page": None, "latest": latest_version()})
    page = draft_page(draft=draft)
    return _draft_page(request, page, PublishForm(threads=page.threads))


@staff_required
@require_POST
def start(request):
    already = current_draft()
    draft = services.draft_start(started_by=request.user)
    if already is not None:
        messages.info(request, "A draft is already open: here it is.")
    elif draft.based_on is not None:
        messages.success(request, f"Your draft starts as a copy of {draft.based_on.label}.")
    return redirect("pillars:draft")


def _section_page(request, template, context, form):
    status = 400 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def _save(form, action, **kwargs):
    """Run a section service with the form's text; its refusals go to the form's fields."""
    data = form.cleaned_data
    try:
        return action(
            title=data["title"],
            statement=data["statement"],
            body=data["body"],
            order=data["order"],
            **kwargs,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@staff_required
def section(request, key):
    draft = current_draft()
    section = draft_section(draft=draft, key=key) if draft else None
    if section is None and request.method != "POST":
        raise Http404("The draft has no section with this key.")
    initial = section and {
        "title": section.title,
        "statement": section.statement,
        "body": section.body_markdown,
        "order": section.order,
    }
    form = SectionForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"draft": draft, "section": section, "key": key}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = form.preview()
        elif section is None:
            form.add_error(None, DRAFT_GONE)
        elif _save(form, services.section_save, draft=draft, key=key, edited_by=request.user):
            messages.success(request, f"“{form.cleaned_data['title']}” is saved in the draft.")
            return redirect("pillars:draft")
    return _section_page(request, "pillars/draft_section.html", context, form)


@staff_required
def section_add(request):
    draft = current_draft()
    if draft is None and request.method != "POST":
        return _no_draft(request)
    form = NewSectionForm(request.POST if request.method == "POST" else None)
    context = {"draft": draft}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = form.preview()
        elif draft is None:
            form.add_error(None, DRAFT_GONE)
        elif _save(
            form,
            services.section_add,
            draft=draft,
            key=form.cleaned_data["key"],
            edited_by=request.user,
        ):
            messages.success(request, f"“{form.cleaned_data['title']}” is added to the draft.")
            return redirect("pillars:draft")
    return _section_page(request, "pillars/draft_section_add.html", context, form)


@staff_required
@require_POST
def section_remove(request, key):
    draft = current_draft()
    section = draft_section(draft=draft, key=key) if draft else None
    if section is None:
        raise Http404("The draft has no section with this key.")
    try:
        services.section_remove(draft=draft, key=key, edited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{section.title}” is taken out of the draft.")
    return redirect("pillars:draft")


@staff_required
@require_POST
def publish(request):
    draft = current_draft()
    if draft is None:
        return _no_draft(request)
    page = draft_page(draft=draft)
    form = PublishForm(request.POST, threads=page.threads)
    if form.is_valid():
        try:
            version = services.draft_publish(
                draft=draft,
                published_by=request.user,
                change_note=form.cleaned_data["change_note"],
                is_major=form.is_major,
                resolves=form.cleaned_data["resolves"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {version.number} is published.")
            return redirect(version)
    return _draft_page(request, page, form, status=400)


@staff_required
@require_POST
def discard(request):
    draft = current_draft()
    if draft is None:
        return _no_draft(request)
    try:
        services.draft_discard(draft=draft, discarded_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The draft is discarded. The published versions are as they were."
        )
    return redirect("pillars:draft")
