"""The portal's Redis cache (aup_portal/cache.py): Django's, reusing one Redis client per
connection pool instead of building one per operation. Against the local Redis."""

import os
import uuid

from aup_portal.cache import RedisCache


def test_redis_cache_reads_back_what_it_wrote_through_one_client():
    # Arrange
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    cache = RedisCache(url, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})

    # Act
    cache.set("answer", {"covered": True}, 30)
    read = cache.get_many(["answer", "missing"])
    cache.delete("answer")

    # Assert
    assert read == {"answer": {"covered": True}}
    assert cache.get("answer") is None
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
