"""Reading the library: the list (filters, search, pages) and a published item's page."""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from alliance.pillars import Pillar
from library import notifying
from library.access import can_contribute, get_item_for_reader
from library.models import Item
from library.selectors import reading as selectors
from library.selectors.reading import FilterChoices, Filters


class LibraryFilterForm(forms.Form):
    """The list's filters, read from the query string: a value that cannot be read is named
    at its field and left out, never a server error."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    pillar = forms.ChoiceField(
        label="Pillar", required=False, choices=[("", "Any pillar"), *Pillar.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Articles and links"), *Item.Kind.choices]
    )
    tag = forms.ChoiceField(label="Tag", required=False)
    author = forms.TypedChoiceField(label="Author or curator", required=False, coerce=int)

    def __init__(self, data, *, choices: FilterChoices):
        super().__init__(data)
        self.fields["tag"].choices = [("", "Any tag"), *choices.tags]
        self.fields["author"].choices = [("", "Anyone"), *choices.authors]
        self.fields["author"].empty_value = None

    def filters(self) -> Filters:
        """The filters that could be read; the rest are left out (and named at their field)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()  # cleaned_data then holds the fields that were valid, only those
        chosen = {k: value for k, value in self.cleaned_data.items() if value not in (None, "")}
        if "q" in chosen:
            chosen["q"] = chosen["q"].strip()
        return Filters(**chosen)


def _chosen(form: LibraryFilterForm, kept: dict[str, str]) -> list[dict]:
    """Each chosen filter, named, with the list's address without it (to remove it)."""
    chosen = []
    for name, value in kept.items():
        field = form.fields[name]
        label = f"“{value}”" if name == "q" else dict(field.choices).get(_typed(name, value))
        rest = {key: other for key, other in kept.items() if key != name}
        chosen.append({"field": field.label, "label": label, "remove": "?" + urlencode(rest)})
    return chosen


def _typed(name: str, value: str):
    return int(value) if name == "author" else value


def _feed(title: str, rss: str, atom: str, *args) -> dict:
    return {"title": title, "rss": reverse(rss, args=args), "atom": reverse(atom, args=args)}


def _feeds(filters: Filters, choices: FilterChoices) -> list[dict]:
    """The feeds a list offers: the whole library's, and its pillar's and tag's when filtered."""
    feeds = [_feed("The library", "library:feed_rss", "library:feed_atom")]
    if filters.pillar:
        title = f"The library on {Pillar(filters.pillar).label}"
        feeds.append(
            _feed(title, "library:pillar_feed_rss", "library:pillar_feed_atom", filters.pillar)
        )
    if filters.tag:
        title = f"The library: #{dict(choices.tags).get(filters.tag, filters.tag)}"
        feeds.append(_feed(title, "library:tag_feed_rss", "library:tag_feed_atom", filters.tag))
    return feeds


@require_GET
def index(request):
    choices = selectors.filter_choices(
        tag=request.GET.get("tag", ""), author=request.GET.get("author", "")
    )
    form = LibraryFilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    page = selectors.library_page(filters=filters, page_number=request.GET.get("page"))
    # The filters that were read, in the form's order: the pages' and the chips' addresses.
    kept = {name: str(getattr(filters, name)) for name in form.fields if getattr(filters, name)}
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": urlencode(kept),
        "chosen": _chosen(form, kept),
        "feeds": _feeds(filters, choices),
        "pillar": Pillar(filters.pillar) if filters.pillar else None,
        "can_contribute": can_contribute(request.user),
    }
    return render(request, "library/index.html", context)


@require_GET
def item(request, slug):
    item = get_item_for_reader(slug=slug)
    if item.status == Item.Status.WITHDRAWN:
        return render(request, "library/gone.html", {"item": item}, status=410)
    page = selectors.item_page(item=item)
    notifying.item_seen(user=request.user, item=item)
    # Its authors may withdraw it (and its curator fix its link): their name is on it.
    credited = any(credit.member_id == request.user.pk for credit in page.item.shown_credits)
    context = {"page": page, "credited": request.user.is_authenticated and credited}
    return render(request, "library/item.html", context)
