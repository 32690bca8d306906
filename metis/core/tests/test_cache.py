"""The Redis cache of production (metis.core.cache): one client kept, the cache's behaviour
Django's. Needs Redis on 127.0.0.1:6379 (CI starts it); its database 14 is emptied."""

import socket

import pytest

from metis.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/14"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    cache = RedisCache(URL, {"KEY_PREFIX": "metis-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_the_client_is_built_once(cache):
    first = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client("key") is first


def test_it_caches_as_django_redis_cache_does(cache):
    assert cache.get("a") is None
    cache.set("a", {"figures": [1, 2]}, 60)
    assert cache.get("a") == {"figures": [1, 2]}
    assert cache.add("a", "other") is False and cache.add("b", 1) is True
    assert cache.incr("b") == 2
    cache.set_many({"c": "x", "d": "y"})
    assert cache.get_many(["a", "c", "d", "e"]) == {"a": {"figures": [1, 2]}, "c": "x", "d": "y"}
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
