"""A movable clock for the throttles, and clients that sit behind the school's proxy/NAT."""

import pytest
from django.test import Client

from kosovo_edu.accounts import throttle

SCHOOL_NAT = "203.0.113.7"  # the one public address of a whole school
PROXY = "10.0.0.2"  # the reverse proxy in front of gunicorn


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(throttle, "now", moved)
    return moved


@pytest.fixture
def behind_proxy(settings) -> None:
    settings.PROXY_COUNT = 1


def school_client(address: str = SCHOOL_NAT) -> Client:
    """A browser in the school: the proxy sees the NAT address and forwards it."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
