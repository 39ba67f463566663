"""Whole-page cache for lesson pages, visitors' and learners'.

A lesson page is rendered once per content version (`cached_shell`) with placeholders for the
per-response CSP nonce and CSRF token and a marker in each slot for what is the reader's own:
messages always; a learner's page also their navigation, progress and quiz score. `respond`
fills them per request. Anything that changes content calls `content_changed()`, which moves
every key to a new version once its transaction commits. With a shared cache (REDIS_URL) that
is immediate everywhere; with per-process memory caches another worker may serve the old page
until PAGE_TTL runs out.

Versioned parts (pages, a lesson's quiz) are also kept in each process's memory in front of the
shared cache (`versioned()`): the version is in the key, so a request costs one shared-cache
round trip (reading the version) and an edit still reaches every process at once."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import cast

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

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
    html, _ = cached_shell(request, key, template, context)
    return respond(request, html)


def cached_shell(
    request: HttpRequest,
    key: str,
    template: str,
    context: Callable[[], Mapping[str, object]],
    slots: Iterable[str] = (),
) -> tuple[str, Mapping[str, object]]:
    """``template`` rendered once per content version for everyone the page is cached for, and
    the context it was rendered with. Each of ``slots`` (and "messages": a message is its
    reader's own) is a marker where ``respond`` puts the reader's own part; the templates
    render ``slots.<name>`` there when it is given."""
    markers = {name: _marker(name) for name in (*slots, MESSAGES)}

    def render() -> tuple[str, Mapping[str, object]]:
        made = context()
        shell = {**made, "csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT, "slots": markers}
        return render_to_string(template, shell, request=request), made

    return versioned(request_content_version(request), f"page:{key}", render, page_ttl)


def respond(
    request: HttpRequest, html: str, parts: Mapping[str, str] | None = None
) -> HttpResponse:
    """A cached shell's response: its slots filled with ``parts`` and this request's messages,
    nonce and CSRF token."""
    for name, part in {**(parts or {}), MESSAGES: _messages(request)}.items():
        html = html.replace(_marker(name), part)
    return HttpResponse(fill_slots(html, request))


MESSAGES = "messages"


def _marker(slot: str) -> SafeString:
    return mark_safe(f"<!--slot:{slot}-->")  # nh3 drops comments from lessons: never in content


def _messages(request: HttpRequest) -> str:
    if not len(get_messages(request)):
        return ""
    return render_to_string("base.html#messages", request=request)


def fill_slots(html: str, request: HttpRequest) -> str:
    """HTML rendered with NONCE_SLOT and CSRF_SLOT, with this response's nonce and token."""
    return html.replace(NONCE_SLOT, str(get_nonce(request))).replace(CSRF_SLOT, get_token(request))
