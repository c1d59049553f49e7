"""The library's part of /sitemap.xml (the project's sitemaps are gathered in
alliance/sitemaps.py): every published item, last changed when its text last changed."""

from django.contrib.sitemaps import Sitemap

from library.selectors.reading import sitemap_items


class LibrarySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 1000  # addresses a page: the sitemap index lists one entry a page

    def items(self):
        return sitemap_items()  # a queryset: the paginator counts, then reads one page

    def lastmod(self, item):
        return item.edited_at
