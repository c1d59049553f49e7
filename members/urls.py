from django.urls import path

from alliance.views import coming

app_name = "members"
urlpatterns = [
    path("", coming, {"part": "members", "title": "Member directory"}, name="directory"),
]
