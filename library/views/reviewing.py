"""Staff's review of the library: the queue, one item with what changed and the decision,
withdrawing, featuring, and the pillars' coverage. Times are typed and shown in the staff
member's own time zone (their profile's), and said so on the page."""

import zoneinfo
from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from library.access import can_review, get_item_for_withdrawal, require_reviewer
from library.models import Item
from library.selectors import reviewing as selectors
from library.services import links as link_services
from library.services import reviewing as services

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends (seconds optional)
VIEWS = ("inline", "side")
DECISIONS = [
    ("publish", "Publish now"),
    ("schedule", "Schedule: publish at a set time"),
    ("changes", "Request changes (the note goes to the authors)"),
    ("decline", "Decline (the note goes to the authors)"),
]


def staff_zone(user) -> zoneinfo.ZoneInfo:
    """The staff member's time zone, from their profile; UTC if they have none."""
    try:
        return zoneinfo.ZoneInfo(user.profile.time_zone)
    except (ObjectDoesNotExist, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return zoneinfo.ZoneInfo("UTC")


def _years_ahead(year: int, years: int) -> bool:
    return year > timezone.now().year + years


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)
    publish_at = forms.CharField(
        label="Publish at (for a schedule)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(
        label="Note to the authors",
        required=False,
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required to request changes or decline; optional otherwise.",
    )

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["publish_at"].help_text = f"In your time zone, {zone.key}."

    def clean_publish_at(self):
        typed = self.cleaned_data["publish_at"].strip()
        if not typed:
            return None
        for pattern in (LOCAL_INPUT, LOCAL_INPUT + ":%S"):
            try:
                naive = datetime.strptime(typed, pattern)  # naive: the zone comes next
            except ValueError:
                continue
            if _years_ahead(naive.year, 2):
                raise ValidationError("Choose a time within 2 years.")
            return naive.replace(tzinfo=self.zone)
        raise ValidationError("Give a date and a time, such as 2025-06-03 09:00.")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if (
            decision == "schedule"
            and not data.get("publish_at")
            and "publish_at" not in self.errors
        ):
            self.add_error("publish_at", "Give the date and time to publish at.")
        if decision in ("changes", "decline") and not (data.get("note") or "").strip():
            self.add_error("note", "Write a note: the authors read it beside their text.")
        return data


class FeatureForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("feature", "Feature"), ("unfeature", "Stop featuring")], initial="feature"
    )
    order = forms.IntegerField(
        label="Position",
        min_value=1,
        max_value=services.FEATURED_ORDER_MAX,
        initial=1,
        help_text="1 is shown first among a pillar's featured items.",
    )
    until = forms.DateField(
        label="Featured until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day it is featured; leave empty to feature it until you stop.",
    )

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        if self.data.get("action") == "unfeature":
            self.fields["order"].required = False

    def clean_until(self):
        day = self.cleaned_data["until"]
        if day is None:
            return None
        if _years_ahead(day.year, 5):
            raise ValidationError("Choose a day within 5 years.")
        if day < timezone.localdate(timezone=self.zone):
            raise ValidationError("Choose today or a later day.")
        # Featured through that whole day, in the staff member's time zone.
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=self.zone)


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Why it is withdrawn",
        max_length=services.WITHDRAWN_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Readers who follow a link to it see this note (410 Gone).",
    )


def _review_page(item_id: int) -> selectors.ReviewPage:
    page = selectors.review_page(item_id=item_id)
    if page is None:
        raise Http404("No such item in the library.")
    return page


def _initial_decision(item: Item, zone) -> dict:
    if item.publish_at is None:
        return {}
    return {"publish_at": timezone.localtime(item.publish_at, zone).strftime(LOCAL_INPUT)}


def _review_response(request, page, *, decision_form=None, feature_form=None, status=200):
    zone = staff_zone(request.user)
    item = page.item
    initial_feature = {"order": item.featured_order or 1}
    if item.featured_until:
        last_day = timezone.localtime(item.featured_until, zone) - timedelta(microseconds=1)
        initial_feature["until"] = last_day.date()
    context = {
        "page": page,
        "item": item,
        "zone": zone.key,
        "view": request.GET.get("view") if request.GET.get("view") in VIEWS else "inline",
        "decidable": item.status in services.DECIDABLE,
        "decision_form": decision_form
        or DecisionForm(zone=zone, initial=_initial_decision(item, zone)),
        "feature_form": feature_form or FeatureForm(zone=zone, initial=initial_feature),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "library/review.html", context, status=status)


@require_GET
def queue(request):
    require_reviewer(request.user)
    queue = selectors.review_queue(page_number=request.GET.get("page"))
    context = {"queue": queue, "page": queue.page, "zone": staff_zone(request.user).key}
    return render(request, "library/review_queue.html", context)


@require_GET
def review(request, item_id):
    require_reviewer(request.user)
    return _review_response(request, _review_page(item_id))


def _decide(item: Item, reviewer, data: dict) -> str:
    """Apply the decision; what to tell the staff member."""
    decision, note = data["decision"], data["note"]
    if decision == "publish":
        item = services.item_publish(item=item, reviewer=reviewer, note=note)
        return f"“{item.title}” is published at {item.get_absolute_url()}."
    if decision == "schedule":
        at = data["publish_at"]
        services.item_schedule(item=item, reviewer=reviewer, publish_at=at, note=note)
        return f"“{item.title}” is scheduled for {at:%A %-d %B %Y, %H:%M} ({at.tzinfo})."
    if decision == "changes":
        services.item_request_changes(item=item, reviewer=reviewer, note=note)
        return f"“{item.title}” is back with its authors, with your note."
    services.item_decline(item=item, reviewer=reviewer, note=note)
    return f"“{item.title}” is declined; its authors are told why."


@require_POST
def decide(request, item_id):
    require_reviewer(request.user)
    page = _review_page(item_id)
    form = DecisionForm(request.POST, zone=staff_zone(request.user))
    if form.is_valid():
        try:
            done = _decide(page.item, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("library:review_queue")
    return _review_response(request, page, decision_form=form, status=400)


@require_http_methods(["GET", "POST"])
def withdraw(request, item_id):
    item = get_item_for_withdrawal(user=request.user, item_id=item_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_withdraw(item=item, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{item.title}” is withdrawn; its page now says why.")
            if can_review(request.user):
                return redirect("library:review", item.pk)
            return redirect("library:mine")
    status = 400 if form.errors else 200
    return render(request, "library/withdraw.html", {"item": item, "form": form}, status=status)


@require_POST
def feature(request, item_id):
    require_reviewer(request.user)
    page = _review_page(item_id)
    form = FeatureForm(request.POST, zone=staff_zone(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "unfeature":
                services.item_unfeature(item=page.item, reviewer=request.user)
                done = f"“{page.item.title}” is no longer featured."
            else:
                services.item_feature(
                    item=page.item, reviewer=request.user, order=data["order"], until=data["until"]
                )
                done = f"“{page.item.title}” is featured."
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("library:review", page.item.pk)
    return _review_response(request, page, feature_form=form, status=400)


@require_GET
def coverage(request):
    require_reviewer(request.user)
    context = {
        "pillars": selectors.coverage(),
        "days": selectors.COVERAGE_DAYS,
        "zone": staff_zone(request.user).key,
    }
    return render(request, "library/coverage.html", context)


class LinkFixForm(forms.Form):
    url = forms.CharField(
        label="The link's new address",
        max_length=4000,
        help_text="Where the writing lives now. The weekly check starts again from it.",
    )


@require_http_methods(["GET", "POST"])
def link_fix(request, item_id):
    """Staff and a link's curator point a flagged (or any published) link at its new address."""
    item = get_item_for_withdrawal(user=request.user, item_id=item_id)
    if not item.is_link:
        raise Http404("Only a curated link has an address to fix.")
    form = LinkFixForm(request.POST or None, initial={"url": item.url})
    if request.method == "POST" and form.is_valid():
        try:
            link_services.link_fix(item=item, user=request.user, url=form.cleaned_data["url"])
        except ValidationError as error:
            form.add_error(None, error)  # a message for the address lands at its field
        else:
            messages.success(request, f"“{item.title}” now leads to its new address.")
            return redirect(item.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "library/link_fix.html", {"item": item, "form": form}, status=status)
