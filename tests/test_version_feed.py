"""What Redis announces (lessons/versionfeed.py): each process hears a new content version at
once without asking Redis on every request, ends with the version the cache holds, and reads it
from the cache whenever its subscription is down; a user's row is kept until a change to it is
announced, and never across a drop of the subscription."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from lessons.versionfeed import USER_TTL, VersionFeed
from tests.own_redis import own_redis_database

REDIS_URL = "redis://127.0.0.1:6379/14"  # this test's own database: flushed before and after
KEY = "content-version"


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    backend = {"BACKEND": "kosovo_edu.redis_cache.KeptClientRedisCache", "LOCATION": REDIS_URL}
    with (
        own_redis_database(REDIS_URL, "the version is announced there") as client,
        override_settings(CACHES={"default": backend}),
    ):
        yield client
        caches["default"].close()


def _reading(value: int) -> tuple[list[int], object]:
    reads: list[int] = []

    def read() -> int:
        reads.append(value)
        return value

    return reads, read


def _reading_the_cache() -> tuple[list[int], Callable[[], int]]:
    """What a process reads the version with, each value it read kept."""
    reads: list[int] = []

    def read() -> int:
        reads.append(caches["default"].get(KEY))
        return reads[-1]

    return reads, read


def test_a_change_stored_by_one_process_is_heard_by_another_without_a_read(shared_redis):
    here, there = VersionFeed(), VersionFeed()
    reads, read = _reading(1)
    assert here.current(read) == 1
    assert there.current(read) == 1
    assert len(reads) == 2  # each read it once, when it subscribed
    here.store(KEY, 2)
    assert caches["default"].get(KEY) == 2
    assert there.current(read) == 2
    assert here.current(read) == 2
    assert len(reads) == 2


def test_every_process_ends_with_the_version_the_cache_holds(shared_redis):
    feeds = [VersionFeed() for _ in range(3)]
    _, read = _reading(1)
    for feed in feeds:
        feed.current(read)
    for version, storing in zip([5, 3, 9, 7], feeds * 2, strict=False):
        storing.store(KEY, version)  # not in increasing order: the last stored is current
    assert [feed.current(read) for feed in feeds] == [7, 7, 7]
    assert caches["default"].get(KEY) == 7


def test_a_lost_subscription_reads_the_version_and_subscribes_again(shared_redis):
    here, there = VersionFeed(), VersionFeed()
    reads, read = _reading_the_cache()
    here.store(KEY, 1)
    assert there.current(read) == 1
    shared_redis.client_kill_filter(_type="pubsub")  # Redis restarted, a proxy dropped it...
    here.store(KEY, 2)  # announced to nobody
    assert there.current(read) == 2  # the feed noticed it was down: read from the cache
    assert there.current(read) == 2  # subscribed again, and read once to start from
    assert reads == [1, 2, 2]
    here.store(KEY, 3)
    assert there.current(read) == 3  # heard
    assert reads == [1, 2, 2]


def test_a_forked_process_subscribes_on_its_own(shared_redis, monkeypatch):
    feed = VersionFeed()
    reads, read = _reading(4)
    feed.current(read)
    monkeypatch.setattr("os.getpid", lambda: -1)  # a gunicorn worker forked from this one
    assert feed.current(read) == 4
    assert len(reads) == 2


def test_without_redis_the_version_is_read_each_time(settings):
    feed = VersionFeed()
    reads, read = _reading(8)
    assert feed.current(read) == feed.current(read) == 8
    assert len(reads) == 2


def test_a_subscription_redis_py_renews_by_itself_reads_the_version_again(shared_redis):
    """With retries configured, redis-py reconnects and subscribes again inside a read, and
    what was announced meanwhile is lost: the feed reads the version after such a renewal."""
    here, there = VersionFeed(), VersionFeed()
    reads, read = _reading_the_cache()
    here.store(KEY, 1)
    assert there.current(read) == 1
    there._subscription.connection.disconnect()
    here.store(KEY, 2)  # lost
    there._subscription.connection.connect()  # what a retry does: connect, subscribe again
    assert there.current(read) == 2
    assert reads == [1, 2]


# --- users' rows ------------------------------------------------------------------------------


def _loading(row: tuple) -> tuple[list[tuple], Callable[[], tuple]]:
    loads: list[tuple] = []

    def load() -> tuple:
        loads.append(row)
        return row

    return loads, load


def test_a_users_row_is_loaded_once_and_kept(shared_redis):
    feed = VersionFeed()
    loads, load = _loading((1, "ada"))
    assert feed.user_row(1, load) == feed.user_row(1, load) == (1, "ada")
    assert len(loads) == 1


def test_a_change_announced_by_another_process_drops_the_row(shared_redis):
    here, there = VersionFeed(), VersionFeed()
    loads, load = _loading((1, "ada"))
    here.user_row(1, load)
    here.user_row(2, load)
    there.user_changed(1)  # a new password saved through the other process
    here.user_row(1, load)
    assert len(loads) == 3  # loaded again; user 2 was still kept
    here.user_row(1, load)
    assert len(loads) == 3


def test_a_row_loaded_while_a_change_is_announced_is_not_kept(shared_redis):
    here, there = VersionFeed(), VersionFeed()
    loads: list[str] = []

    def load_as_it_changes() -> tuple:
        loads.append("old")
        there.user_changed(1)  # committed while this read was on its way: it may be stale
        return (1, "old")

    here.user_row(1, load_as_it_changes)
    _, load = _loading((1, "new"))
    assert here.user_row(1, load) == (1, "new")


def test_rows_kept_before_the_feed_dropped_are_not_trusted(shared_redis):
    here, there = VersionFeed(), VersionFeed()
    loads, load = _loading((1, "ada"))
    here.user_row(1, load)
    there.user_row(1, load)
    shared_redis.client_kill_filter(_type="pubsub")  # both subscriptions gone
    there.user_changed(1)  # announced to nobody
    here.user_row(1, load)  # noticed the drop: loaded
    here.user_row(1, load)  # subscribed again: loaded once more, then kept
    here.user_row(1, load)
    assert len(loads) == 4


def test_a_row_is_kept_for_user_ttl_at_most(shared_redis, monkeypatch):
    feed = VersionFeed()
    loads, load = _loading((1, "ada"))
    feed.user_row(1, load)
    later = time.monotonic() + USER_TTL + 1
    monkeypatch.setattr("lessons.versionfeed.time.monotonic", lambda: later)
    feed.user_row(1, load)
    assert len(loads) == 2


def test_without_redis_every_row_is_loaded():
    feed = VersionFeed()
    loads, load = _loading((1, "ada"))
    feed.user_row(1, load)
    feed.user_row(1, load)
    feed.user_changed(1)  # nobody to tell: no error
    assert len(loads) == 2
