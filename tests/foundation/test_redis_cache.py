"""The portal's Redis cache (network_portal.redis_cache): one client per connection pool,
hiredis's parser, and everything the portal asks of a cache still works."""

import pytest
import redis.utils
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis cache needs Redis")


def test_one_client_serves_every_operation():
    client = cache._cache.get_client()
    cache.set("redis-cache-test", {"a": 1}, 30)
    assert cache.get("redis-cache-test") == {"a": 1}
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client


def test_reads_writes_counters_and_clearing_work():
    cache.clear()
    assert cache.add("counter", 0, 30)
    assert not cache.add("counter", 5, 30)
    assert cache.incr("counter") == 1
    cache.set_many({"a": b"x" * 3_000_000, "b": "zwei"}, 30)
    assert cache.get_many(["a", "b"]) == {"a": b"x" * 3_000_000, "b": "zwei"}
    cache.delete("b")
    assert cache.get("b") is None
    cache.clear()
    assert cache.get("counter") is None


def test_replies_are_parsed_by_hiredis():
    assert redis.utils.HIREDIS_AVAILABLE
