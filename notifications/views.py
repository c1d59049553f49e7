"""The notification centre: the member's list, opening one, marking them read, the bell's
count for htmx, and staff's reach of what was announced."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from alliance.access import login_required, staff_required
from members.views import unsubscribe_page
from notifications import emails, selectors, services
from notifications.access import get_notification_for_owner
from notifications.forms import FilterForm


def _query(*, kind: str, unread_only: bool) -> str:
    """The filters as a query string, for the page links and the way back after a POST."""
    params = {"kind": kind} if kind else {}
    if unread_only:
        params["unread"] = "1"
    return urlencode(params)


@require_GET
@login_required
def index(request):
    form = FilterForm(request.GET)
    filters = form.filters()
    page = selectors.notification_page(user=request.user, **filters)
    return render(
        request,
        "notifications/index.html",
        {
            "form": form,
            "page": page,
            "kind": filters["kind"],
            "kind_label": selectors.kind_label(filters["kind"]),
            "unread_only": filters["unread_only"],
            "query": _query(kind=filters["kind"], unread_only=filters["unread_only"]),
        },
    )


@require_GET
@login_required
def open_notification(request, notification_id):
    notification = get_notification_for_owner(user=request.user, notification_id=notification_id)
    services.notification_open(notification=notification)
    # Only a path on this site is followed: a stored address never sends a member elsewhere.
    return redirect(selectors.local_path(notification.url) or "notifications:index")


@require_POST
@login_required
def read_all(request):
    filters = FilterForm(request.POST).filters()
    count = services.notifications_read_all(user=request.user, kind=filters["kind"])
    label = selectors.kind_label(filters["kind"]).lower()
    if count:
        of_kind = f" ({label})" if label else ""
        messages.success(request, f"{count} notification{pluralize(count)}{of_kind} marked read.")
    else:
        messages.info(request, "Nothing was unread.")
    query = _query(kind=filters["kind"], unread_only=filters["unread_only"])
    return redirect(reverse("notifications:index") + (f"?{query}" if query else ""))


@require_GET
def bell(request):
    # Polled by every open page: a visitor (or a member signed out in another tab) gets an
    # empty answer, which htmx leaves unswapped, rather than the login page.
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "notifications/_bell_refresh.html")


@require_GET
@staff_required
def reach(request):
    form = FilterForm(request.GET)
    page = selectors.reach_page(number=form.filters()["number"])
    return render(request, "notifications/reach.html", {"page": page})


# Mail clients send the RFC 8058 one click as a POST without a CSRF token: the signed token
# in the URL is what authorizes it (members.views.unsubscribe_page, shared with the kinds').
@csrf_exempt
def unsubscribe(request, token):
    found = emails.read_scope_unsubscribe_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not valid.")
    user_id, scope_key, about = found
    return unsubscribe_page(
        request,
        user_id=user_id,
        what="emails from this group",
        about=about,
        turn_off=lambda: emails.scope_unsubscribe(user_id=user_id, scope_key=scope_key),
        settings_url=reverse("members:email_preferences"),
    )
