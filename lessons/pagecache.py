"""Whole-page cache for visitors' lesson pages.

A visitor's lesson page is the same for everyone but for the per-response CSP nonce and CSRF
token, so it is rendered once with placeholders for both and filled in per request. Anything
that changes content calls `content_changed()`, which moves every key to a new version once
its transaction commits. With a
shared cache (REDIS_URL) that is immediate everywhere; with per-process memory caches another
worker may serve the old page until PAGE_TTL runs out.

Versioned parts (visitors' pages, the content part of learners' lesson pages, a lesson's quiz)
are also kept in each process's memory in front of the shared cache (`versioned()`): the
version is in the key, so a request costs one shared-cache round trip (reading the version) and
an edit still reaches every process at once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import cast

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from lessons.models import Lesson, Module

VERSION_KEY = "content-version"
PAGE_TTL = 120  # seconds
NONCE_SLOT = "csp-nonce-slot-3f9c"
CSRF_SLOT = "csrf-token-slot-7b21"


def content_changed() -> None:
    """Lesson pages change when the current transaction commits; a rollback changes nothing.

    Bumping inside the transaction would let a visitor cache the old page under the new
    version until PAGE_TTL runs out.
    """
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new value invalidates
        cache.set(VERSION_KEY, _unused_version(), None)


def _unused_version() -> int:
    """A version no process has seen: after a flush or an eviction of the version key, a
    process's memory may still hold parts of the old versions, which must never match again."""
    return time.time_ns() // 1000


def content_version() -> int:
    return cast(int, cache.get_or_set(VERSION_KEY, _unused_version, None))


def request_content_version(request: HttpRequest) -> int:
    """The content version for this whole request: read once, however many parts ask."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()  # type: ignore[attr-defined]
    return cast(int, request._content_version)  # type: ignore[attr-defined]


class _ProcessTier:
    """This process's copies of versioned parts, each with the time its shared copy expires.
    A new version empties it: nothing of an older version is ever looked up again."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.parts: dict[str, tuple[float, object]] = {}

    def get(self, version: int, key: str) -> object | None:
        if version != self.version:
            self.version, self.parts = version, {}
        found = self.parts.get(key)
        if found is None or found[0] <= time.time():
            return None
        return found[1]

    def put(self, key: str, expires: float, value: object) -> None:
        self.parts[key] = (expires, value)


_process_tier = _ProcessTier()


def versioned[T](
    version: int, key: str, make: Callable[[], T], ttl: Callable[[], int] = lambda: PAGE_TTL
) -> T:
    """The part ``key`` of content ``version``: from this process's memory, else from the shared
    cache, else made (and ``ttl()`` asked) and stored in both, where it expires at the same
    moment. ``make`` must not return None."""
    found = _process_tier.get(version, key)
    if found is not None:
        return cast(T, found)
    shared = f"{key}:v{version}"
    stored = cast(tuple[float, T] | None, cache.get(shared))
    if stored is None:
        seconds = ttl()
        stored = (time.time() + seconds, make())
        cache.set(shared, stored, seconds)
    _process_tier.put(key, *stored)
    return stored[1]


def page_ttl() -> int:
    """PAGE_TTL, or less when a scheduled module or lesson comes out sooner: no cached page
    hides it (or lists its module's lessons without it) past its time. One query."""
    modules = Module.objects.scheduled().values_list("publish_at", flat=True)
    lessons = Lesson.objects.scheduled().values_list("publish_at", flat=True)
    times = modules.order_by().union(lessons.order_by()).order_by()
    soonest = min((at for at in times if at is not None), default=None)
    if soonest is None:
        return PAGE_TTL
    return max(1, min(PAGE_TTL, math.ceil((soonest - timezone.now()).total_seconds())))


def render_cached(
    request: HttpRequest, key: str, template: str, context: Callable[[], Mapping[str, object]]
) -> HttpResponse:
    """The page from the cache, or rendered (queries and all) only on a miss."""

    def render() -> str:
        slots = {"csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT}
        return render_to_string(template, {**context(), **slots}, request=request)

    html = versioned(request_content_version(request), f"page:{key}", render, page_ttl)
    return HttpResponse(fill_slots(html, request))


def fill_slots(html: str, request: HttpRequest) -> str:
    """HTML rendered with NONCE_SLOT and CSRF_SLOT, with this response's nonce and token."""
    return html.replace(NONCE_SLOT, str(get_nonce(request))).replace(CSRF_SLOT, get_token(request))
