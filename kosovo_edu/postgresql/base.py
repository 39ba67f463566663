"""Django's PostgreSQL backend, whose health check (``CONN_HEALTH_CHECKS``, before a request
first uses its persistent connection) asks the server only when the connection has something
to read.

A connection sitting idle between requests has nothing to read unless the server said
something: most often that it is closing it (a restart, an administrator's
``pg_terminate_backend``, an idle timeout), and then the server's message and the end of the
stream are waiting on the socket. Only then is the server asked (``SELECT 1``, as Django
does), so a dead connection is still replaced before the request uses it, while a healthy one
costs a poll of its socket instead of a round trip each request."""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        poll = select.poll()
        poll.register(self.connection.fileno(), select.POLLIN)
        if poll.poll(0):  # the server said something (or hung up): ask it
            return bool(super().is_usable())
        return True
