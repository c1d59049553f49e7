"""The rate limiter every app counts with (alliance.ratelimit): fixed windows in Redis, open
when Redis is not there."""

import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from alliance import ratelimit


def test_a_bucket_allows_its_limit_in_a_window_then_refuses():
    allowed = [ratelimit.allow(bucket="test:a", limit=3, window=3600) for _ in range(5)]
    assert allowed == [True, True, True, False, False]


def test_buckets_are_counted_apart():
    for _ in range(3):
        ratelimit.allow(bucket="test:a", limit=3, window=3600)
    assert not ratelimit.allow(bucket="test:a", limit=3, window=3600)
    assert ratelimit.allow(bucket="test:b", limit=3, window=3600)


def test_a_new_window_starts_counting_again(monkeypatch):
    now = [7200.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.allow(bucket="test:a", limit=1, window=3600)
    assert not ratelimit.allow(bucket="test:a", limit=1, window=3600)
    now[0] += 3600
    assert ratelimit.allow(bucket="test:a", limit=1, window=3600)


@pytest.mark.parametrize("error", [RedisConnectionError("refused"), OSError("no route")])
def test_when_the_cache_is_down_it_allows_and_says_so(monkeypatch, caplog, error):
    class DownCache:
        def add(self, *args, **kwargs):
            raise error

        incr = add

    monkeypatch.setattr(ratelimit, "cache", DownCache())
    with caplog.at_level(logging.WARNING, logger="alliance.ratelimit"):
        assert all(ratelimit.allow(bucket="test:a", limit=1, window=60) for _ in range(3))
    assert caplog.records and "cache" in caplog.records[0].getMessage()


def test_the_client_address_is_read_as_allauth_reads_it(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    # No trusted proxy in the test settings: a forwarded header is not believed.
    assert ratelimit.client_ip(request) == "203.0.113.5"
