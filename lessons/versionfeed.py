"""The content version as Redis announces it, so that a request reads it without a round trip.

Every process subscribes to a channel that a content change publishes the new version on, and
before each read takes whatever has arrived on that connection without waiting. An edit reaches
every process at once, as with a read from Redis: the announcement is on each subscriber's
socket before the editor's request has its reply. Without Redis (the file cache), or while the
subscription is down (Redis restarted, a fork), the version is read from the cache; the next
read subscribes again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CHANNEL = "content-version"


class VersionFeed:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one subscription for the threads of a process
        self._pid: int | None = None
        self._subscription: Any = None  # a redis-py PubSub
        self._version: int | None = None
        self._reconnected = False

    def current(self, read: Callable[[], int]) -> int:
        """The version as announced, or ``read()`` from the cache when there is no feed (and
        once when it has just subscribed, to start from)."""
        redis = _redis()
        if redis is None:
            return read()
        with self._lock:
            try:
                if self._subscription is None or self._pid != os.getpid():
                    self._subscribe(redis)
                    self._version = read()  # subscribed first: nothing after it is missed
                self._take_announcements()
                if self._reconnected:  # redis-py subscribed again by itself: some were lost
                    self._reconnected = False
                    self._version = read()
            except (RedisError, OSError):
                if self._subscription is not None:  # once when it drops, not at each retry
                    log.warning("the content version feed is down; reading it", exc_info=True)
                self._drop()
                return read()
            assert self._version is not None
            return self._version

    def store(self, key: str, version: int) -> None:
        """Make ``version`` current everywhere: stored under ``key`` and, with Redis, announced
        in the same transaction, so every process hears the versions in the order they were
        stored and ends with the one the cache holds."""
        cache = caches[DEFAULT_CACHE_ALIAS]
        redis = _redis(write=True)
        if redis is None:
            cache.set(key, version, None)
            return
        with redis.pipeline(transaction=True) as both:
            both.set(cache.make_and_validate_key(key), version)  # an int is stored as it is
            both.publish(_channel(), version)
            both.execute()

    def _subscribe(self, redis: Any) -> None:
        self._drop()
        subscription = redis.pubsub()
        subscription.subscribe(_channel())
        subscription.get_message(timeout=5.0)  # the confirmation: subscribed from here on
        subscription.connection.register_connect_callback(self._on_reconnect)
        self._subscription, self._pid, self._reconnected = subscription, os.getpid(), False

    def _on_reconnect(self, connection: object) -> None:
        self._reconnected = True

    def _take_announcements(self) -> None:
        while (message := self._subscription.get_message(timeout=0.0)) is not None:
            if message["type"] == "message":
                self._version = int(message["data"])

    def _drop(self) -> None:
        if self._subscription is not None and self._pid == os.getpid():
            try:
                self._subscription.close()
            except (RedisError, OSError):  # closing a broken connection
                log.debug("closing the version feed failed", exc_info=True)
        self._subscription, self._pid, self._version = None, None, None


def _redis(*, write: bool = False) -> Any | None:
    """The redis-py client behind the default cache; None for another cache."""
    cache = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=write)


def _channel() -> str:
    """The channel of this cache's keys: channels are server-wide, a database number is not."""
    redis = _redis()
    database = redis.connection_pool.connection_kwargs.get("db", 0) if redis else 0
    return f"{caches[DEFAULT_CACHE_ALIAS].make_key(CHANNEL)}:db{database}"
