"""What changed between any two published versions, section by section."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from pillars.access import get_published_version
from pillars.selectors.compare import compare_versions

VIEWS = ("inline", "side")


@require_GET
def compare(request, a, b):
    """v<a> is the old side and v<b> the new one, as given: comparing a later version with an
    earlier one is allowed (it reads as the changes back), and so is a version with itself."""
    old = get_published_version(number=a)
    new = old if a == b else get_published_version(number=b)
    view = request.GET.get("view")
    context = {
        "comparison": compare_versions(old=old, new=new),
        "view": view if view in VIEWS else "inline",
    }
    return render(request, "pillars/compare.html", context)
