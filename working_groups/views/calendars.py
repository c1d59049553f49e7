"""Calls for calendars: the .ics of one occurrence and of a series (served with the viewer's
access: the join link only to the group's members), and the member's personal feed, whose
secret address is made, rotated and revoked on "Your calendar feed"."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST, require_safe

from alliance.access import is_member, login_required, member_required
from working_groups.access import get_call_for_user, get_series_for_user, sees_join_link
from working_groups.calendars import calendar_bytes
from working_groups.selectors.calendars import (
    feed_calls,
    feed_owner,
    has_calendar_feed,
    series_calls,
)
from working_groups.services.calendar_tokens import calendar_token_revoke, calendar_token_rotate

# Calendar apps poll a subscription every few minutes to hours; a short private cache spares
# the database a burst of polls without keeping a cancellation from them for long.
FEED_MAX_AGE = 300


def _ics(request, content: bytes, *, filename: str, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.ics"'
    # What it holds depends on who asks (the join link): never a shared cache's to keep.
    patch_cache_control(response, private=True, max_age=0 if attachment else FEED_MAX_AGE)
    response["X-Robots-Tag"] = "noindex"
    return response


def _page_url(request):
    return lambda call: request.build_absolute_uri(call.get_absolute_url())


@login_required
@require_safe
def call_ics(request, slug, call_id):
    call, membership = get_call_for_user(viewer=request.user, slug=slug, call_id=call_id)
    join_link = sees_join_link(request.user, call.group, membership)
    content = calendar_bytes(
        [call],
        name=f"{call.title} · {call.group.name}",
        page_url=_page_url(request),
        with_join_link=lambda _: join_link,
    )
    day = call.starts_at.date().isoformat()
    return _ics(request, content, filename=slugify(f"{call.group.slug} {call.title} {day}"))


@login_required
@require_safe
def series_ics(request, slug, series_id):
    series, membership = get_series_for_user(viewer=request.user, slug=slug, series_id=series_id)
    join_link = sees_join_link(request.user, series.group, membership)
    calls = series_calls(series=series)
    title = calls[0].title if calls else "calls"
    content = calendar_bytes(
        calls,
        name=f"{title} · {series.group.name}",
        page_url=_page_url(request),
        with_join_link=lambda _: join_link,
    )
    return _ics(request, content, filename=slugify(f"{series.group.slug} {title} series"))


# HEAD too: some calendar apps ask whether the feed changed before fetching it.
@require_safe
def calendar_feed(request, token):
    """The personal feed: no login (calendar apps have none), the secret is the key. A
    rotated or revoked secret, or one whose owner is no longer a member, finds nothing."""
    user = feed_owner(token=token)
    if user is None or not is_member(user):
        raise Http404("No such calendar.")
    content = calendar_bytes(
        feed_calls(user=user),
        name="Product Ops Alliance calls",
        page_url=_page_url(request),
        # Every call in the feed is of a group the member is active in.
        with_join_link=lambda _: True,
    )
    return _ics(request, content, filename="product-ops-alliance-calls", attachment=False)


def _feed_addresses(request, token: str) -> dict:
    https = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@member_required
@require_GET
def calendar_settings(request):
    context = {"has_feed": has_calendar_feed(user=request.user)}
    return render(request, "working_groups/calendar_feed.html", context)


@member_required
@require_POST
def calendar_rotate(request):
    """A new secret address, shown on this answer alone: only its hash is kept."""
    token = calendar_token_rotate(user=request.user)
    context = {"has_feed": True, "addresses": _feed_addresses(request, token)}
    response = render(request, "working_groups/calendar_feed.html", context)
    # The address is a secret: no cache, no back-button copy.
    patch_cache_control(response, no_store=True, private=True)
    return response


@member_required
@require_POST
def calendar_revoke(request):
    if calendar_token_revoke(user=request.user):
        messages.success(request, "Your calendar feed is off: its address shows nothing now.")
    return redirect("working_groups:calendar")
