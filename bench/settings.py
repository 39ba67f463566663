"""Production-like settings plus a bare "hello" view, for the benchmarks only: the database and
cache come from the environment (DATABASE_URL, REDIS_URL) like production's; static files are
collected into BENCH_STATIC_ROOT and cache keys carry their own prefix, so a run shares nothing
with a real installation on the same machine."""

import os
from pathlib import Path

from kosovo_edu.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT))  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_KEY_PREFIX", "bench")  # noqa: F405
