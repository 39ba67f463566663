"""The file cache's one-pass ``get_many`` finds what Django's, key by key, finds."""

from __future__ import annotations

import os
import time

from django.core.cache.backends.filebased import FileBasedCache

from kosovo_edu.file_cache import ManyFileCache


def test_get_many_finds_what_each_get_finds(tmp_path, monkeypatch):
    cache = ManyFileCache(str(tmp_path), {"KEY_PREFIX": "site"})
    cache.set_many({"learner-version:1": 11, "learner-version:2": 22}, timeout=None)
    cache.set("report", {"html": "<p>kept</p>"}, timeout=60)
    cache.set("soon-gone", 5, timeout=1)
    cache.set("other-version", 7, version=2)
    big = os.urandom(200_000)  # read in several chunks (it does not compress)
    cache.set("big", big)
    keys = ["learner-version:1", "learner-version:2", "report", "soon-gone", "missing", "big"]
    assert cache.get_many(keys) == FileBasedCache.get_many(cache, keys)
    assert cache.get_many(keys) == {
        "learner-version:1": 11,
        "learner-version:2": 22,
        "report": {"html": "<p>kept</p>"},
        "soon-gone": 5,
        "big": big,
    }
    assert cache.get_many(["other-version"]) == {}
    assert cache.get_many(["other-version"], version=2) == {"other-version": 7}

    later = time.time() + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert "soon-gone" not in cache.get_many(keys)
    assert cache.get_many(keys) == FileBasedCache.get_many(cache, keys)
