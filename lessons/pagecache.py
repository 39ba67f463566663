"""Whole-page cache for visitors' lesson pages.

A visitor's lesson page is the same for everyone but for the per-response CSP nonce and CSRF
token, so it is rendered once with placeholders for both and filled in per request. Anything
that changes content calls `content_changed()`, which moves every key to a new version once
its transaction commits. With a
shared cache (REDIS_URL) that is immediate everywhere; with per-process memory caches another
worker may serve the old page until PAGE_TTL runs out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

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
        cache.set(VERSION_KEY, 2, None)


def content_version() -> int:
    return cast(int, cache.get_or_set(VERSION_KEY, 1, None))


def render_cached(
    request: HttpRequest, key: str, template: str, context: Callable[[], Mapping[str, object]]
) -> HttpResponse:
    """The page from the cache, or rendered (queries and all) only on a miss."""
    versioned = f"page:{content_version()}:{key}"
    html = cache.get(versioned)
    if html is None:
        slots = {"csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT}
        html = render_to_string(template, {**context(), **slots}, request=request)
        cache.set(versioned, html, PAGE_TTL)
    filled = html.replace(NONCE_SLOT, str(get_nonce(request))).replace(
        CSRF_SLOT, get_token(request)
    )
    return HttpResponse(filled)
