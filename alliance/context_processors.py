from django.conf import settings
from django.utils.functional import SimpleLazyObject

from alliance.access import Role, role_of


def site(request):
    match = getattr(request, "resolver_match", None)  # None on a 404
    return {
        "site_url": settings.SITE_URL,
        "debug": settings.DEBUG,
        # Which part of the site the page belongs to, so the navigation can mark it.
        "nav_section": (match.namespace or match.url_name) if match else "",
        # "visitor", "applicant", "member" or "staff"; looked up only if a template asks.
        "viewer_role": SimpleLazyObject(lambda: role_of(request.user).name.lower()),
        "viewer_is_member": SimpleLazyObject(lambda: role_of(request.user) >= Role.MEMBER),
    }
