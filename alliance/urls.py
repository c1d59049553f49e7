from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from alliance import sitemaps, views
from working_groups.views.calendars import calendar_feed

# The admin's own login form has none of allauth's rate limits or two-factor step: it sends a
# visitor to the hub's login (with `next` kept), refuses non-staff and lets signed-in staff in.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("groups/", include("working_groups.urls")),
    # A member's personal calendar feed: its secret is the key (calendar apps do not log in).
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("manifesto/", include("pillars.urls")),
    path("library/", include("library.urls")),
    path("notifications/", include("notifications.urls")),
    # Where the pillars lived before the manifesto opened: old links still arrive.
    path("pillars/", RedirectView.as_view(pattern_name="pillars:manifesto", permanent=True)),
    path("survey/", include("surveys.urls")),
    path("dev/mailbox/", views.mailbox, name="dev_mailbox"),
    path("dev/mailbox/<str:email_id>/", views.mailbox_email, name="dev_mailbox_email"),
    path("admin/", admin.site.urls),
]
