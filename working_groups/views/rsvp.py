"""Answering a call: the RSVP block (on the call's page, swapped in place by htmx, or a page
of its own without JavaScript) and the signed one-click link of the call's emails, which asks
to confirm before it answers (mail scanners open the links they find)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alliance.access import member_required
from members.models import User
from working_groups.access import get_call_for_user
from working_groups.models import Call, Rsvp
from working_groups.rsvp_links import read_rsvp_token
from working_groups.selectors.rsvp import rsvp_block
from working_groups.services.rsvp import rsvp_refusal, rsvp_set
from working_groups.views.common import error_text

BAD_REQUEST, FORBIDDEN, GONE = 400, 403, 410


def _saved_text(result) -> str:
    label = Rsvp.Answer(result.answer).label
    text = f"Saved: {label}" + (
        f" for {len(result.saved)} calls." if len(result.saved) > 1 else "."
    )
    if result.full:
        days = ", ".join(f"{timezone.localtime(call.starts_at):%-d %b}" for call in result.full)
        text += f" Not for these, which are full: {days}."
    return text


@member_required
@require_http_methods(["GET", "POST"])
def call_rsvp(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    error = saved = ""
    if request.method == "POST":
        answer, following = request.POST.get("answer", ""), bool(request.POST.get("following"))
        try:
            result = rsvp_set(
                call=call, user=request.user, answer=answer, following=following,
                membership=membership,
            )  # fmt: skip
        except ValidationError as problem:
            error = error_text(problem)
        else:
            saved = _saved_text(result)
            if not request.htmx:
                messages.success(request, saved)
                return redirect(f"{call.get_absolute_url()}#rsvp")
    block = rsvp_block(call=call, viewer=request.user, membership=membership, error=error)
    block.saved = saved
    context = {"group": call.group, "call": call, "rsvp": block}
    template = (
        "working_groups/calls/_rsvp.html" if request.htmx else "working_groups/calls/rsvp.html"
    )
    # htmx swaps only 2xx answers in (working_groups/_htmx_config.html): its refusal is a 200.
    status = BAD_REQUEST if error and not request.htmx else 200
    return render(request, template, context, status=status)


def _link_page(request, context: dict, status: int = 200):
    return render(request, "working_groups/calls/rsvp_link.html", context, status=status)


@require_http_methods(["GET", "POST"])
def call_rsvp_link(request, slug, call_id, token):
    call = Call.objects.select_related("group").filter(pk=call_id, group__slug=slug).first()
    found = read_rsvp_token(token=token, call_id=call_id) if call is not None else None
    if found is None:
        return _link_page(request, {"problem": "invalid"}, BAD_REQUEST)
    user_id, answer = found
    context = {"call": call, "group": call.group, "label": Rsvp.Answer(answer).label}
    if request.user.is_authenticated and request.user.pk != user_id:
        return _link_page(request, {"problem": "other_member"}, FORBIDDEN)
    if closed := rsvp_refusal(call=call, now=timezone.now()):
        return _link_page(request, {**context, "problem": "closed", "why": closed}, GONE)
    if request.method == "GET":
        return _link_page(request, {**context, "confirm": True})
    user = User.objects.filter(pk=user_id, is_active=True).first()
    try:
        if user is None:
            raise PermissionDenied
        rsvp_set(call=call, user=user, answer=answer)
    except PermissionDenied:
        return _link_page(request, {**context, "problem": "not_member"}, FORBIDDEN)
    except ValidationError as problem:
        return _link_page(request, {**context, "problem": "refused", "why": error_text(problem)})
    return _link_page(request, {**context, "done": True})
