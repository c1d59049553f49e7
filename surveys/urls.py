from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.start, name="start"),
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
]
