"""Whole-page cache for lesson and quiz-question pages, visitors' and learners', and the pages
a learner alone sees (/progress/).

A page is rendered once per content version (`cached_shell`) with placeholders for the
per-response CSP nonce and CSRF token and a marker in each slot for what is the reader's own:
messages always; a learner's page also their navigation, progress and quiz score (or place in
the attempt). `respond` fills them per request. Anything that changes content calls
`content_changed()`, which moves every key to a new version once its transaction commits; the
cache is shared by every worker (Redis, or files on one machine), so that is immediate
everywhere.

A reader's own parts, and their whole /progress/ page, are kept per version of their records
(`kept_for_learner`; `learner_changed` from the signals in lessons/signals.py,
quizzes/signals.py and kosovo_edu/classrooms/signals.py moves it on) and not past the moment the
clock changes them (`changes_at`), so a learner reading on costs no query but their user's.

Versioned parts (pages, a lesson's quiz) are also kept in each process's memory in front of the
shared cache (`versioned()`): the version is in the key, and with Redis each process hears a new
version announced (lessons/versionfeed.py), so a visitor's page costs no round trip at all and an
edit still reaches every process at once."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
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
from lessons.models.progress import OPENING_RESOLUTION
from lessons.versionfeed import FEED

VERSION_KEY = "content-version"
PAGE_TTL = 120  # seconds


def content_changed() -> None:
    """Lesson pages change when the current transaction commits; a rollback changes nothing.

    Bumping inside the transaction would let a visitor cache the old page under the new
    version until PAGE_TTL runs out.
    """
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    FEED.store(VERSION_KEY, _unused_version())


def _unused_version() -> int:
    """A version no process has seen: after a flush or an eviction of the version key, a
    process's memory may still hold parts of the old versions, which must never match again.
    Two processes bumping at once each write a new one (an increment read by both could be
    made once, leaving a page rendered between the two under the final version)."""
    return time.time_ns() // 1000


def learner_changed(*user_ids: int) -> None:
    """Learners' own records (progress, attempts, name, groups, classes) changed: what is kept
    for them is not used again (``records_changed``)."""
    records_changed(*(learner_key(user_id) for user_id in user_ids))


def learner_key(user_id: int) -> str:
    """The version key of a learner's own records."""
    return f"learner-version:{user_id}"


def records_changed(*keys: str) -> None:
    """The records behind these version keys changed: whatever is kept for them (``kept_for``)
    is not used again. Outside a transaction each key moves on at once. Inside one, a key moves
    on at its first change (so a worker killed between the commit and its callbacks leaves no
    copy kept from before the change) and once more when the transaction commits (for what
    others rendered from the old records meanwhile), however many of its records change: an
    answer (its response, review card and maybe the attempt's end) costs two round trips. What
    the transaction itself renders after a later change moves that key on first."""
    if not keys:
        return
    changed = _Changed.in_this_transaction()
    if changed is None:
        _move_on(keys)
        return
    first = set(keys) - changed.keys
    if first:
        _move_on(first)
    changed.keys.update(first)
    changed.unread.update(set(keys) - first)


def _move_on(keys: Iterable[str]) -> None:
    """The next reader makes a new version (``kept_for``): a deletion costs no more than a file
    removed, where a write of the file cache first lists its directory."""
    cache.delete_many(list(keys))


class _Changed:
    """The version keys a transaction changed, moved on when it commits: its on-commit callback,
    found again among the transaction's callbacks (so a rollback drops it with them)."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.unread: set[str] = set()  # changed again since moved on: before the next render

    def __call__(self) -> None:
        _move_on(self.keys)

    @classmethod
    def in_this_transaction(cls, *, start: bool = True) -> _Changed | None:
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            return None
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, cls):
                return callback
        if not start:
            return None
        changed = cls()
        transaction.on_commit(changed)
        return changed

    @classmethod
    def before_reading(cls, keys: Iterable[str]) -> None:
        """Rendering inside a transaction that changed some of ``keys``: they move on first, so
        nothing rendered from its records is kept under a version that outlives it."""
        changed = cls.in_this_transaction(start=False)
        if changed is not None and (due := changed.unread.intersection(keys)):
            _move_on(due)
            changed.unread -= due


LEARNER_TTL = OPENING_RESOLUTION
"""How long a learner's own part of a page is kept: reading a lesson moves its "last opened"
at this resolution anyway (so a part that records it need not be made more often)."""

type Stamp = tuple[tuple[str, int], ...]


def kept_for_learner[T](request: HttpRequest, name: str, make: Callable[[], T]) -> T:
    """``make()`` (a page or its parts), kept for the signed-in reader (``kept_for`` their
    records) for ``LEARNER_TTL`` at most."""
    user_id = cast(int, request.user.pk)
    return kept_for(request, f"learner:{user_id}:{name}", [learner_key(user_id)], make, LEARNER_TTL)


def kept_for[T](
    request: HttpRequest, name: str, keys: Sequence[str], make: Callable[[], T], ttl: timedelta
) -> T:
    """``make()`` (a page or its parts), kept for this version of the content and of the records
    behind the version ``keys`` (which records they are included): ``ttl`` at most, and never
    past a moment its renderer named with ``changes_at`` (a review falls due, a deadline
    passes). One shared-cache round trip reads the versions and the kept copy together. A
    response (``make`` redirecting) is returned as it is and not kept."""
    _Changed.before_reading(keys)
    key = f"{name}:v{request_content_version(request)}"
    found = cache.get_many([key, *keys])
    stamp = tuple((k, cast(int | None, found.get(k))) for k in keys)
    kept = cast(tuple[Stamp, datetime, T] | None, found.get(key))
    now = timezone.now()
    if kept is not None and kept[0] == stamp and now < kept[1]:  # a kept stamp has no None
        return kept[2]
    filled = _filled(stamp)
    request._changes_at = None  # type: ignore[attr-defined]  # what ``make`` names counts
    made = make()
    latest = now + ttl
    until = min(getattr(request, "_changes_at", None) or latest, latest)
    seconds = math.ceil((until - now).total_seconds())
    if seconds > 0 and not isinstance(made, HttpResponse):
        cache.set(key, (filled, until, made), seconds)
    return made


def _filled(stamp: tuple[tuple[str, int | None], ...]) -> Stamp:
    """Versions for the keys that have none (new, or moved on), stored before anything is
    rendered from their records: a change committed after that moves them on again. Two
    readers filling one key at once each keep their copy under their own version; the one
    stored last wins, the other's copy is made again once, never served stale."""
    missing = [key for key, version in stamp if version is None]
    if not missing:
        return cast(Stamp, stamp)
    version = _unused_version()
    cache.set_many(dict.fromkeys(missing, version), None)
    return tuple((key, version if found is None else found) for key, found in stamp)


def changes_at(request: HttpRequest, when: datetime | None) -> None:
    """What is being rendered for ``request`` changes by itself at ``when`` (the clock, not a
    record, moves it on): ``kept_for`` keeps it no longer."""
    soonest = cast(datetime | None, getattr(request, "_changes_at", None))
    if when is not None and (soonest is None or when < soonest):
        request._changes_at = when  # type: ignore[attr-defined]


def content_version() -> int:
    """The current content version: as Redis announced it to this process (no round trip), or
    read from the cache."""
    return FEED.current(lambda: cast(int, cache.get_or_set(VERSION_KEY, _unused_version, None)))


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
    markers = page_slots(*slots)

    def render() -> tuple[str, Mapping[str, object]]:
        made = context()
        return render_part(request, template, {**made, "slots": markers}), made

    return versioned(request_content_version(request), f"page:{key}", render, page_ttl)


def page_slots(*names: str) -> dict[str, SafeString]:
    """The markers ``respond`` fills, for a page's template to render as ``slots``: each of
    ``names`` and the messages (always: a message is its reader's own)."""
    return {name: _marker(name) for name in (*names, MESSAGES)}


def render_part(request: HttpRequest, template: str, context: Mapping[str, object]) -> SafeString:
    """``template`` rendered for keeping: with the nonce and CSRF placeholders ``respond`` fills."""
    shell = {**context, "csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT}
    return mark_safe(render_to_string(template, shell, request=request))


def rendered_part(
    request: HttpRequest, template: str, context: Mapping[str, object], inputs: tuple[object, ...]
) -> SafeString:
    """``template`` (a part of a page that depends on few values, such as a lesson's progress
    box) rendered once per content version for each value of ``inputs``, which must name
    everything the part shows that is not content: the same inputs, the same HTML."""
    digest = hashlib.blake2b(repr((template, inputs)).encode(), digest_size=16).hexdigest()
    made = versioned(
        request_content_version(request),
        f"part:{digest}",
        lambda: render_part(request, template, context),
    )
    return mark_safe(made)


def account_part(request: HttpRequest) -> SafeString:
    """The signed-in reader's navigation, to keep with the rest of their parts (`learner_key`):
    their name, role and the page's link marked current."""
    return render_part(request, "base.html#account", {})


def respond(
    request: HttpRequest, html: str, parts: Mapping[str, str] | None = None
) -> HttpResponse:
    """A cached shell's response: its slots filled with ``parts`` and this request's messages
    (where the page has their slot: a fragment's wait for a page), nonce and CSRF token, in one
    pass over the page."""
    tokens = {NONCE: str(get_nonce(request)), CSRF: get_token(request)}
    own: dict[str, str | Callable[[], str]] = {
        **{name: _fill(part, tokens) for name, part in (parts or {}).items()},  # a form in one
        **tokens,
        MESSAGES: lambda: _messages(request),
    }
    return HttpResponse(_fill(html, own))


def with_parts(html: str, parts: Mapping[str, str]) -> str:
    """A cached shell with ``parts`` in their slots (the nonce, the CSRF token and messages
    still to fill: ``respond``)."""
    return _fill(html, parts)


MESSAGES, NONCE, CSRF = "messages", "nonce", "csrf"
_SLOT = re.compile(r"<!--slot:(\w+)-->")  # a literal start: found as fast as str.find


def _marker(slot: str) -> SafeString:
    return mark_safe(f"<!--slot:{slot}-->")  # nh3 drops comments from lessons: never in content


NONCE_SLOT, CSRF_SLOT = _marker(NONCE), _marker(CSRF)  # safe: unescaped in attributes too


def _fill(html: str, values: Mapping[str, str | Callable[[], str]]) -> str:
    """``html`` with each slot named in ``values`` filled (a callable asked only if its slot is
    there); the others left for later."""

    def value(found: re.Match[str]) -> str:
        filled = values.get(found[1], found[0])
        return filled() if callable(filled) else filled

    return _SLOT.sub(value, html)


def _messages(request: HttpRequest) -> str:
    if not len(get_messages(request)):
        return ""
    return render_to_string("base.html#messages", request=request)
