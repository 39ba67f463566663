"""A Redis database of a test's own, for the tests that need the real Redis."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis


@contextmanager
def own_redis_database(url: str, why: str) -> Iterator[redis.Redis]:
    """The database at ``url``, flushed before and after. The test fails, never skips, when
    Redis is not answering: ``why`` says what it needs it for."""
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(
            f"Redis is not answering at {url}: {why} "
            "(apt-get install -y redis-server, then start it)"
        )
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
