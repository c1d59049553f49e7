from django.urls import path

from alliance.views import coming

app_name = "working_groups"
urlpatterns = [
    path("", coming, {"part": "working_groups", "title": "Working groups"}, name="index"),
]
