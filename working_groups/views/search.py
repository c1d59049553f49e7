"""Search over the groups the viewer reads, and the names the composer suggests."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from alliance.access import member_required
from working_groups import selectors
from working_groups.access import readable_group_ids
from working_groups.forms import SearchForm
from working_groups.models import WorkingGroup
from working_groups.selectors.search import SEARCH_MOST, search_page


@member_required
@require_GET
def search(request):
    readable = set(readable_group_ids(viewer=request.user))
    groups = [g for g in WorkingGroup.objects.order_by("name") if g.pk in readable]
    form = SearchForm(request.GET or None, groups=groups)
    page = None
    if form.is_valid():
        page = search_page(
            viewer=request.user,
            text=form.cleaned_data["q"],
            group_slug=form.cleaned_data["group"],
            tag=form.cleaned_data["tag"].strip().lower(),
            number=request.GET.get("page"),
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "most": SEARCH_MOST,
        "searched": form.is_valid()
        and (form.cleaned_data["q"].strip() or form.cleaned_data["tag"].strip()),
        "tag_suggestions": selectors.popular_tags(viewer=request.user, group_ids=readable),
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
