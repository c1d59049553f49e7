from django.contrib import admin
from django.urls import include, path

from alliance import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("groups/", include("working_groups.urls")),
    path("pillars/", include("pillars.urls")),
    path("survey/", include("surveys.urls")),
    path("dev/mailbox/", views.mailbox, name="dev_mailbox"),
    path("dev/mailbox/<str:email_id>/", views.mailbox_email, name="dev_mailbox_email"),
    path("admin/", admin.site.urls),
]
