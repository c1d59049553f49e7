from django.urls import path

from alliance.views import coming

app_name = "pillars"
urlpatterns = [
    path("", coming, {"part": "pillars", "title": "The manifesto"}, name="index"),
]
