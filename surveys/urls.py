from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.start, name="start"),
    path("<slug:slug>/continue/", views.fresh_link, name="fresh_link"),
    path("<slug:slug>/continue/<str:token>/", views.resume, name="resume"),
    path("<slug:slug>/page/<int:number>/", views.page, name="page"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/thank-you/", views.done, name="done"),
    path("<slug:slug>/staff/", views.staff_overview, name="staff_overview"),
    path("<slug:slug>/staff/responses.csv", views.export_csv, name="export_csv"),
    path(
        "<slug:slug>/staff/responses/<int:response_id>/delete/",
        views.response_delete,
        name="response_delete",
    ),
    path("<slug:slug>/results/", views.summary, name="results"),
    path("<slug:slug>/results/report/", views.report, name="report"),
    path("<slug:slug>/results/report/<str:token>/", views.personal_report, name="personal_report"),
    path("<slug:slug>/staff/close/", views.wave_close, name="close"),
    path("<slug:slug>/staff/results/compute/", views.results_compute, name="results_compute"),
    path(
        "<slug:slug>/staff/results/<int:snapshot_id>/send/",
        views.results_send,
        name="results_send",
    ),
    path(
        "<slug:slug>/staff/results/<int:snapshot_id>/retry/",
        views.results_retry,
        name="results_retry",
    ),
    path(
        "<slug:slug>/staff/results/<int:snapshot_id>/resend/",
        views.results_resend,
        name="results_resend",
    ),
    path(
        "<slug:slug>/staff/results/<int:snapshot_id>/results.csv",
        views.results_csv,
        name="results_csv",
    ),
]
