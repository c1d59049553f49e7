"""Redis away does not take the site down: with the cache unreachable, a signed-in member
keeps reading pages (sessions come from PostgreSQL), people can still sign in (allauth's rate
limits fail open), and each skipped cache call is logged."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from alliance import redis_away
from tests.factories import PASSWORD, MemberFactory
from tests.pillars.conftest import founders_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_away(settings):
    # The site's own cache settings, pointed at a port where nothing listens: every call is
    # refused at once. Django's test signals hand the cache handler the new settings.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    }


@pytest.mark.parametrize(
    "name", ["home", "pillars:manifesto", "library:index", "working_groups:index"]
)
def test_a_signed_in_member_reads_pages_while_the_cache_is_away(member_client, cache_away, name):
    founders_version()
    assert member_client.get(reverse(name)).status_code == 200


def test_a_member_signs_in_while_the_cache_is_away(client, cache_away, caplog):
    member = MemberFactory()
    with caplog.at_level(logging.WARNING, logger="alliance.cache"):
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": PASSWORD}
        )
    assert response.status_code == 302
    assert client.get(reverse("members:profile_edit")).status_code == 200
    assert "Redis unreachable" in caplog.text


def test_after_one_failed_call_redis_is_left_alone_for_a_moment(cache_away, caplog):
    """A frozen Redis costs each call its whole timeout: a request makes several (session, rate
    limit, publishing a job), so after one failure the process does not wait on Redis again
    for redis_away.PAUSE seconds (alliance/redis_away.py)."""
    with caplog.at_level(logging.WARNING, logger="alliance.cache"):
        assert cache.get("a") is None
        assert cache.get_many(["b"]) == {}
        assert cache.add("c", 1) is True
    assert caplog.text.count("Redis unreachable") == 1
    assert redis_away.redis_is_away()
    redis_away.redis_back()
    with caplog.at_level(logging.WARNING, logger="alliance.cache"):
        cache.get("a")
    assert caplog.text.count("Redis unreachable") == 2  # tried again once the moment passed
