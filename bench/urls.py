from django.urls import path

from alliance.urls import urlpatterns as site_patterns
from bench.views import bare_feed, plain

urlpatterns = [
    path("bench/bare/<slug:slug>/", bare_feed, name="bench_bare_feed"),
    path("bench/plain/", plain, name="bench_plain"),
    *site_patterns,
]
