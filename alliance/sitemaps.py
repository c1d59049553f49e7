"""/sitemap.xml (django.contrib.sitemaps): the hub's public pages, gathered here because they
come from several apps: the home page and the indexes, the manifesto and each published
version, published library items and published survey results. Nothing members-only.

/sitemap.xml is an index of sections, each at /sitemap.xml?section=<name> (and &p=<page> past
its first page of Sitemap.limit addresses), so no response lists every item: one response's
size and time stay bounded however large the library grows.

Addresses are made from settings.SITE_URL, the hub's one address, not from the Site row or the
host the request came through.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from alliance.emails import absolute
from library.sitemaps import LibrarySitemap
from pillars.selectors.reading import published_versions
from surveys.selectors import waves_with_results


class SiteUrl:
    """Every section's addresses start with settings.SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(SiteUrl, Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "library:index", "working_groups:index"]

    def location(self, name):
        return reverse(name)


class ManifestoSitemap(SiteUrl, Sitemap):
    """The manifesto's address (its latest version) and each published version (one query)."""

    changefreq = "monthly"

    def items(self):
        versions = published_versions()
        if not versions:
            return []
        return [("pillars:manifesto", versions[0]), *((None, version) for version in versions)]

    def location(self, entry):
        name, version = entry
        return reverse(name) if name else version.get_absolute_url()

    def lastmod(self, entry):
        return entry[1].published_at


class SurveyResultsSitemap(SiteUrl, Sitemap):
    """The summary of each wave whose results are published (one query)."""

    changefreq = "yearly"

    def items(self):
        return waves_with_results()

    def location(self, wave):
        return reverse("surveys:results", args=[wave.slug])


class LibraryItemsSitemap(SiteUrl, LibrarySitemap):
    pass


SITEMAPS = {
    "pages": PagesSitemap,
    "manifesto": ManifestoSitemap,
    "library": LibraryItemsSitemap,
    "surveys": SurveyResultsSitemap,
}


# The private corners of the hub: sign-in, staff's admin, shared draft previews and the
# manifesto's draft are no search engine's business (each also refuses or hides itself).
ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/library/preview/", "/manifesto/draft/"]


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap_xml(request):
    section = request.GET.get("section")
    if section is None:
        return _index(request)
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    return sitemap(request, sitemaps=SITEMAPS, section=section)


def _index(request):
    """Each section's address and one a page past its first (the library's count: one query).
    Django's index view takes its host from the Site row; these take settings.SITE_URL."""
    entries = []
    for name, section in SITEMAPS.items():
        section = section()
        for page in range(1, section.paginator.num_pages + 1):
            query = {"section": name, **({"p": page} if page > 1 else {})}
            entries.append(SitemapIndexItem(absolute(f"{reverse('sitemap')}?{urlencode(query)}")))
    context = {"sitemaps": entries}
    return TemplateResponse(request, "sitemap_index.xml", context, content_type="application/xml")


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {absolute(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
