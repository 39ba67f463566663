"""Cache-backed throttles: the same code counts in the cache files every worker of one machine
shares, or in Redis (any Django cache works; counts are per cache, so several machines need
Redis).

Two shapes, both values that know their own rule:
- ``Backoff``: failures on a key slow the next try down, doubling the wait after a few free ones.
  Nothing is ever locked for good and no worker sleeps: a try that comes too early is refused
  with "try again in N seconds".
- ``WindowLimit``: at most N events per window on a key (signups per address, wrong old
  passwords per user).

Counts are read and written without a lock: under a burst of parallel requests a few extra tries
may slip through; django-axes' lockout, counted in the database, is the hard limit behind them.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


def now() -> float:
    """The clock the throttles read (tests move it)."""
    return time.time()


def _cache_key(scope: str, ident: str) -> str:
    # Hashed: keys stay short and valid for every backend, and no username sits in Redis.
    return f"throttle:{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}"


@dataclass(frozen=True)
class Backoff:
    """After ``free`` failures on a key, each further try waits 1, 2, 4 … seconds (at most
    ``cap``) after the latest failure; the key is forgotten ``window`` seconds after it."""

    scope: str
    free: int
    cap: int
    window: int = 3600

    def delay(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return min(2 ** (failures - self.free), self.cap)

    def failures(self, ident: str) -> int:
        count, _last = self._state(ident)
        return count

    def wait(self, ident: str) -> int:
        """Seconds before the next try on ``ident`` is accepted; 0 when it may go now."""
        count, last = self._state(ident)
        return max(0, math.ceil(last + self.delay(count) - now()))

    def fail(self, ident: str) -> None:
        count, _last = self._state(ident)
        cache.set(_cache_key(self.scope, ident), (count + 1, now()), self.window)

    def clear(self, ident: str) -> None:
        cache.delete(_cache_key(self.scope, ident))

    def _state(self, ident: str) -> tuple[int, float]:
        state = cache.get(_cache_key(self.scope, ident))
        return state if state else (0, 0.0)


@dataclass(frozen=True)
class WindowLimit:
    """At most ``limit`` events per key in each fixed window of ``window`` seconds."""

    scope: str
    limit: int
    window: int

    def exhausted(self, ident: str) -> bool:
        return int(cache.get(self._bucket(ident), 0)) >= self.limit

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return max(1, math.ceil(self.window - now() % self.window))

    def hit(self, ident: str) -> None:
        bucket = self._bucket(ident)
        cache.add(bucket, 0, self.window)
        try:
            cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, self.window)

    def _bucket(self, ident: str) -> str:
        return f"{_cache_key(self.scope, ident)}:{int(now() // self.window)}"
