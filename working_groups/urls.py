from django.urls import path

from working_groups import views

app_name = "working_groups"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("mentions/suggest/", views.mention_suggestions, name="mention_suggestions"),
    path("notifications/", views.my_notifications, name="notifications"),
    path("posts/<int:post_id>/", views.post, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/history/", views.post_history, name="post_history"),
    path("posts/<int:post_id>/moderate/", views.post_moderate, name="post_moderate"),
    path("posts/<int:post_id>/react/", views.post_react, name="post_react"),
    path("posts/<int:post_id>/report/", views.post_report, name="post_report"),
    path("posts/<int:post_id>/watch/", views.post_watch, name="post_watch"),
    path("posts/<int:post_id>/replies/", views.reply_create, name="reply_create"),
    path("replies/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("replies/<int:reply_id>/moderate/", views.reply_moderate, name="reply_moderate"),
    path("replies/<int:reply_id>/react/", views.reply_react, name="reply_react"),
    path("replies/<int:reply_id>/report/", views.reply_report, name="reply_report"),
    path("reports/<int:report_id>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("<slug:slug>/", views.group, name="group"),
    path("<slug:slug>/join/", views.group_join, name="join"),
    path("<slug:slug>/leave/", views.group_leave, name="leave"),
    path("<slug:slug>/notifications/", views.group_notifications, name="group_notifications"),
    path("<slug:slug>/posts/new/", views.post_create, name="post_create"),
    path("<slug:slug>/moderation/", views.moderation, name="moderation"),
    path(
        "<slug:slug>/moderation/new-members/",
        views.default_watch_level,
        name="default_watch_level",
    ),
    path(
        "<slug:slug>/requests/<int:membership_id>/decide/",
        views.request_decide,
        name="request_decide",
    ),
]
