"""Production-like settings plus a bare "hello" view, for the lesson-page benchmark only."""

from kosovo_edu.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
