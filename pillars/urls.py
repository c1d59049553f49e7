from django.urls import path

from pillars import views

app_name = "pillars"
urlpatterns = [
    path("", views.index, name="index"),
]
