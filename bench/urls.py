from django.urls import path

from alliance.urls import urlpatterns as site_patterns
from bench.views import bare_feed

urlpatterns = [path("bench/bare/<slug:slug>/", bare_feed, name="bench_bare_feed"), *site_patterns]
