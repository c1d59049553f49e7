from django.urls import path

from working_groups import views
from working_groups.views import calendars, call_notes, rsvp
from working_groups.views import calls as call_views

app_name = "working_groups"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("mentions/suggest/", views.mention_suggestions, name="mention_suggestions"),
    path("notifications/", views.my_notifications, name="notifications"),
    path("calendar/", calendars.calendar_settings, name="calendar"),
    path("calendar/rotate/", calendars.calendar_rotate, name="calendar_rotate"),
    path("calendar/revoke/", calendars.calendar_revoke, name="calendar_revoke"),
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
    path("<slug:slug>/calls/", call_views.calls, name="calls"),
    path("<slug:slug>/calls/new/", call_views.call_new, name="call_new"),
    path("<slug:slug>/calls/<int:call_id>/", call_views.call, name="call"),
    path("<slug:slug>/calls/<int:call_id>/edit/", call_views.call_edit, name="call_edit"),
    path("<slug:slug>/calls/<int:call_id>/cancel/", call_views.call_cancel, name="call_cancel"),
    path("<slug:slug>/calls/<int:call_id>/rsvp/", rsvp.call_rsvp, name="call_rsvp"),
    path(
        "<slug:slug>/calls/<int:call_id>/rsvp/<str:token>/",
        rsvp.call_rsvp_link,
        name="call_rsvp_link",
    ),
    path("<slug:slug>/calls/<int:call_id>/call.ics", calendars.call_ics, name="call_ics"),
    path("<slug:slug>/calls/series/<int:series_id>.ics", calendars.series_ics, name="series_ics"),
    path("<slug:slug>/calls/<int:call_id>/notes/", call_notes.call_notes, name="call_notes"),
    path(
        "<slug:slug>/calls/<int:call_id>/note-taker/",
        call_notes.call_note_taker,
        name="call_note_taker",
    ),
    path(
        "<slug:slug>/calls/<int:call_id>/actions/<int:item_id>/close/",
        call_notes.call_action_close,
        name="call_action_close",
    ),
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
