from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:user_id>/", views.profile, name="profile"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.application_queue, name="application_queue"),
    path(
        "applications/<int:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("settings/email/", views.email_preferences, name="email_preferences"),
    path("settings/delete/", views.account_delete, name="account_delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
