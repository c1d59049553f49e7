from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alliance import devmail
from alliance.access import debug_only, staff_required
from alliance.health import health_report
from pillars.selectors.reading import home_manifesto
from working_groups.selectors.calls import my_next_calls


def home(request):
    # The definition and pillars of the latest published manifesto, with the remit figures of
    # the latest results snapshot (never recomputed here).
    context = {"manifesto": home_manifesto(), "next_calls": my_next_calls(viewer=request.user)}
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request):
    healthy, checks = health_report()
    body = {"status": "ok" if healthy else "unavailable"}
    # Which dependency failed, with what error and how fast each answered, maps the insides
    # for an attacker: a load balancer needs only the status code.
    if request.user.is_staff:
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


@debug_only
@staff_required
def mailbox(request):
    return render(
        request,
        "dev/mailbox.html",
        {"emails": devmail.stored_emails(), "email_folder": settings.EMAIL_FILE_PATH},
    )


@debug_only
@staff_required
# A development page that shows each email as it is sent, inline styles and all.
@csp_update({"style-src": ["'self'", "'unsafe-inline'"]})
def mailbox_email(request, email_id):
    stored = devmail.stored_email(email_id=email_id)
    if stored is None:
        raise Http404("No such email in the development mailbox.")
    return render(request, "dev/mailbox_email.html", {"email": stored})
