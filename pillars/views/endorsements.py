"""Endorsing a version, withdrawing the endorsement, and the list of a version's endorsers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.access import member_required
from pillars import services
from pillars.access import get_published_version
from pillars.selectors.endorsements import endorsers_page
from pillars.selectors.reading import latest_number


def _back(version):
    return redirect(version.get_absolute_url() + "#endorse")


@member_required
@require_POST
def endorse(request, number):
    version = get_published_version(number=number)
    try:
        endorsement = services.endorsement_create(
            version=version,
            member=request.user,
            on_behalf_of_company=request.POST.get("on_behalf_of_company") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(version)
    if endorsement.on_behalf_of:
        messages.success(
            request, f"You endorse {version.label} on behalf of {endorsement.on_behalf_of}."
        )
    else:
        messages.success(request, f"You endorse {version.label} in your own name.")
    return _back(version)


@member_required
@require_POST
def withdraw(request, number):
    version = get_published_version(number=number)
    services.endorsement_withdraw(version=version, member=request.user)
    messages.success(request, f"You withdrew your endorsement of {version.label}.")
    return _back(version)


@require_GET
def endorsers(request, number):
    """Everyone may read who endorsed a version (with the directory's privacy rule)."""
    version = get_published_version(number=number)
    context = {
        "endorsers": endorsers_page(
            version=version,
            page=request.GET.get("page", 1),
            earlier_page=request.GET.get("earlier", 1),
        ),
        "latest_number": latest_number(),
    }
    return render(request, "pillars/endorsers.html", context)
