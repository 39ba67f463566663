"""What Redis announces, so that a request knows it without a round trip: the content version,
and which users' rows changed.

Every process subscribes to two channels: a content change publishes the new version on one, a
change to a user (saved or deleted) the user's id on the other. Before each read the process
takes whatever has arrived on that connection without waiting. An edit reaches every process at
once, as with a read from Redis: the announcement is on each subscriber's socket before the
editor's request has its reply. Without Redis (the file cache), or while the subscription is
down (Redis restarted, a fork), the version is read from the cache and every user from the
database; the next read subscribes again, and nothing heard before the drop is trusted.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CHANNEL = "content-version"
USERS_CHANNEL = "users-changed"
USER_TTL = 60.0
"""How long a process keeps a user's row without hearing of a change: the bound for a change
nothing announced (made in SQL, not through the ORM)."""


class VersionFeed:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one subscription for the threads of a process
        self._pid: int | None = None
        self._subscription: Any = None  # a redis-py PubSub
        self._version: int | None = None
        self._reconnected = False
        self._users: dict[int, tuple[float, Any]] = {}  # {user id: (kept until, row)}
        self._heard = 0  # moves on with every user change heard and every drop
        self._users_channel: bytes | None = None

    def current(self, read: Callable[[], int]) -> int:
        """The version as announced, or ``read()`` from the cache when there is no feed (and
        once when it has just subscribed, to start from)."""
        with self._lock:
            if self._listening():
                if self._version is None:
                    self._version = read()  # subscribed first: nothing after it is missed
                return self._version
        return read()

    def user_row[T](self, user_id: int, load: Callable[[], T | None]) -> T | None:
        """The user's row as this process last had it from ``load()``, while no change to it
        has been announced since (``user_changed``) and for ``USER_TTL`` at most; else
        ``load()`` now. Without a feed, always ``load()``. A row loaded while a change was
        announced is not kept: it may be the old one."""
        with self._lock:
            listening = self._listening()
            kept = self._users.get(user_id)  # none kept while not listening
            if kept is not None and time.monotonic() < kept[0]:
                return kept[1]
            heard = self._heard
        row = load()
        if listening and row is not None:
            with self._lock:
                if self._listening() and self._heard == heard:
                    self._users[user_id] = (time.monotonic() + USER_TTL, row)
        return row

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
            both.publish(_channel(CHANNEL), version)
            both.execute()

    def user_changed(self, user_id: int) -> None:
        """A user's row changed (call it once the change is committed): no process uses its
        copy again. If Redis cannot be told, the others hear of it when their subscription
        notices that Redis is gone (or after ``USER_TTL``); this one drops its copy at once."""
        with self._lock:
            self._users.pop(user_id, None)
            self._heard += 1
        redis = _redis(write=True)
        if redis is None:
            return
        try:
            redis.publish(_channel(USERS_CHANNEL), user_id)
        except (RedisError, OSError):
            log.exception("could not announce a change to user %s", user_id)

    def _listening(self) -> bool:
        """Subscribed (again, when it had dropped) and up to date with what was announced;
        False without Redis, or when it fails (then nothing kept is trusted)."""
        redis = _redis()
        if redis is None:
            return False
        try:
            if self._subscription is None or self._pid != os.getpid():
                self._subscribe(redis)
            self._take_announcements()
            if self._reconnected:  # redis-py subscribed again by itself: some were lost
                self._reconnected = False
                self._forget()
            return True
        except (RedisError, OSError):
            if self._subscription is not None:  # once when it drops, not at each retry
                log.warning("the version feed is down; reading instead", exc_info=True)
            self._drop()
            return False

    def _subscribe(self, redis: Any) -> None:
        self._drop()
        subscription = redis.pubsub()
        subscription.subscribe(_channel(CHANNEL), _channel(USERS_CHANNEL))
        for _ in range(2):  # the confirmations: subscribed to both from here on
            subscription.get_message(timeout=5.0)
        subscription.connection.register_connect_callback(self._on_reconnect)
        self._subscription, self._pid, self._reconnected = subscription, os.getpid(), False
        self._users_channel = _channel(USERS_CHANNEL).encode()

    def _on_reconnect(self, connection: object) -> None:
        self._reconnected = True

    def _take_announcements(self) -> None:
        while (message := self._subscription.get_message(timeout=0.0)) is not None:
            if message["type"] != "message":
                continue
            if message["channel"] == self._users_channel:
                self._users.pop(int(message["data"]), None)
                self._heard += 1
            else:
                self._version = int(message["data"])

    def _forget(self) -> None:
        """What was heard may be incomplete: the version is read again, no user row is kept."""
        self._version, self._users = None, {}
        self._heard += 1

    def _drop(self) -> None:
        if self._subscription is not None and self._pid == os.getpid():
            try:
                self._subscription.close()
            except (RedisError, OSError):  # closing a broken connection
                log.debug("closing the version feed failed", exc_info=True)
        self._subscription, self._pid = None, None
        self._forget()


FEED = VersionFeed()
"""This process's subscription (each gunicorn worker subscribes on its own after the fork)."""


def _redis(*, write: bool = False) -> Any | None:
    """The redis-py client behind the default cache; None for another cache."""
    cache = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=write)


def _channel(name: str) -> str:
    """A channel of this cache's keys: channels are server-wide, a database number is not."""
    redis = _redis()
    database = redis.connection_pool.connection_kwargs.get("db", 0) if redis else 0
    return f"{caches[DEFAULT_CACHE_ALIAS].make_key(name)}:db{database}"
