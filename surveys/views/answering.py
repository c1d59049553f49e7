"""Answering the survey: start with an email, page by page, review, submit, thank you.

Typing an address proves nothing, so without an account the start page only emails that
address a link: the link opens the survey and confirms the address (surveys.services).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from alliance.ratelimit import client_ip
from surveys import selectors, services
from surveys.access import (
    ResumeLinkInvalid,
    get_response_for_respondent,
    get_response_for_resume_link,
    get_wave_for_user,
    grant_response_access,
)
from surveys.forms import FreshLinkForm, StartForm, SurveyPageForm


def index(request):
    context = {"waves": selectors.open_waves(), "published": selectors.waves_with_results()}
    return render(request, "surveys/index.html", context)


def _closed_page(request, wave):
    return render(request, "surveys/not_open.html", {"wave": wave})


def _next_step(response):
    wave = response.wave
    if response.is_submitted:
        return reverse("surveys:done", args=[wave.slug])
    return reverse("surveys:page", args=[wave.slug, response.last_page])


def start(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    if not wave.accepting_answers:
        return _closed_page(request, wave)
    mine = get_response_for_respondent(request=request, wave=wave)
    if mine is not None:
        return redirect(_next_step(mine))
    if request.method == "POST" and request.user.is_authenticated:
        return _start_as_account(request, wave)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Whether the address is new, has a response, or is over a rate limit, the page is
        # the same, and the work done before it is (an email enqueued, or nothing): this page
        # must not tell who took part.
        services.response_request_link(
            wave=wave, email=email, client=client_ip(request), start=True
        )
        return render(request, "surveys/check_inbox.html", {"wave": wave, "email": email})
    pages = list(selectors.wave_pages(wave=wave))
    return render(request, "surveys/start.html", {"wave": wave, "form": form, "pages": pages})


def _start_as_account(request, wave):
    """A signed-in person answers as their account: its verified address confirms it."""
    response, created = services.response_start(
        wave=wave, email=request.user.email, user=request.user
    )
    grant_response_access(request, response)
    if created:
        services.response_send_resume_link(response=response)
    return redirect(_next_step(response))


def _fresh_link_page(request, wave, *, form=None, reason=None, sent=False, status=200):
    context = {
        "wave": wave,
        "form": form or FreshLinkForm(),
        "reason": reason,
        "sent": sent,
        # Someone who opens a dead link in the browser they answered in needs no email.
        "mine": None if sent else get_response_for_respondent(request=request, wave=wave),
    }
    if context["mine"] is not None:
        context["mine_url"] = _next_step(context["mine"])
    return render(request, "surveys/fresh_link.html", context, status=status)


def resume(request, slug, token):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    try:
        response = get_response_for_resume_link(wave=wave, token=token)
    except ResumeLinkInvalid as problem:
        # Still a 404, as the link points at nothing; but a page that says why and offers a
        # fresh link, not a dead end.
        return _fresh_link_page(request, wave, reason=problem.reason, status=404)
    # The link reached this browser through the address's mailbox: its owner is answering.
    # (A mail scanner that opens it first proves no less, and opens nothing to whoever typed
    # the address on the start page.)
    services.response_confirm_email(response=response)
    grant_response_access(request, response)
    if not wave.accepting_answers and not response.is_submitted:
        return _closed_page(request, wave)
    return redirect(_next_step(response))


def fresh_link(request, slug):
    """Email a fresh link to continue to the address given, if it started this wave.

    The answer is the same page whether it did or not (or was over a rate limit), so this
    form cannot be used to learn who took part.
    """
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    form = FreshLinkForm(request.POST if request.method == "POST" else None)
    if wave.accepting_answers and form.is_valid():
        email = form.cleaned_data["email"]
        services.response_request_link(
            wave=wave, email=email, client=client_ip(request), start=False
        )
        return _fresh_link_page(request, wave, sent=True)
    return _fresh_link_page(request, wave, form=form)


def _own_response_or_start(request, wave):
    response = get_response_for_respondent(request=request, wave=wave)
    if response is None:
        messages.info(request, "Start with your email address, or open the link we emailed you.")
    elif not response.is_confirmed and request.user.is_authenticated:
        # Answered as an account whose address has been verified since it started.
        services.response_confirm_by_account(response=response, user=request.user)
    return response


def _save_page(request, response, *, form, pages, number, going):
    """Save a posted page and go where the respondent asked: back, later, or on (to the next
    page or the review). None when the page has errors and is shown again."""
    wave = response.wave
    valid = form.is_valid()
    index = pages.index(number)
    following = pages[index + 1] if index + 1 < len(pages) else number
    # Whatever is valid is saved even when the page has errors: nothing typed is lost.
    services.response_save_page(
        response=response,
        page=number,
        answers=form.valid_answers(),
        resume_page=following if valid and going == "next" else number,
        questions=form.questions,
    )
    if not valid:
        return None
    if going == "back" and index > 0:
        return redirect("surveys:page", slug=wave.slug, number=pages[index - 1])
    if going == "later":
        return render(request, "surveys/saved.html", {"wave": wave, "response": response})
    if index + 1 < len(pages):
        return redirect("surveys:page", slug=wave.slug, number=following)
    return redirect("surveys:review", slug=wave.slug)


def _response_being_answered(request, slug):
    """(wave, the viewer's response, None) while it can be answered; otherwise (wave, None, the
    page to show instead: the wave closed, the start, or the thank-you page)."""
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    if not wave.accepting_answers:
        return wave, None, _closed_page(request, wave)
    response = _own_response_or_start(request, wave)
    if response is None:
        return wave, None, redirect("surveys:start", slug=wave.slug)
    if response.is_submitted:
        return wave, None, redirect("surveys:done", slug=wave.slug)
    return wave, response, None


def page(request, slug, number):
    wave, response, elsewhere = _response_being_answered(request, slug)
    if elsewhere is not None:
        return elsewhere
    questions_by_page = selectors.wave_pages(wave=wave)
    if number not in questions_by_page:
        raise Http404("This survey has no such page.")
    pages, questions = list(questions_by_page), questions_by_page[number]
    going = request.POST.get("go", "next")
    form = SurveyPageForm(
        request.POST or None,
        questions=questions,
        enforce_required=going == "next",
        # A posted page shows what was posted; only a fresh page needs the saved answers.
        initial={}
        if request.method == "POST"
        else selectors.response_initial(response=response, questions=questions),
    )
    if request.method == "POST":
        onward = _save_page(request, response, form=form, pages=pages, number=number, going=going)
        if onward is not None:
            return onward
    context = {
        "wave": wave,
        "form": form,
        "number": number,
        "position": pages.index(number) + 1,
        "page_count": len(pages),
        "percent": round(100 * pages.index(number) / len(pages)),
        "is_first": number == pages[0],
    }
    return render(request, "surveys/page.html", context)


def review(request, slug):
    wave, response, elsewhere = _response_being_answered(request, slug)
    if elsewhere is not None:
        return elsewhere
    error = None
    if request.method == "POST":
        try:
            services.response_submit(response=response)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            return redirect("surveys:done", slug=wave.slug)
    missing = {question.pk for question in services.missing_answers(response=response)}
    context = {
        "wave": wave,
        "sheet": selectors.response_answer_sheet(response=response),
        "missing": missing,
        "error": error,
    }
    return render(request, "surveys/review.html", context)


def done(request, slug):
    wave = get_wave_for_user(viewer=request.user, slug=slug)
    response = get_response_for_respondent(request=request, wave=wave)
    if response is None or not response.is_submitted:
        return redirect("surveys:start", slug=wave.slug)
    sheet = selectors.response_answer_sheet(response=response)
    groups = next((row for row in sheet if row["question"].key == "working_groups"), None)
    chose_groups = bool(groups and groups["rows"][0]["answer"])
    context = {"wave": wave, "sheet": sheet, "response": response, "chose_groups": chose_groups}
    return render(request, "surveys/done.html", context)
