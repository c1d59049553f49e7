"""Reading the manifesto: the latest version, any earlier one, and the list of versions."""

from django.http import Http404
from django.shortcuts import render

from pillars import notifying, selectors
from pillars.access import can_discuss, can_edit, get_published_version
from pillars.selectors.reading import published_versions, version_page


def _render_version(request, version, latest):
    notifying.version_seen(user=request.user, version=version)
    context = {
        "page": version_page(version=version, viewer=request.user, latest=latest),
        "can_discuss": can_discuss(request.user),
        "can_edit": can_edit(request.user),
    }
    return render(request, "pillars/manifesto.html", context)


def manifesto(request):
    """The latest published version, at the address people share."""
    version = selectors.reading.latest_version()
    if version is None:
        raise Http404("No version of the manifesto has been published yet.")
    return _render_version(request, version, version.number)


def version(request, number):
    return _render_version(
        request, get_published_version(number=number), selectors.reading.latest_number()
    )


def versions(request):
    return render(
        request,
        "pillars/versions.html",
        {"versions": published_versions(), "can_edit": can_edit(request.user)},
    )
