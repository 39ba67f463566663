"""A persistent PostgreSQL connection is checked before a request uses it (CONN_HEALTH_CHECKS)
without a round trip while it is healthy, and replaced when the server has closed it."""

from __future__ import annotations

import select
import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's backend (kosovo_edu.postgresql); CI's second pass runs it",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def other():
    """A connection of its own, as a worker holds one between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_the_backend_is_in_use():
    assert type(connections["default"]).__module__ == "kosovo_edu.postgresql.base"


def test_a_healthy_connection_is_not_asked(other, monkeypatch):
    def no_round_trip(*args, **kwargs):
        raise AssertionError("the health check asked the server")

    monkeypatch.setattr(type(other.connection), "cursor", no_round_trip)
    assert other.is_usable()


def readable(wrapper, wait: float = 0) -> bool:
    poll = select.poll()
    poll.register(wrapper.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + wait
    while True:
        if poll.poll(50 if wait else 0):
            return True
        if time.monotonic() >= deadline:
            return False


def test_a_connection_the_server_closed_is_replaced(other):
    pid = other.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert readable(other, wait=5)  # the server's goodbye
    assert not other.is_usable()
    other.health_check_enabled, other.health_check_done = True, False
    other.close_if_health_check_failed()
    with other.cursor() as cursor:  # a new connection
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_with_something_to_read_is_asked(other):
    """The server spoke while it sat idle (here a notification it listens for): the check
    asks it, which reads what was said, and the connection is still good."""
    notifier = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("LISTEN health_check_test")
        with notifier.cursor() as cursor:  # autocommit: delivered at once
            cursor.execute("SELECT pg_notify('health_check_test', 'x')")
        assert readable(other, wait=5)
        assert other.is_usable()
        assert not readable(other)
    finally:
        notifier.close()
