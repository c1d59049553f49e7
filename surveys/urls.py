from django.urls import path

from alliance.views import coming

app_name = "surveys"
urlpatterns = [
    path("", coming, {"part": "surveys", "title": "Benchmarking survey"}, name="index"),
]
